// The Passport and SOAP handlers under fuzzed requests, over a real HTTP connection to a running
// server: login2.srf with any Authorization header, RST.srf/RST2.srf with mutated token requests,
// the address book with any envelope and a genuine, mangled or missing ticket. Each request must
// get an HTTP answer (never a dropped connection), a status the service uses, a SOAP fault for a
// 500, and no "internal error" in the traffic view.
import fc from 'fast-check';
import http from 'node:http';
import type { Butterfly } from '../app';
import { rst2RequestXml, rstRequestXml, WLM_SSO_TOKENS } from '../http/rst-testkit';
import { AB_FIND_ALL_BODY, FIND_MEMBERSHIP_BODY, soapRequest } from '../http/soap/soapkit';

export interface FuzzRequest {
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const printable = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);
const AUTH_BITS = ['Passport1.4 ', 'OrgVerb=GET', 'sign-in=', 'pwd=', 'alice%40lan', 'me@local', 'butterfly', ',', '=', '%', '%E0%A4%A', "'", 'lc=1033', 'id=507'];
const authHeader = fc.oneof(printable, fc.array(fc.constantFrom(...AUTH_BITS), { maxLength: 12 }).map((p) => p.join('')));

/** A genuine document with a slice replaced: close enough to valid to reach deep into the handler. */
function mutate(doc: string): fc.Arbitrary<string> {
  return fc
    .record({ at: fc.nat(), cut: fc.nat({ max: 40 }), put: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('<', '</x>', '&amp;', '&#0;', ']]>', '"')) })
    .map(({ at, cut, put }) => {
      const i = at % (doc.length + 1);
      return doc.slice(0, i) + put + doc.slice(i + cut);
    });
}

export function httpRequests(ticket: () => string): fc.Arbitrary<FuzzRequest> {
  const rst = rstRequestXml('me@local', 'butterfly', WLM_SSO_TOKENS);
  const rst2 = rst2RequestXml('me@local', 'wrong', WLM_SSO_TOKENS);
  const ticketToken = fc.oneof(fc.constant(undefined), fc.constant('genuine'), printable);
  return fc.oneof(
    authHeader.map((a) => ({ path: '/login2.srf', headers: { Authorization: a } })),
    fc.oneof(mutate(rst), fc.string({ maxLength: 200 })).map((body) => ({ path: '/RST.srf', headers: { 'Content-Type': 'text/xml' }, body })),
    mutate(rst2).map((body) => ({ path: '/RST2.srf', headers: { 'Content-Type': 'application/soap+xml' }, body })),
    fc
      .record({ body: fc.oneof(mutate(AB_FIND_ALL_BODY), mutate(FIND_MEMBERSHIP_BODY)), token: ticketToken, action: fc.constantFrom('ABFindAll', 'FindMembership', 'ABContactAdd', 'Nope') })
      .map(({ body, token, action }) => ({
        path: action === 'FindMembership' ? '/abservice/SharingService.asmx' : '/abservice/abservice.asmx',
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"http://www.msn.com/webservices/AddressBook/${action}"` },
        body: soapRequest(body, { ticketToken: token === 'genuine' ? ticket() : token }),
      })),
  );
}

const STATUSES = new Set([200, 400, 401, 403, 404, 405, 411, 413, 415, 500]);

export function sendFuzzRequest(port: number, agent: http.Agent, r: FuzzRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: r.body === undefined ? 'GET' : 'POST', path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Throws when an answer breaks the rules above. */
export async function checkFuzzRequest(app: Butterfly, agent: http.Agent, r: FuzzRequest): Promise<void> {
  const before = app.tap.recent(1)[0]?.seq ?? 0;
  const { status, body } = await sendFuzzRequest(app.ports.http, agent, r);
  if (!STATUSES.has(status)) throw new Error(`${r.path} answered ${status}`);
  if (status === 500 && !/Fault/.test(body)) throw new Error(`${r.path} answered 500 without a SOAP fault: ${body.slice(0, 200)}`);
  const crash = app.tap.recent(50).find((t) => t.seq > before && t.direction === 'note' && /internal error/i.test(t.line));
  if (crash) throw new Error(`${r.path}: ${crash.line}`);
}
