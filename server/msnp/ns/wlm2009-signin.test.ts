// Windows Live Messenger 2009 (14.0) signing in against --demo, line by line: it offers only
// "VER 1 MSNP18 MSNP17 CVR0" (a 2009 capture of msnmsgr.exe; the service answered MSNP18), gets its
// tokens from RST2.srf, answers the SSO challenge with its machine GUID, reads ABFindContactsPaged,
// hands back the circle ticket (USR SHA A), sends its initial ADL, its two UUX documents and CHG,
// and then hears each online contact as NLN + UBX with the network id in front ("1:"), its own
// places in its own UBX, and nothing at all for the contact who appears offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { rst2Tokens, WLM2009_CAPS, WLM2009_CVR } from '../../test-support/wlm2009-client';
import { request } from '../../http/testkit';
import { findContactsPagedBody } from '../../http/soap/ab-requests';
import { soapRequest } from '../../http/soap/soapkit';
import { parseXml, path, childrenNamed } from '../../xml/xml';
import { ssoBlob } from '../sso';
import { braced } from '../dialects/msnp16';
import { panelPeerGuid } from '../../core/panel-peer';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer({ demo: true });
});
after(async () => {
  await app.cleanup();
});

const GUID = '{765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}';

/** The demo contacts WLM 2009 sees online, in list order: status, address, name, PSM. */
const ONLINE: [string, string, string, string][] = [
  ['NLN', 'online@local', 'Online%20User', 'Happy to chat!'],
  ['BSY', 'busy@local', 'Busy%20User', 'Deadline today, ping me later'],
  ['IDL', 'idle@local', 'Idle%20User', 'Somewhere near the keyboard'],
  ['AWY', 'away@local', 'Away%20User', 'Gone for a walk'],
  ['BRB', 'brb@local', 'Brb%20User', 'Back in five'],
  ['LUN', 'lunch@local', 'Lunch%20User', 'Pizza time'],
  ['PHN', 'phone@local', 'Phone%20User', 'On a call'],
];

/** MSNPSharp 3.0's initial ADL for the demo: every contact FL+AL (l="3"), network 1. */
const INITIAL_ADL =
  '<ml l="1"><d n="local"><c n="online" l="3" t="1" /><c n="busy" l="3" t="1" /><c n="idle" l="3" t="1" />' +
  '<c n="away" l="3" t="1" /><c n="brb" l="3" t="1" /><c n="lunch" l="3" t="1" /><c n="phone" l="3" t="1" />' +
  '<c n="hidden" l="3" t="1" /></d></ml>';

