// Passport 1.4 ("Tweener"), the sign-in of MSN 5–7.0 and every Messenger for Mac:
//   1. GET https://nexus.passport.com/rdr/pprdr.asp → PassportURLs header (where DALogin is)
//   2. GET/POST https://<DALogin> with "Authorization: Passport1.4 …sign-in=…,pwd=…"
//      → Authentication-Info with from-PP='t=<ticket>&p=<profile>'
//   3. The client hands t=…&p=… to the NS in "USR n TWN S t=…&p=…", which verifies the ticket.
// Also the small things the clients poke at: the URL-command pages and the connectivity probe.
import { randomBytes } from 'node:crypto';
import type { Core } from '../core/core';
import { authority, httpBase, httpsBase, type HttpExchange, type PublicUrls } from './exchange';
import { parsePassportCredentials } from './passport-header';
import { checkPassword } from '../limits/password-check';
import { refusalReason } from './refusal-note';

/** The service a login2.srf ticket is issued for (the NS's USR TWN S checks it). */
export const MESSENGER_TICKET_SERVICE = 'messenger';

/**
 * The nexus answer. All eight fields in MS-PASS order, ending ConfigVersion=14: Windows MSN
 * only reads DALogin, but Messenger for Mac reportedly refuses anything shorter. DALogin has no
 * scheme (https is implied). None of the values may contain a comma (the list separator).
 *   PassportURLs: DARealm=Passport.Net,DALogin=10.0.0.5/login2.srf,DAReg=https://10.0.0.5/url/REGISTER,…,ConfigVersion=14
 */
export function passportUrls(urls: PublicUrls): string {
  const https = httpsBase(urls);
  return [
    'DARealm=Passport.Net',
    `DALogin=${authority(urls.host, urls.httpsPort, 443)}/login2.srf`,
    `DAReg=${https}/url/REGISTER`,
    `Properties=${https}/url/PROPERTIES`,
    `Privacy=${https}/url/PRIVACY`,
    `GeneralRedir=${httpBase(urls)}/url/REDIR`,
    `Help=${https}/url/HELP`,
    'ConfigVersion=14',
  ].join(',');
}

export function handleNexus(ex: HttpExchange): void {
  ex.reply(200, [
    ['Cache-Control', 'private'],
    ['Content-Type', 'text/html'],
    ['PassportURLs', passportUrls(ex.urls)],
  ]);
}

/**
 * Refusal. MS-PASS: srealm must match the DARealm the client cached, or it treats the answer
 * as a hard error. Real servers also sent cburl=<co-branding image on passportimages.com>;
 * it is optional and we send no address outside this server, so it is left out.
 */
export const LOGIN_FAILED = 'Passport1.4 da-status=failed,srealm=Passport.NET,ts=-1,prompt';

/**
 * DALogin. Success must be 200 with Content-Type text/html (MSN breaks otherwise); the client
 * strips the single quotes around from-PP. ru is the return URL the client itself asked for
 * (OrgURL), an identifier it compares, not a place anyone is sent.
 *   Authentication-Info: Passport1.4 da-status=success,tname=MSPAuth,tname=MSPProf,tname=MSPSec,from-PP='t=…&p=…',ru=http://messenger.msn.com
 */
export async function handleLogin(ex: HttpExchange, core: Core): Promise<void> {
  const creds = parsePassportCredentials(ex.header('authorization'));
  const check = creds ? await checkPassword(core, ex, creds.signIn, creds.password) : undefined;
  const user = check?.ok ? check.user : undefined;
  if (!user) {
    if (!check?.ok && !check?.throttled) {
      ex.note(
        creds
          ? `Passport sign-in refused for ${printable(creds.signIn)}: ${refusalReason(core, creds.signIn)}`
          : 'Passport sign-in refused: no "Authorization: Passport1.4 …sign-in=…,pwd=…" header',
      );
    }
    // A held-back try reads as a failed sign-in to the client (Passport 1.4 has no "wait"); the
    // traffic view and the connection check say it was throttled, and Retry-After how long.
    const wait = check && !check.ok && check.throttled ? [['Retry-After', String(Math.ceil(check.throttled.retryAfterMs / 1000))] as [string, string]] : [];
    ex.reply(401, [['WWW-Authenticate', LOGIN_FAILED], ['Content-Type', 'text/html'], ...wait]);
    return;
  }
  ex.setAccount(user.email);
  const ticket = core.tickets.issue(user.id, MESSENGER_TICKET_SERVICE);
  // p= (MSPProf) is opaque to the clients and checked by nobody; a random value will do.
  const profile = randomBytes(24).toString('base64url');
  ex.reply(200, [
    ['Content-Type', 'text/html'],
    [
      'Authentication-Info',
      `Passport1.4 da-status=success,tname=MSPAuth,tname=MSPProf,tname=MSPSec,from-PP='t=${ticket}&p=${profile}',ru=http://messenger.msn.com`,
    ],
  ]);
}

/**
 * /url/<NAME>: where the NS's URL command (URL 12 MOBILE → URL 12 MOBILE http://us/url/MOBILE)
 * and the nexus links send the user's web browser. Those were Microsoft web sites.
 */
export function handleServiceUrl(ex: HttpExchange): void {
  let name = ex.rawPath.replace(/^\/url\/?/i, '');
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as sent
  }
  name = name.slice(0, 64) || 'This page';
  const safe = escapeHtml(name);
  const html =
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Not available</title></head>' +
    `<body><h1>${safe}</h1><p>${safe} was a Microsoft web service; Butterfly (this LAN server) does not provide it.</p></body></html>\n`;
  ex.reply(200, [['Content-Type', 'text/html; charset=utf-8']], html);
}

/** MSN 7.5+ and WLM POST an empty body to / on the login host to check the port is open. */
export function handleProbe(ex: HttpExchange): void {
  ex.reply(200, []);
}

/** A client-supplied (URL-decoded) value made safe for a one-line tap note. */
function printable(s: string): string {
  return JSON.stringify(s.slice(0, 129)).slice(1, -1);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
