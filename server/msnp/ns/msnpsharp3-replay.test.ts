// What MSNPSharp 3.0 (the real MSNP18 client of ../shared/real-clients) sent against --demo, replayed
// line for line from its traffic log (docs/real-clients.md, "MSNPSharp 3.0 (MSNP18)"): only "MSNP18"
// in VER, a French CVR, the circle ticket back (USR SHA A), UUX documents sent back to back with BLP
// and CHG, its machine GUID in lower case on the switchboard, a self-CAL, then the echo contact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { rst2Tokens } from '../../test-support/wlm2009-client';
import { request } from '../../http/testkit';
import { findContactsPagedBody } from '../../http/soap/ab-requests';
import { soapRequest } from '../../http/soap/soapkit';
import { parseXml, path } from '../../xml/xml';
import { openSwitchboard } from '../../test-support/sb-client';
import { ssoBlob } from '../sso';
import { braced } from '../dialects/msnp16';
import { panelPeerGuid } from '../../core/panel-peer';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer({ demo: true });
  app.sb.switchboards.panel.echo.set(app.core.users.byEmail('online@local')!, true);
});
after(async () => {
  await app.cleanup();
});

const GUID = '3b1af0d4-f2c3-478a-8726-324e0c0a45cc';
const CAPS = '2751496224:48';
const MSNOBJ =
  '%3Cmsnobj%20Creator%3D%22me%40local%22%20Size%3D%227555%22%20Type%3D%223%22%20Location%3D%22dotmsn.png%22%20Friendly%3D%22AAA%3D%22' +
  '%20SHA1D%3D%22oU%2FcaB%2Fp0ac34iO8bH0%2FAQjrCdM%3D%22%20SHA1C%3D%22f9HphpaX%2FM9QAVlNUeq7Ov%2BqLH0%3D%22%2F%3E';
const ADL =
  '<ml l="1"><d n="local"><c n="online" l="3" t="1" /><c n="busy" l="3" t="1" /><c n="idle" l="3" t="1" /><c n="away" l="3" t="1" />' +
  '<c n="brb" l="3" t="1" /><c n="lunch" l="3" t="1" /><c n="phone" l="3" t="1" /><c n="hidden" l="3" t="1" /></d></ml>';
const upper = `{${GUID.toUpperCase()}}`;
const own = (psm: string, state: string) =>
  `<Data><PSM>${psm}</PSM><CurrentMedia></CurrentMedia><MachineGuid>${upper}</MachineGuid><DDP></DDP><SignatureSound></SignatureSound>` +
  `<Scene></Scene><ColorScheme></ColorScheme><EndpointData id="${upper}"><Capabilities>${CAPS}</Capabilities></EndpointData>` +
  `<PrivateEndpointData id="${upper}"><EpName>vm</EpName><Idle>false</Idle><ClientType>1</ClientType><State>${state}</State></PrivateEndpointData></Data>`;

