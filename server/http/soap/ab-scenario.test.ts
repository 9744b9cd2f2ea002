// The whole story over real sockets: Mac (MSNP16, address book over SOAP) adds Bob (MSN 5,
// MSNP8, server-side lists) and Beth (MSNP16). Bob gets ADD 0 RL; Beth gets ADL 0 l="8" and the
// ABCHInternal NOT, then finds Mac pending in FindMembership. Both accept, each their own way,
// and see Mac's presence. The server restarts: nothing is lost and stamps carry on. Mac blocks
// them: they see FLN at once and CAL to Mac fails with 217; unblocking brings Mac back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { passportLogin } from '../../test-support/passport-login';
import { openSwitchboard } from '../../test-support/sb-client';
import type { MsnpTestClient } from '../../test-support/msnp-client';
import { request } from '../testkit';
import { cidOf } from './ids';
import { parseXml, path as at, textAt, type XmlElement } from '../../xml/xml';
import { AB_FIND_ALL_BODY, FIND_MEMBERSHIP_BODY, memberships, soapRequest } from './soapkit';
import { contactAddBody, contactChanges, findMembershipDelta, lastChangeOf, memberBody, membershipChanges } from './ab-requests';

type App = Awaited<ReturnType<typeof startTestServer>>;
let app: App;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-ab-scenario-'));
before(async () => {
  app = await startTestServer({ dataDir });
  for (const [email, name] of [['mac@lan', 'Mac'], ['bob@lan', 'Bob'], ['beth@lan', 'Beth']]) {
    await app.core.directory.createAccount(email!, 'pw', name);
  }
});
after(async () => {
  await app.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (email: string, version: 'MSNP8' | 'MSNP16') => signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: 'pw', version });
const ticketOf = async (email: string) => (await passportLogin(app.ports.http, email, 'pw')).fromPP!;

