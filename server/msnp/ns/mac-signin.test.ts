// Messenger for Mac signing in against --demo, line by line, as in the Mac 8.0.1 write-up
// (seed 002): VER … USR TWN … ADL … CHG -> presence burst … UUX … URL … UUN … PNG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { passportLogin } from '../../test-support/passport-login';
import { legacyHttps } from '../../test-support/legacy-https';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer({ demo: true });
});
after(async () => {
  await app.cleanup();
});

/** The seed's initial ADL: eight contacts, FL+AL, byte-exact (245 bytes). */
const SEED_ADL =
  '<ml l="1"><d n="local"><c n="away" l="3" t="1" /><c n="brb" l="3" t="1" /><c n="busy" l="3" t="1" />' +
  '<c n="hidden" l="3" t="1" /><c n="idle" l="3" t="1" /><c n="lunch" l="3" t="1" /><c n="online" l="3" t="1" />' +
  '<c n="phone" l="3" t="1" /></d></ml>';

const DEMO_BURST: [string, string, string, string][] = [
  ['NLN', 'online@local', 'Online%20User', 'Happy to chat!'],
  ['BSY', 'busy@local', 'Busy%20User', 'Deadline today, ping me later'],
  ['IDL', 'idle@local', 'Idle%20User', 'Somewhere near the keyboard'],
  ['AWY', 'away@local', 'Away%20User', 'Gone for a walk'],
  ['BRB', 'brb@local', 'Brb%20User', 'Back in five'],
  ['LUN', 'lunch@local', 'Lunch%20User', 'Pizza time'],
  ['PHN', 'phone@local', 'Phone%20User', 'On a call'],
];

async function signIn(versions: string, cvrVersion: string, os: string) {
  const c = await MsnpTestClient.connect(app.ports.ns);
  const top = versions.split(' ')[0]!;
  c.send(`VER 1 ${versions} CVR0`);
  assert.equal(await c.nextLine(), `VER 1 ${top} CVR0`);
  c.send(`CVR 2 0x0409 mac ${os} i386 macmsgs ${cvrVersion} macmsgs me@local`);
  const base = `http://127.0.0.1:${app.ports.http}`;
  assert.equal(await c.nextLine(), `CVR 2 ${cvrVersion} ${cvrVersion} ${cvrVersion} ${base}/url/DOWNLOAD ${base}/`);
  c.send('USR 3 TWN I me@local');
  const gcf = await c.next();
  assert.match(gcf.line, /^GCF 0 \d+$/);
  assert.equal(Buffer.byteLength(gcf.payload!), Number(gcf.line.split(' ')[2]));
  assert.match(gcf.payload!, /^<Policies><Policy type="SHIELDS" checksum="[0-9A-F]{32}">/);
  const challenge = await c.nextLine();
  assert.match(challenge, /^USR 3 TWN S ct=\d+,rver=5\.0\.3270\.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,ru=http:%2F%2Fmessenger\.msn\.com,tw=0,kpp=1,kv=4,ver=2\.1\.6000\.1,rn=[\w-]+,tpf=[0-9a-f]{32}$/);
  const login = await passportLogin(app.ports.http, 'me@local', 'butterfly', challenge.slice('USR 3 TWN S '.length));
  assert.equal(login.status, 200);
  c.send(`USR 4 TWN S ${login.fromPP} 235411cb78234a468feb6f1bccca43fd`);
  assert.equal(await c.nextLine(), 'USR 4 OK me@local 1 0');
  assert.equal(await c.nextLine(), 'SBS 0 null');
  const profile = await c.next();
  assert.match(profile.line, /^MSG Hotmail Hotmail \d+$/);
  assert.equal(Buffer.byteLength(profile.payload!), Number(profile.line.split(' ')[3]));
  assert.match(profile.payload!, /^MIME-Version: 1\.0\r\nContent-Type: text\/x-msmsgsprofile; charset=UTF-8\r\n/);
  const ticket = login.fromPP!.slice(2, login.fromPP!.indexOf('&'));
  assert.ok(profile.payload!.includes(`\r\nMSPAuth: ${ticket}$\r\n`), 'MSPAuth carries the ticket');
  assert.ok(profile.payload!.includes('\r\nABCHMigrated: 1\r\n'));
  assert.ok(profile.payload!.includes(`\r\nClientIP: 127.0.0.1\r\n`));
  return c;
}

