// The HTTP(S) front door: one handler for both listeners, routing by path whatever the Host
// header says (every Microsoft host name the clients use resolves to this machine). Paths match
// case-insensitively, as they did on Microsoft's IIS servers (/abservice/SharingService.asmx vs
// /abservice/sharingservice.asmx both occur). Every exchange goes to the traffic tap, and
// nothing a client sends can throw out of here: a bug becomes a recorded 500.
import type http from 'node:http';
import type net from 'node:net';
import type { Core } from '../core/core';
import { newConnId, type TrafficTap } from '../tap/tap';
import { MAX_BODY_BYTES, readBody } from './body';
import { HttpExchange, type PublicUrls } from './exchange';
import { handleLogin, handleNexus, handleProbe, handleServiceUrl } from './passport';
import { handleRst, isRstPath } from './rst';
import { AB_PATH, handleSoap, SHARING_PATH } from './soap/service';
import { handleStorage, STORAGE_PATH } from './storage/storage-service';
import { handleUserTile, USER_TILE_PREFIX } from './storage/user-tile';
import { handleMsgrConfig, MSGR_CONFIG_PATH } from './config/msgr-config';
import { handleStore2, OIM_PATH, storeTooLarge } from './oim/store2';
import { handleRsi, RSI_PATH } from './oim/rsi';

export type { PublicUrls } from './exchange';

export interface HttpDeps {
  core: Core;
  tap: TrafficTap;
  /** Read per request, so a changed public address applies at once. */
  urls: () => PublicUrls;
}

interface Route {
  match: (path: string) => boolean;
  methods: readonly string[];
  handle: (ex: HttpExchange, deps: HttpDeps) => void | Promise<void>;
  /** Answers a body over MAX_BODY_BYTES in the service's own terms (default: a plain 413). */
  tooLarge?: (ex: HttpExchange) => void;
}

const is = (p: string) => (path: string) => path === p;

const ROUTES: readonly Route[] = [
  { match: is('/rdr/pprdr.asp'), methods: ['GET', 'HEAD'], handle: (ex) => handleNexus(ex) },
  // Windows MSN GETs DALogin; Messenger for Mac POSTs it with an empty body (seed 002).
  { match: is('/login2.srf'), methods: ['GET', 'POST'], handle: (ex, d) => handleLogin(ex, d.core) },
  // MSN 7.5 / WLM 8 take their tickets from RST.srf (WS-Trust), WLM 2009 from RST2.srf.
  { match: isRstPath, methods: ['POST'], handle: (ex, d) => handleRst(ex, d.core) },
  { match: (p) => p.startsWith('/url/'), methods: ['GET', 'HEAD', 'POST'], handle: (ex) => handleServiceUrl(ex) },
  { match: is('/'), methods: ['POST'], handle: (ex) => handleProbe(ex) },
  { match: is(AB_PATH), methods: ['POST'], handle: (ex, d) => handleSoap(ex, d.core) },
  { match: is(SHARING_PATH), methods: ['POST'], handle: (ex, d) => handleSoap(ex, d.core) },
  // The roaming profile (WLM 8.5/2009, MSNPSharp) and the pictures it points to.
  { match: is(STORAGE_PATH), methods: ['POST'], handle: (ex, d) => handleStorage(ex, d.core) },
  { match: (p) => p.startsWith(USER_TILE_PREFIX), methods: ['GET', 'HEAD'], handle: (ex, d) => handleUserTile(ex, d.core) },
  // MSN 6+/WLM client configuration (GET with ?op=GetClientConfig, or SOAP POST).
  { match: is(MSGR_CONFIG_PATH), methods: ['GET', 'POST'], handle: (ex) => handleMsgrConfig(ex) },
  // Offline messages: sent to oim.asmx (ows.messenger.msn.com), read from rsi.asmx (rsi.hotmail.com).
  { match: is(OIM_PATH), methods: ['POST'], handle: (ex, d) => handleStore2(ex, d.core), tooLarge: storeTooLarge },
  { match: is(RSI_PATH), methods: ['POST'], handle: (ex, d) => handleRsi(ex, d.core) },
];