test('MSNPSharp 3.0 signs in, chats with the echo contact and goes Away, line for line', async () => {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP18 CVR0');
  assert.equal(await c.nextLine(), 'VER 1 MSNP18 CVR0');
  c.send('CVR 2 0x040c winnt 5.1 i386 MSNMSGR 14.0.8064.0206 msmsgs me@local');
  assert.match(await c.nextLine(), /^CVR 2 14\.0\.8064\.0206 14\.0\.8064\.0206 14\.0\.8064\.0206 /);
  c.send('USR 3 SSO I me@local');
  await c.until('GCF 0');
  const nonce = (await c.nextLine()).split(' ')[5]!;
  const t = await rst2Tokens(app.ports.http, 'me@local', 'butterfly');
  c.send(`USR 4 SSO S ${t.ticket} ${ssoBlob(t.key, nonce)} {${GUID}}`);
  assert.equal(await c.nextLine(), 'USR 4 OK me@local 1 0');
  assert.equal(await c.nextLine(), 'SBS 0 null');
  assert.match((await c.next()).payload!, /\r\nMPOPEnabled: 1\r\n/);
  assert.equal(await c.nextLine(), 'UBX 1:me@local 0');

  const ab = await request(app.ports.http, {
    method: 'POST',
    path: '/abservice/abservice.asmx',
    headers: { Host: 'contacts.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://www.msn.com/webservices/AddressBook/ABFindContactsPaged"' },
    body: soapRequest(findContactsPagedBody(false), { ticketToken: t.contacts }),
  });
  const ticket = path(parseXml(ab.body), 'Body', 'ABFindContactsPagedResponse', 'ABFindContactsPagedResult', 'CircleResult', 'CircleTicket')!.text;
  c.send(`USR 5 SHA A ${Buffer.from(ticket).toString('base64')}`);
  assert.equal(await c.nextLine(), 'USR 5 OK me@local 0 0');
  c.sendPayload('ADL 6', ADL);
  assert.equal(await c.nextLine(), 'ADL 6 OK');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG 60');
  c.sendPayload('UUX 8', `<EndpointData><Capabilities>${CAPS}</Capabilities></EndpointData>`);
  assert.equal(await c.nextLine(), 'UUX 8 0');
  // Sent back to back, as MSNPSharp does; the answers come in the same order.
  c.sendPayload('UUX 9', '<PrivateEndpointData><EpName>vm</EpName><Idle>false</Idle><ClientType>1</ClientType><State>NLN</State></PrivateEndpointData>');
  c.send('BLP 10 AL');
  c.sendPayload('UUX 11', `<Data><PSM></PSM><CurrentMedia></CurrentMedia><MachineGuid>&#x7B;${GUID}&#x7D;</MachineGuid><SignatureSound></SignatureSound></Data>`);
  c.send(`CHG 12 NLN ${CAPS} ${MSNOBJ}`);
  assert.equal(await c.nextLine(), 'UUX 9 0');
  assert.equal(await c.nextLine(), 'BLP 10 AL');
  assert.equal(await c.nextLine(), 'UUX 11 0');
  assert.equal(await c.nextLine(), `CHG 12 NLN ${CAPS} ${MSNOBJ}`);
  for (const [status, email, name] of [
    ['NLN', 'online', 'Online'], ['BSY', 'busy', 'Busy'], ['IDL', 'idle', 'Idle'], ['AWY', 'away', 'Away'],
    ['BRB', 'brb', 'Brb'], ['LUN', 'lunch', 'Lunch'], ['PHN', 'phone', 'Phone'],
  ]) {
    // MSNPSharp 3.0 speaks P2P v2 with a contact whose ext caps have 0x20 (CanP2PV2): panel-driven contacts do.
    assert.equal(await c.nextLine(), `NLN ${status} 1:${email}@local ${name}%20User 1073741856:32 %3Cmsnobj%2F%3E`);
    assert.match((await c.next()).line, new RegExp(`^UBX 1:${email}@local \\d+$`));
  }
  assert.deepEqual(await c.next(), { line: `UBX 1:me@local ${Buffer.byteLength(own('', 'NLN'))}`, payload: own('', 'NLN') });

  // The switchboard: its GUID in lower case, a self-CAL first, then the echo contact.
  const { sb, usrOk } = await openSwitchboard(c, { handle: `me@local;{${GUID}}`, trid: 13 });
  assert.equal(usrOk, `USR 1 OK me@local;{${GUID}} Me`);
  sb.send('CAL 3 me@local');
  const session = /^CAL 3 RINGING (\d+)$/.exec(await sb.nextLine())![1];
  assert.equal(await sb.nextLine(), `JOI me@local Me ${CAPS}`);
  sb.send('CAL 4 online@local');
  assert.equal(await sb.nextLine(), `CAL 4 RINGING ${session}`);
  // Its JOI resets the contact's caps (SBMessageHandler.OnJOIReceived), so they carry 0x20 here too; the
  // machine GUID line first, as a WLM 2009 contact joins.
  assert.equal(await sb.nextLine(), `JOI online@local;${braced(panelPeerGuid('online@local'))} Online%20User 1073741856:32`);
  assert.equal(await sb.nextLine(), 'JOI online@local Online%20User 1073741856:32');
  const text = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=000000; CS=0; PF=22\r\n\r\nhello from msnpsharp 3';
  sb.sendPayload('MSG 5 N', text);
  assert.match((await sb.next()).line, /^MSG online@local Online%20User \d+$/, 'typing');
  assert.deepEqual(await sb.next(), { line: `MSG online@local Online%20User ${Buffer.byteLength(text)}`, payload: text });

  // Away, with a personal message (MSNPSharp escapes the space as &#x20;).
  c.sendPayload('UUX 14', '<PrivateEndpointData><EpName>vm</EpName><Idle>false</Idle><ClientType>1</ClientType><State>AWY</State></PrivateEndpointData>');
  assert.equal(await c.nextLine(), 'UUX 14 0');
  assert.deepEqual(await c.next(), { line: `UBX 1:me@local ${Buffer.byteLength(own('', 'AWY'))}`, payload: own('', 'AWY') });
  c.send(`CHG 15 AWY ${CAPS} ${MSNOBJ}`);
  assert.equal(await c.nextLine(), `CHG 15 AWY ${CAPS} ${MSNOBJ}`);
  c.sendPayload('UUX 16', `<Data><PSM>wlm&#x20;psm</PSM><CurrentMedia></CurrentMedia><MachineGuid>&#x7B;${GUID}&#x7D;</MachineGuid><SignatureSound></SignatureSound></Data>`);
  await c.until('UUX 16 0');
  assert.deepEqual(await c.next(), { line: `UBX 1:me@local ${Buffer.byteLength(own('wlm psm', 'AWY'))}`, payload: own('wlm psm', 'AWY') });
  const me = app.core.users.byEmail('me@local')!;
  assert.equal(app.core.presence.snapshot(me.id)!.status, 'AWY');
  assert.equal(app.core.users.byId(me.id)!.psm, 'wlm psm');
  sb.close();
  c.close();
});