async function expectBurst(c: MsnpTestClient, trid: number, presenceLine: (s: string, email: string, name: string) => string) {
  for (const [status, email, name, psm] of DEMO_BURST) {
    assert.equal(await c.nextLine(), presenceLine(status, email, name));
    const ubx = await c.next();
    const payload = `<Data><PSM>${psm}</PSM><CurrentMedia></CurrentMedia></Data>`;
    assert.equal(ubx.line, `UBX ${email} 1 ${Buffer.byteLength(payload)}`);
    assert.equal(ubx.payload, payload);
  }
  void trid;
}

/** The address book as the Mac reads it after USR OK: HTTPS, TLS 1.0, MSPAuth cookie from the profile. */
async function soap(action: 'FindMembership' | 'ABFindAll', mspAuth: string) {
  const service = action === 'FindMembership' ? 'SharingService.asmx' : 'abservice.asmx';
  const body =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    '<soap:Header><ABApplicationHeader xmlns="http://www.msn.com/webservices/AddressBook"><ApplicationId>CFE80F9D-180F-4399-82AB-413F33A1FA11</ApplicationId>' +
    '<IsMigration>false</IsMigration><PartnerScenario>Initial</PartnerScenario></ABApplicationHeader>' +
    '<ABAuthHeader xmlns="http://www.msn.com/webservices/AddressBook"><ManagedGroupRequest>false</ManagedGroupRequest></ABAuthHeader></soap:Header>' +
    `<soap:Body><${action} xmlns="http://www.msn.com/webservices/AddressBook">` +
    (action === 'FindMembership'
      ? '<serviceFilter><Types><ServiceType>Messenger</ServiceType></Types></serviceFilter>'
      : '<abId>00000000-0000-0000-0000-000000000000</abId><abView>Full</abView><deltasOnly>false</deltasOnly>') +
    `</${action}></soap:Body></soap:Envelope>`;
  return legacyHttps({
    port: app.ports.https,
    ca: app.certs.caCertPem,
    host: 'byrdr.omega.contacts.msn.com',
    method: 'POST',
    path: `/abservice/${service}`,
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: `http://www.msn.com/webservices/AddressBook/${action}`,
      Cookie: `MSPAuth=${mspAuth}`,
    },
    body,
  });
}

