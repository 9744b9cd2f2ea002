// RST.srf and RST2.srf: Passport's WS-Trust token service, the SOAP sibling of login2.srf.
// MSN 7.5 (from 7.5.0160) and WLM 8.x POST RST.srf; WLM 2009 POSTs RST2.srf. One request carries
// the password and asks for several tokens at once; the answer gives them in request order:
//   POST /RST.srf  <wsse:Password>…</wsse:Password> … <wsa:Address>messenger.msn.com</wsa:Address> …
//   200 <wst:RequestSecurityTokenResponseCollection>… <wsse:BinarySecurityToken Id="Compact1">t=…&amp;p=…</wsse:BinarySecurityToken>
// msn.com accounts were sent to msnia.login.live.com/ppNNN/RST.srf (pp550, pp600, pp800 …), so
// those paths are answered too; the host name never matters here.
import type { Core } from '../core/core';
import { DEFAULT_TICKET_TTL_MS } from '../core/tickets';
import type { HttpExchange } from './exchange';
import { PASSPORT_FAULT_STATUS, rstAuthFailureDocument, rstInvalidRequestDocument } from './rst-faults';
import { RST2_DIALECT, RST_DIALECT, type TrustDialect } from './rst-namespaces';
import { readRstRequest } from './rst-request';
import { rstSuccessDocument } from './rst-response';
import { issueTokens } from './rst-tokens';
import { checkPassword } from '../limits/password-check';
import { refusalReason } from './refusal-note';

/** Lower-cased request paths (the router lower-cases them): /rst.srf, /rst2.srf, /pp800/rst.srf … */
const RST_PATH = /^\/(?:pp\d{1,4}\/)?(rst2?)\.srf$/;

/** Which WS-Trust dialect a path speaks, or undefined when it isn't a token-service path. */
export function rstDialectFor(path: string): TrustDialect | undefined {
  const m = RST_PATH.exec(path);
  if (!m) return undefined;
  return m[1] === 'rst2' ? RST2_DIALECT : RST_DIALECT;
}

export function isRstPath(path: string): boolean {
  return rstDialectFor(path) !== undefined;
}

export async function handleRst(ex: HttpExchange, core: Core): Promise<void> {
  const d = rstDialectFor(ex.path) ?? RST_DIALECT;
  const answer = (status: number, xml: string) => ex.reply(status, [['Content-Type', d.contentType]], xml);

  const parsed = readRstRequest(ex.body);
  if (!parsed.ok) {
    const what = { refused: 'refused', malformed: 'is not well-formed XML', invalid: 'is not a usable token request' }[parsed.kind];
    ex.note(`${d.endpoint} request ${what}: ${parsed.why}`);
    answer(PASSPORT_FAULT_STATUS, rstInvalidRequestDocument(d, parsed.why));
    return;
  }

  const { username, password, tokens } = parsed.request;
  // Accounts are stored lower-case; clients send the address as the user typed it.
  const check = await checkPassword(core, ex, username.toLowerCase(), password);
  if (!check.ok) {
    // Throttled tries get the same fault (clients know no other); the tap note says "Throttled".
    if (!check.throttled) ex.note(`${d.endpoint} sign-in refused for ${printable(username)}: ${refusalReason(core, username)}`);
    answer(PASSPORT_FAULT_STATUS, rstAuthFailureDocument(d, Date.now()));
    return;
  }
  const user = check.user;
  ex.setAccount(user.email);

  const now = Date.now();
  const issued = issueTokens(core, user.id, tokens, DEFAULT_TICKET_TTL_MS);
  answer(
    200,
    rstSuccessDocument(d, {
      account: { email: user.email, guid: user.guid, friendlyName: user.friendlyName },
      remote: ex.remote,
      created: now,
      expires: issued.expiresAt,
      tokens: issued.tokens,
    }),
  );
}

/** A client-supplied name made safe for a one-line tap note. */
function printable(s: string): string {
  return JSON.stringify(s.slice(0, 129)).slice(1, -1);
}
