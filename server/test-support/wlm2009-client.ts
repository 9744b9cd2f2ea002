// Signs a scripted Windows Live Messenger 2009 client in (MSNP18, SSO through RST2.srf, a machine
// GUID) so tests can start from a signed-in place; the line-by-line sign-in is asserted in
// server/msnp/ns/wlm2009-signin.test.ts.
import assert from 'node:assert/strict';
import { MsnpTestClient } from './msnp-client';
import { compactToken, postRst, rst2RequestXml, tokenResponses, type WantedToken } from '../http/rst-testkit';
import { path } from '../xml/xml';
import { ssoBlob } from '../msnp/sso';

/** What WLM 2009 (and MSNPSharp 3.0, SingleSignOn.cs) asks RST2.srf for. */
export const WLM2009_TOKENS: WantedToken[] = [
  { address: 'http://Passport.NET/tb' },
  { address: 'messengerclear.live.com', policy: 'MBI_KEY_OLD' },
  { address: 'messenger.msn.com', policy: '?id=507' },
  { address: 'contacts.msn.com', policy: 'MBI' },
  { address: 'messengersecure.live.com', policy: 'MBI_SSL' },
  { address: 'sup.live.com', policy: 'MBI' },
  { address: 'storage.msn.com', policy: 'MBI' },
];

export const WLM2009_CVR = '0x0409 winnt 6.1 i386 MSNMSGR 14.0.8117.0416 msmsgs';
export const WLM2009_CAPS = '2789003324:48';

export interface Wlm2009Tokens {
  ticket: string;
  key: Buffer;
  contacts: string;
}

/** RST2.srf as WLM 2009 asks it: the messengerclear ticket, its proof key and the contacts token. */
export async function rst2Tokens(httpPort: number, email: string, password: string): Promise<Wlm2009Tokens> {
  const { res, doc } = await postRst(httpPort, '/RST2.srf', rst2RequestXml(email, password, WLM2009_TOKENS));
  assert.equal(res.status, 200, `RST2.srf for ${email}`);
  const clear = tokenResponses(doc).find((r) => path(r, 'AppliesTo', 'EndpointReference', 'Address')?.text === 'messengerclear.live.com');
  return {
    ticket: compactToken(doc, 'messengerclear.live.com')!,
    key: Buffer.from(path(clear, 'RequestedProofToken', 'BinarySecret')!.text, 'base64'),
    contacts: compactToken(doc, 'contacts.msn.com')!,
  };
}

export interface Wlm2009Options {
  nsPort: number;
  httpPort: number;
  email: string;
  password: string;
  /** The machine GUID, braced, as WLM sends it: "{765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}". */
  guid: string;
  /** Send the first CHG (and the place's UUX) so the session is live; default true. */
  live?: boolean;
  epName?: string;
  status?: string;
}

/** VER … USR OK … (UUX EndpointData, PrivateEndpointData, CHG); returns the client after the CHG echo. */
export async function signInWlm2009(o: Wlm2009Options): Promise<MsnpTestClient> {
  const c = await MsnpTestClient.connect(o.nsPort);
  c.send('VER 1 MSNP18 MSNP17 CVR0');
  assert.equal(await c.nextLine(), 'VER 1 MSNP18 CVR0');
  c.send(`CVR 2 ${WLM2009_CVR} ${o.email}`);
  await c.until('CVR 2 ');
  c.send(`USR 3 SSO I ${o.email}`);
  const challenge = await c.until('USR 3 SSO S ');
  const nonce = challenge.line.split(' ')[5]!;
  const t = await rst2Tokens(o.httpPort, o.email, o.password);
  c.send(`USR 4 SSO S ${t.ticket} ${ssoBlob(t.key, nonce)} ${o.guid}`);
  assert.equal((await c.until('USR 4 ')).line, `USR 4 OK ${o.email} 1 0`);
  await c.until(`UBX 1:${o.email} 0`);
  if (o.live === false) return c;
  c.sendPayload('UUX 5', `<EndpointData><Capabilities>${WLM2009_CAPS}</Capabilities></EndpointData>`);
  await c.take('UUX 5 0');
  const status = o.status ?? 'NLN';
  c.sendPayload(
    'UUX 6',
    `<PrivateEndpointData><EpName>${o.epName ?? 'PC'}</EpName><Idle>false</Idle><ClientType>1</ClientType><State>${status}</State></PrivateEndpointData>`,
  );
  await c.take('UUX 6 0');
  c.send(`CHG 7 ${status} ${WLM2009_CAPS} 0`);
  await c.take(`CHG 7 ${status} `);
  // The presence burst ends with the place's own UBX (every place of the account).
  await c.take(`UBX 1:${o.email} `);
  return c;
}