test('Messenger for Mac 8.0.1 (MSNP16) signs in and sees seven contacts with statuses and PSMs, not hidden@local', async () => {
  // The nexus, over TLS 1.0 with AES128-SHA and our CA, as the Mac reaches it.
  const nexus = await legacyHttps({ port: app.ports.https, ca: app.certs.caCertPem, host: 'nexus.passport.com', path: '/rdr/pprdr.asp' });
  assert.equal(nexus.protocol, 'TLSv1');
  assert.equal(nexus.cipher, 'AES128-SHA');
  assert.match(String(nexus.headers['passporturls']), new RegExp(`^DARealm=Passport\\.Net,DALogin=127\\.0\\.0\\.1:${app.ports.https}/login2\\.srf,.*,ConfigVersion=14$`));
  const c = await signIn('MSNP16 MSNP15 MSNP14 MSNP13', '8.0.1', '10.14.6');
  assert.equal(await c.nextLine(), 'UBX me@local 1 0', 'MSNP16 sends an empty self UBX');
  const mspAuth = /\r\nMSPAuth: (\S+)\r\n/.exec(c.all.find((r) => r.line.startsWith('MSG Hotmail'))!.payload!)![1]!;
  const membership = await soap('FindMembership', mspAuth);
  assert.equal(membership.status, 200);
  for (const role of ['Allow', 'Reverse']) assert.ok(membership.body.includes(`<MemberRole>${role}</MemberRole>`), role);
  const ab = await soap('ABFindAll', mspAuth);
  assert.equal(ab.status, 200);
  for (const [, email] of DEMO_BURST) assert.ok(ab.body.includes(`<passportName>${email}</passportName>`), email);
  assert.ok(ab.body.includes('<passportName>hidden@local</passportName>'), 'hidden@local is a contact, just not visible');
  assert.ok(ab.body.includes('<contactType>Me</contactType>'));
  assert.equal(Buffer.byteLength(SEED_ADL), 245);
  c.sendPayload('ADL 5', SEED_ADL);
  assert.equal(await c.nextLine(), 'ADL 5 OK');
  c.send('PRP 6 MFN Me');
  assert.equal(await c.nextLine(), 'PRP 6 MFN Me');
  c.send('BLP 7 AL');
  assert.equal(await c.nextLine(), 'BLP 7 AL');
  c.send('CHG 8 NLN 1085276192:131088');
  assert.equal(await c.nextLine(), 'CHG 8 NLN 1085276192:131088');
  await expectBurst(c, 8, (s, e, n) => `ILN 8 ${s} ${e} 1 ${n} 1073741856:0 %3Cmsnobj%2F%3E`);
  c.sendPayload('UUX 9', '<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>');
  assert.equal(await c.nextLine(), 'UUX 9 0');
  c.sendPayload('UUX 10', '<EndpointData><Capabilities>1085276192:131088</Capabilities></EndpointData>');
  assert.equal(await c.nextLine(), 'UUX 10 0');
  c.sendPayload('UUX 11', '<PrivateEndpointData><EpName>Rhodes</EpName><ClientType>1</ClientType></PrivateEndpointData>');
  assert.equal(await c.nextLine(), 'UUX 11 0');
  const base = `http://127.0.0.1:${app.ports.http}`;
  c.send('URL 12 MOBILE');
  assert.equal(await c.nextLine(), `URL 12 /url/MOBILE ${base}/url/MOBILE 2`);
  c.send('URL 13 PROFILE 0x0409');
  assert.equal(await c.nextLine(), `URL 13 /url/PROFILE ${base}/url/PROFILE 2`);
  c.send('URL 14 CHGMOB');
  assert.equal(await c.nextLine(), `URL 14 /url/CHGMOB ${base}/url/CHGMOB 2`);
  c.sendPayload('UUN 15 me@local 8', 'ignore me');
  assert.equal(await c.nextLine(), 'UUN 15 OK');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG 60');
  assert.deepEqual(await c.quiet(200), [], 'nothing unasked, and no line for hidden@local');
  assert.ok(!c.transcript().includes('hidden@local'));
  c.send('OUT');
  assert.equal(await c.nextLine(), 'OUT');
  await c.waitClosed();
});

for (const [versions, version, label] of [
  ['MSNP14 MSNP13', '7.0.2', 'Messenger for Mac 7.0.2 (MSNP14)'],
  ['MSNP13', '6.0.3', 'Messenger for Mac 6.0.3 limited to MSNP13'],
] as const) {
  test(`${label} signs in and gets the presence burst in its own syntax`, async () => {
    const c = await signIn(versions, version, '10.9.6');
    c.sendPayload('ADL 5', SEED_ADL);
    assert.equal(await c.nextLine(), 'ADL 5 OK');
    c.send('BLP 6 AL');
    assert.equal(await c.nextLine(), 'BLP 6 AL');
    c.send('CHG 7 NLN 1073741856 %3Cmsnobj%2F%3E');
    assert.equal(await c.nextLine(), 'CHG 7 NLN 1073741856 %3Cmsnobj%2F%3E');
    if (versions.startsWith('MSNP14')) {
      await expectBurst(c, 7, (s, e, n) => `ILN 7 ${s} ${e} 1 ${n} 1073741856 %3Cmsnobj%2F%3E`);
    } else {
      // MSNP13 has no network id in ILN and UBX: "UBX online@local 57".
      for (const [status, email, name, psm] of DEMO_BURST) {
        assert.equal(await c.nextLine(), `ILN 7 ${status} ${email} ${name} 1073741856 %3Cmsnobj%2F%3E`);
        const ubx = await c.next();
        const payload = `<Data><PSM>${psm}</PSM><CurrentMedia></CurrentMedia></Data>`;
        assert.equal(ubx.line, `UBX ${email} ${Buffer.byteLength(payload)}`);
        assert.equal(ubx.payload, payload);
      }
    }
    assert.deepEqual(await c.quiet(200), []);
    c.close();
  });
}