async function soap(ticket: string, action: string, body: string): Promise<XmlElement> {
  const sharing = action === 'FindMembership' || action.endsWith('Member');
  const res = await request(app.ports.http, {
    method: 'POST',
    path: sharing ? '/abservice/SharingService.asmx' : '/abservice/abservice.asmx',
    headers: { Host: 'contacts.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"http://www.msn.com/webservices/AddressBook/${action}"` },
    body: soapRequest(body, { ticketToken: ticket }),
  });
  assert.equal(res.status, 200, `${action}: ${res.body}`);
  return parseXml(res.body);
}

const ml = (email: string, l: number) => {
  const [n, d] = email.split('@');
  return `<ml><d n="${d}"><c n="${n}" l="${l}" t="1" /></d></ml>`;
};

let bethLastChange = '';

test('adding: MSNP8 gets ADD 0 RL, MSNP16 gets ADL 0 + NOT and a Pending member; both accept and see Mac', async () => {
  const mac = await signIn('mac@lan', 'MSNP16');
  const bob = await signIn('bob@lan', 'MSNP8');
  const beth = await signIn('beth@lan', 'MSNP16');
  const macT = await ticketOf('mac@lan');
  const bethT = await ticketOf('beth@lan');
  bethLastChange = lastChangeOf(await soap(bethT, 'FindMembership', FIND_MEMBERSHIP_BODY));

  // Mac adds Bob and Beth as WLM does: ABContactAdd, then ADL for the session.
  await soap(macT, 'ABContactAdd', contactAddBody(['bob@lan']));
  mac.sendPayload('ADL 20', ml('bob@lan', 1));
  await mac.take('ADL 20 OK');
  assert.match((await bob.take('ADD 0 RL')).line, /^ADD 0 RL \d+ mac@lan Mac$/);

  await soap(macT, 'ABContactAdd', contactAddBody(['beth@lan']));
  mac.sendPayload('ADL 21', ml('beth@lan', 1));
  await mac.take('ADL 21 OK');
  const adl = await beth.take('ADL 0 ');
  assert.equal(adl.payload, '<ml><d n="lan"><c n="mac" t="1" l="8" f="Mac" /></d></ml>');
  assert.equal(adl.line, `ADL 0 ${Buffer.byteLength(adl.payload!)}`);
  const not = await beth.take('NOT ');
  assert.equal(not.line, `NOT ${Buffer.byteLength(not.payload!)}`);
  const notDoc = parseXml(not.payload!);
  assert.equal(notDoc.name, 'NOTIFICATION');
  assert.equal(at(notDoc, 'TO')!.attrs.name, 'beth@lan');
  assert.match(at(notDoc, 'TO')!.attrs.pid!, /^0x[0-9a-f]{8}:0x[0-9a-f]{8}$/);
  const data = parseXml(textAt(notDoc, 'MSG', 'BODY')!);
  assert.equal(textAt(data, 'Service'), 'ABCHInternal');
  assert.equal(textAt(data, 'CID'), cidOf(app.core.users.byEmail('beth@lan')!.guid));

  // The NOT makes Beth's client re-read memberships: Mac is Pending ("Mac has added you").
  const delta = await soap(bethT, 'FindMembership', findMembershipDelta(bethLastChange));
  assert.deepEqual(membershipChanges(delta), { Pending: ['mac@lan'] }, 'Pending only until Beth answers');

  // Bob accepts on MSN 5: allow, and add back.
  bob.send('ADD 30 AL mac@lan mac@lan');
  assert.match((await bob.take('ADD 30 AL')).line, /^ADD 30 AL \d+ mac@lan mac@lan$/);
  bob.send('ADD 31 FL mac@lan mac@lan 0');
  await bob.take('ADD 31 FL');
  assert.equal((await bob.take('NLN ')).line, 'NLN NLN mac@lan Mac 1085276192');
  assert.equal((await mac.take('ADL 0 ')).payload, '<ml><d n="lan"><c n="bob" t="1" l="8" f="Bob" /></d></ml>');
  await mac.take('NOT ');

  // Beth accepts as WLM/PAPYON do: AddMember Allow, DeleteMember Pending, add Mac to her list.
  await soap(bethT, 'AddMember', memberBody('AddMember', 'Allow', [{ email: 'mac@lan' }]));
  await soap(bethT, 'DeleteMember', memberBody('DeleteMember', 'Pending', [{ email: 'mac@lan' }]));
  await soap(bethT, 'ABContactAdd', contactAddBody(['mac@lan']));
  beth.sendPayload('ADL 40', ml('mac@lan', 3));
  assert.match((await beth.take('NLN ')).line, /^NLN NLN mac@lan 1 Mac 1085276192:131088 /);
  await beth.take('ADL 40 OK');
  await mac.take('NOT ');

  // Both directions: Mac sees Bob and Beth, they see Mac change status.
  const macSaw = mac.all.map((r) => r.line);
  assert.ok(macSaw.some((l) => l.startsWith('NLN NLN bob@lan 1 Bob ')), macSaw.join('\n'));
  assert.ok(macSaw.some((l) => l.startsWith('NLN NLN beth@lan 1 Beth ')), macSaw.join('\n'));
  mac.send('CHG 50 BSY 1085276192:131088');
  await mac.take('CHG 50');
  assert.equal((await bob.take('NLN BSY')).line, 'NLN BSY mac@lan Mac 1085276192');
  assert.match((await beth.take('NLN BSY')).line, /^NLN BSY mac@lan 1 Mac /);
  bethLastChange = lastChangeOf(await soap(bethT, 'FindMembership', FIND_MEMBERSHIP_BODY));
  for (const c of [mac, bob, beth]) c.close();
});

test('a restart loses nothing: lists, address book, stamps', async () => {
  await app.stop();
  app = await startTestServer({ dataDir });
  const bob = await signIn('bob@lan', 'MSNP8');
  bob.send('SYN 60 0');
  const syn: string[] = [];
  for (;;) {
    const l = (await bob.next()).line;
    if (l.startsWith('LST ') || l.startsWith('SYN ')) syn.push(l);
    if (l.startsWith('LST mac@lan')) break;
  }
  assert.ok(syn.includes('LST mac@lan Mac 11 0'), syn.join('\n')); // FL AL RL, group 0

  const macT = await ticketOf('mac@lan');
  assert.deepEqual(memberships(await soap(macT, 'FindMembership', FIND_MEMBERSHIP_BODY)), {
    Allow: ['bob@lan', 'beth@lan'],
    Reverse: ['bob@lan', 'beth@lan'],
  });
  assert.deepEqual(contactChanges(await soap(macT, 'ABFindAll', AB_FIND_ALL_BODY)), ['bob@lan', 'beth@lan', 'mac@lan (Me)']);
  // Beth's client asks with the lastChange it had before the restart: nothing new.
  const bethT = await ticketOf('beth@lan');
  assert.deepEqual(membershipChanges(await soap(bethT, 'FindMembership', findMembershipDelta(bethLastChange))), {});
  bob.close();
});

test('blocking: FLN at once and CAL fails with 217; unblocking restores presence', async () => {
  const mac = await signIn('mac@lan', 'MSNP16');
  const bob = await signIn('bob@lan', 'MSNP8');
  const beth = await signIn('beth@lan', 'MSNP16');
  const macT = await ticketOf('mac@lan');
  const seesMac = (c: MsnpTestClient) => c.all.some((r) => /^(ILN \d+|NLN) NLN mac@lan /.test(r.line));
  assert.ok(seesMac(bob) && seesMac(beth), 'both see Mac after the restart');

  // WLM's order for Beth (DeleteMember Allow, AddMember Block, then the session's RML/ADL) …
  await soap(macT, 'DeleteMember', memberBody('DeleteMember', 'Allow', [{ email: 'beth@lan' }]));
  await soap(macT, 'AddMember', memberBody('AddMember', 'Block', [{ email: 'beth@lan' }]));
  assert.equal((await beth.take('FLN ')).line, 'FLN mac@lan 1 0:0');
  mac.sendPayload('RML 70', ml('beth@lan', 2));
  await mac.take('RML 70 OK'); // already done over SOAP: not a 216
  mac.sendPayload('ADL 71', ml('beth@lan', 4));
  await mac.take('ADL 71 OK');
  // … and a bare AddMember Block for Bob (PAPYON's order).
  await soap(macT, 'AddMember', memberBody('AddMember', 'Block', [{ email: 'bob@lan' }]));
  assert.equal((await bob.take('FLN ')).line, 'FLN mac@lan');
  assert.equal(app.core.presence.viewFor(app.core.users.byEmail('mac@lan')!.id, app.core.users.byEmail('bob@lan')!.id)!.status, 'FLN');

  for (const [ns, handle] of [[bob, 'bob@lan'], [beth, 'beth@lan']] as const) {
    const { sb } = await openSwitchboard(ns, { handle });
    sb.send('CAL 2 mac@lan');
    assert.equal(await sb.nextLine(), '217 2', `${handle} calling the blocking Mac`);
    sb.close();
  }

  await soap(macT, 'DeleteMember', memberBody('DeleteMember', 'Block', [{ email: 'beth@lan' }]));
  await soap(macT, 'AddMember', memberBody('AddMember', 'Allow', [{ email: 'beth@lan' }]));
  assert.match((await beth.take('NLN ')).line, /^NLN NLN mac@lan 1 Mac /);
  for (const c of [mac, bob, beth]) c.close();
});