export function createHttpHandler(deps: HttpDeps): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  // One tap connection id per TCP connection, so keep-alive requests read as one conversation.
  const connIds = new WeakMap<net.Socket, string>();
  const connOf = (socket: net.Socket) => {
    let id = connIds.get(socket);
    if (!id) connIds.set(socket, (id = newConnId('http')));
    return id;
  };

  return (req, res) => {
    res.on('error', () => {}); // a client that hangs up mid-answer is not our problem
    handle(req, res, deps, connOf).catch((err: unknown) => lastResort(req, res, deps, err));
  };
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  deps: HttpDeps,
  connOf: (s: net.Socket) => string,
): Promise<void> {
  const conn = connOf(req.socket);
  const urls = deps.urls();
  const read = await readBody(req);
  if (read.kind === 'aborted') {
    deps.tap.record({ conn, service: 'HTTP', direction: 'note', line: `${req.method} ${req.url}: client went away while sending` });
    return;
  }
  if (read.kind === 'too-large') {
    const ex = new HttpExchange(req, res, read.head.toString('utf8'), conn, deps.tap, urls);
    ex.note(`request body over ${MAX_BODY_BYTES} bytes refused`);
    const route = ROUTES.find((r) => r.match(ex.path));
    // Connection: close makes Node close the socket once the answer is out.
    if (route?.tooLarge) route.tooLarge(ex);
    else ex.reply(413, [['Content-Type', 'text/plain; charset=utf-8'], ['Connection', 'close']], `Request bodies are limited to ${MAX_BODY_BYTES} bytes.\n`);
    if (!read.drained) res.once('finish', () => req.socket.destroy());
    return;
  }

  const ex = new HttpExchange(req, res, read.body.toString('utf8'), conn, deps.tap, urls);
  try {
    const route = ROUTES.find((r) => r.match(ex.path));
    if (!route) {
      notFound(ex);
    } else if (!route.methods.includes(ex.method)) {
      ex.reply(405, [['Allow', route.methods.join(', ')], ['Content-Type', 'text/plain; charset=utf-8']], `${ex.method} is not used on ${ex.rawPath}.\n`);
    } else {
      await route.handle(ex, deps);
      if (!ex.isReplied) throw new Error(`route for ${ex.rawPath} finished without answering`);
    }
  } catch (err) {
    internalError(ex, err);
  }
}

/** Unknown paths: say plainly that this server doesn't offer it, so a tap reader knows what was asked. */
function notFound(ex: HttpExchange): void {
  ex.note(`no handler for ${ex.method} ${ex.rawPath} (Host: ${ex.header('host') ?? '-'})`);
  ex.reply(
    404,
    [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']],
    `${ex.rawPath.slice(0, 200)} is not a service Butterfly (this LAN Messenger server) provides.\n`,
  );
}

function internalError(ex: HttpExchange, err: unknown): void {
  ex.note(`internal error: ${describe(err)}`, err instanceof Error ? err.stack : undefined);
  if (ex.isReplied || ex.res.headersSent) {
    ex.res.destroy();
    return;
  }
  ex.reply(500, [['Content-Type', 'text/plain; charset=utf-8']], 'Butterfly hit an internal error; it was recorded in the traffic view.\n');
}

/** When even the exchange couldn't be set up: answer 500 by hand and record what we can. */
function lastResort(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDeps, err: unknown): void {
  try {
    deps.tap.record({
      conn: 'http-?',
      service: 'HTTP',
      direction: 'note',
      line: `internal error on ${req.method} ${req.url}: ${describe(err)}`,
      payload: err instanceof Error ? err.stack : undefined,
      remote: req.socket.remoteAddress,
    });
  } catch {
    // nothing more we can do
  }
  try {
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Butterfly hit an internal error.\n');
    } else {
      res.destroy();
    }
  } catch {
    res.destroy();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