test('WLM 2009 (MSNP18) signs in: RST2, SSO with its machine GUID, ABFindContactsPaged, SHA A, ADL, CHG, then NLN/UBX per online contact', async () => {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP18 MSNP17 CVR0');
  assert.equal(await c.nextLine(), 'VER 1 MSNP18 CVR0');
  c.send(`CVR 2 ${WLM2009_CVR} me@local`);
  const base = `http://127.0.0.1:${app.ports.http}`;
  assert.equal(await c.nextLine(), `CVR 2 14.0.8117.0416 14.0.8117.0416 14.0.8117.0416 ${base}/url/DOWNLOAD ${base}/`);
  c.send('USR 3 SSO I me@local');
  assert.match((await c.next()).line, /^GCF 0 \d+$/);
  const challenge = /^USR 3 SSO S MBI_KEY_OLD (\S{64})$/.exec(await c.nextLine());
  assert.ok(challenge);

  const tokens = await rst2Tokens(app.ports.http, 'me@local', 'butterfly');
  c.send(`USR 4 SSO S ${tokens.ticket} ${ssoBlob(tokens.key, challenge[1]!)} ${GUID}`);
  assert.equal(await c.nextLine(), 'USR 4 OK me@local 1 0');
  assert.equal(await c.nextLine(), 'SBS 0 null');
  const profile = await c.next();
  assert.match(profile.line, /^MSG Hotmail Hotmail \d+$/);
  assert.match(profile.payload!, /\r\nABCHMigrated: 1\r\nMPOPEnabled: 1\r\n\r\n$/, 'a client with a machine GUID may be in several places');
  assert.deepEqual(await c.next(), { line: 'UBX 1:me@local 0', payload: '' });

  // The address book as WLM 2009 reads it: ABFindContactsPaged, capitalised Groups/Contacts/Ab, a CircleResult.
  const ab = await request(app.ports.http, {
    method: 'POST',
    path: '/abservice/abservice.asmx',
    headers: {
      Host: 'contacts.msn.com',
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"http://www.msn.com/webservices/AddressBook/ABFindContactsPaged"',
    },
    body: soapRequest(findContactsPagedBody(false), { ticketToken: tokens.contacts }),
  });
  assert.equal(ab.status, 200);
  const result = path(parseXml(ab.body), 'Body', 'ABFindContactsPagedResponse', 'ABFindContactsPagedResult');
  const contacts = childrenNamed(path(result, 'Contacts'), 'Contact').map((x) => path(x, 'contactInfo', 'passportName')?.text);
  assert.deepEqual(contacts.sort(), [...ONLINE.map((o) => o[1]), 'hidden@local', 'me@local'].sort());
  const circleTicket = path(result, 'CircleResult', 'CircleTicket')!.text;
  assert.match(circleTicket, /^<\?xml version="1\.0" encoding="utf-16"\?><SignedTicket /);

  // MSNPSharp 3.0 / WLM 2009 hand the circle ticket back, base64 of its text.
  c.send(`USR 5 SHA A ${Buffer.from(circleTicket, 'utf8').toString('base64')}`);
  assert.equal(await c.nextLine(), 'USR 5 OK me@local 0 0');

  c.sendPayload('ADL 6', INITIAL_ADL);
  assert.equal(await c.nextLine(), 'ADL 6 OK');
  c.sendPayload('UUX 7', `<EndpointData><Capabilities>${WLM2009_CAPS}</Capabilities></EndpointData>`);
  assert.equal(await c.nextLine(), 'UUX 7 0');
  c.sendPayload('UUX 8', '<PrivateEndpointData><EpName>OFFICE-PC</EpName><Idle>false</Idle><ClientType>1</ClientType><State>NLN</State></PrivateEndpointData>');
  assert.equal(await c.nextLine(), 'UUX 8 0');
  c.send('BLP 9 AL');
  assert.equal(await c.nextLine(), 'BLP 9 AL');
  c.sendPayload('UUX 10', `<Data><PSM>at work</PSM><CurrentMedia></CurrentMedia><MachineGuid>${GUID}</MachineGuid><SignatureSound></SignatureSound></Data>`);
  assert.equal(await c.nextLine(), 'UUX 10 0');
  c.send(`CHG 11 NLN ${WLM2009_CAPS} 0`);
  assert.equal(await c.nextLine(), `CHG 11 NLN ${WLM2009_CAPS} 0`);

  // Each online contact: NLN (never ILN on MSNP18, no TrID), then its UBX; hidden@local: nothing.
  for (const [status, email, name, psm] of ONLINE) {
    // Panel-driven contacts are WLM 2009 peers that speak P2P v2 (ext caps 0x20) at one stable machine GUID.
    assert.equal(await c.nextLine(), `NLN ${status} 1:${email} ${name} 1073741856:32 %3Cmsnobj%2F%3E`);
    const peer = braced(panelPeerGuid(email));
    const payload =
      `<Data><PSM>${psm}</PSM><CurrentMedia></CurrentMedia><MachineGuid>${peer}</MachineGuid>` +
      '<DDP></DDP><SignatureSound></SignatureSound><Scene></Scene><ColorScheme></ColorScheme>' +
      `<EndpointData id="${peer}"><Capabilities>1073741856:32</Capabilities></EndpointData></Data>`;
    assert.deepEqual(await c.next(), { line: `UBX 1:${email} ${Buffer.byteLength(payload)}`, payload });
  }
  // Then its own UBX: where it is signed in, with the private part only it may see.
  const own =
    `<Data><PSM>at work</PSM><CurrentMedia></CurrentMedia><MachineGuid>${GUID}</MachineGuid>` +
    '<DDP></DDP><SignatureSound></SignatureSound><Scene></Scene><ColorScheme></ColorScheme>' +
    `<EndpointData id="${GUID}"><Capabilities>${WLM2009_CAPS}</Capabilities></EndpointData>` +
    `<PrivateEndpointData id="${GUID}"><EpName>OFFICE-PC</EpName><Idle>false</Idle><ClientType>1</ClientType><State>NLN</State></PrivateEndpointData></Data>`;
  assert.deepEqual(await c.next(), { line: `UBX 1:me@local ${Buffer.byteLength(own)}`, payload: own });
  assert.deepEqual(await c.quiet(200), [], 'nothing about hidden@local');

  // A contact's change arrives in MSNP18 form; going offline is "FLN 1:… 0:0".
  const online = app.core.users.byEmail('online@local')!;
  app.core.directory.setPanelStatus(online.id, 'BSY');
  assert.equal(await c.nextLine(), 'NLN BSY 1:online@local Online%20User 1073741856:32 %3Cmsnobj%2F%3E');
  assert.match((await c.next()).line, /^UBX 1:online@local \d+$/);
  app.core.directory.setPanelStatus(online.id, 'FLN');
  assert.equal(await c.nextLine(), 'FLN 1:online@local 0:0');
  c.send('OUT');
  assert.equal(await c.nextLine(), 'OUT');
  await c.waitClosed();
});

test('MSNP17 alone is spoken too (the lines of MSNP16); WLM 2009 beta offers "MSNP16" and gets it', async () => {
  for (const [offer, agreed] of [['MSNP17 CVR0', 'MSNP17'], ['MSNP16 MSNP15 CVR0', 'MSNP16']]) {
    const c = await MsnpTestClient.connect(app.ports.ns);
    c.send(`VER 1 ${offer}`);
    assert.equal(await c.nextLine(), `VER 1 ${agreed} CVR0`);
    c.close();
  }
});
