// The panel's loopback transport: REST for scripts, a WebSocket for the UI, and the built UI itself.
// Bound to 127.0.0.1 only; every API call needs the random token; browsers from other origins are refused.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import zlib from 'node:zlib';
import type { Butterfly } from '../app';
import { PanelError } from './contract';
import { createPanelHandlers, type PanelHandlers } from './handlers';
import { attachPanelEvents } from './events';
import { batchEvents } from './event-batch';
import { callOperation } from './call';
import { routeRest } from './rest';
import { decodePathPart } from './decode-path';
import { base64Length, tooLarge, UPLOAD_LIMITS } from './setup-types';
import { isPictureUpload, readPictureUpload } from './picture-upload';

/** Bodies longer than this are compressed. */
const GZIP_FROM_CHARS = 2048;

export interface PanelServer {
  server: http.Server;
  handlers: PanelHandlers;
  closeAll(): void;
}

const MAX_BODY = 64 * 1024;
/**
 * A WebSocket message may carry a dropped Mac executable (base64) up to its limit. ws refuses a
 * bigger frame from its header, before reading it; the page checks the size before sending anyway.
 */
const MAX_WS_MESSAGE = base64Length(UPLOAD_LIMITS.binary) + 64 * 1024;
/** REST uploads: the file itself as the body (curl --data-binary @file). */
const UPLOAD_ROUTES: Record<string, keyof typeof UPLOAD_LIMITS> = { '/api/setup/mac-plist': 'plist', '/api/setup/mac-binary': 'binary' };

export function createPanelServer(opts: { app: Butterfly; token: string; uiDir?: string }): PanelServer {
  const handlers = createPanelHandlers(opts.app);
  const tokenOk = (given: string | null | undefined) => {
    const a = Buffer.from(given ?? '');
    const b = Buffer.from(opts.token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  // Browsers always send Origin on WebSocket upgrades and cross-site requests; scripts (curl) send
  // none. Host is checked too, so a hostile page re-pointing its own name at 127.0.0.1 (DNS
  // rebinding) is refused even for requests where the browser sends no Origin.
  const originOk = (req: http.IncomingMessage) => {
    const port = (req.socket.localPort ?? 0).toString();
    const ours = (v: string | undefined, prefix: string) => v === `${prefix}127.0.0.1:${port}` || v === `${prefix}localhost:${port}`;
    if (!ours(req.headers.host, '')) return false;
    const origin = req.headers.origin;
    return !origin || ours(origin, 'http://');
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (!originOk(req)) return sendJson(res, 403, { error: 'Requests from other web pages are refused.' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        const auth = req.headers.authorization ?? '';
        if (!tokenOk(auth.startsWith('Bearer ') ? auth.slice(7) : undefined)) {
          return sendJson(res, 401, {
            error: 'Missing or wrong token: send "Authorization: Bearer <token>" (the token is in the panel URL).',
          });
        }
        const upload = req.method === 'POST' ? UPLOAD_ROUTES[url.pathname] : undefined;
        const body = upload
          ? { base64: (await readRaw(req, upload)).toString('base64') }
          : isPictureUpload(req.method, url.pathname)
            ? { base64: (await readPictureUpload(req)).toString('base64') }
          : req.method === 'GET' || req.method === 'DELETE'
            ? {}
            : await readJson(req);
        const { status, result, headers } = await routeRest(handlers, req.method ?? 'GET', url, body);
        return sendJson(res, status, result, req.headers['accept-encoding'], headers);
      }
      serveUi(res, url.pathname, opts.uiDir);
    } catch (e) {
      if (e instanceof PanelError) {
        // A refused upload: close instead of reading (and throwing away) the rest of its body.
        if (e.status === 413) res.setHeader('Connection', 'close');
        return sendJson(res, e.status, { error: e.message });
      }
      sendJson(res, 500, { error: `Internal error: ${(e as Error).message}` });
    }
  });

  // Large answers (account lists, history) are deflated; small events are not worth the CPU.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE, perMessageDeflate: { threshold: GZIP_FROM_CHARS } });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ws' || !originOk(req) || !tokenOk(url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, handlers, opts.app));
  });

  return {
    server,
    handlers,
    closeAll() {
      for (const ws of wss.clients) ws.close(1001, 'server stopping');
      server.closeAllConnections();
    },
  };
}

/**
 * One UI connection: {id, op, req} in, {id, ok, res} or {id, ok: false, status, error} out, and
 * {events: [{event, data}, …]} pushed in batches.
 */
function serveSocket(ws: WebSocket, handlers: PanelHandlers, app: Butterfly): void {
  const batcher = batchEvents((events) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ events }));
  });
  const detach = attachPanelEvents(app, batcher.emit);
  ws.on('close', () => {
    detach();
    batcher.close();
  });
  ws.on('error', () => ws.close());
  ws.on('message', async (raw) => {
    let msg: { id?: unknown; op?: unknown; req?: unknown };
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      return ws.send(JSON.stringify({ id: null, ok: false, status: 400, error: 'Messages must be JSON.' }));
    }
    const outcome = await callOperation(handlers, msg.op, msg.req);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id ?? null, ...outcome }));
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, acceptEncoding?: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  // Long lists (10,000 accounts is about 1 MB) go gzipped to clients that accept it.
  if (text.length > GZIP_FROM_CHARS && /\bgzip\b/.test(acceptEncoding ?? '')) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    res.end(zlib.gzipSync(text, { level: 4 }));
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new PanelError(400, `Request bodies are limited to ${MAX_BODY} bytes.`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) resolve(parsed);
        else reject(new PanelError(400, 'The body must be a JSON object.'));
      } catch {
        reject(new PanelError(400, 'The body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

/** An uploaded file, refused from its Content-Length before reading when it is over the limit. */
function readRaw(req: http.IncomingMessage, kind: keyof typeof UPLOAD_LIMITS): Promise<Buffer> {
  const limit = UPLOAD_LIMITS[kind];
  const declared = Number(req.headers['content-length'] ?? NaN);
  // Refused from the header alone; the answer closes the connection, so the body is never read.
  if (declared > limit) return Promise.reject(new PanelError(413, tooLarge(kind, declared)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new PanelError(413, tooLarge(kind, size)));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * The panel page must never be shown inside another page (clickjacking: a hostile page could
 * frame it and trick a click on "Delete account"), so every page answer forbids framing.
 */
const NO_FRAMING = {
  'Content-Security-Policy': "default-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src 'self' data:; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
};

function serveUi(res: http.ServerResponse, pathname: string, uiDir?: string): void {
  const index = uiDir ? path.join(uiDir, 'index.html') : undefined;
  const decoded = decodePathPart(pathname);
  if (!uiDir || !index || !fs.existsSync(index)) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...NO_FRAMING });
    res.end(
      '<!doctype html><title>Butterfly</title><h1>Butterfly is running</h1>' +
        '<p>The control panel\'s interface has not been built. Run <code>npm run build</code> and reload this page. ' +
        'The REST API under <code>/api/</code> works meanwhile.</p>',
    );
    return;
  }
  // Only files inside the UI folder; anything else is the single-page app.
  const rel = path.normalize(decoded).replace(/^([/\\])+/, '');
  let file = path.join(uiDir, rel);
  if (!file.startsWith(path.resolve(uiDir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = index;
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    ...NO_FRAMING,
  });
  fs.createReadStream(file).pipe(res);
}
