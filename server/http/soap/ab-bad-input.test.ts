// Hostile and broken requests to the editing actions: malformed SOAP, a DTD with external
// entities (refused without reading anything — the entity names a FIFO nobody writes to, so a
// parser that tried to read it would hang the server), invalid addresses, 10,000 contacts against
// the list limit, and another user's (or a forged) ticket. None of them changes anything.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { List } from '../../core/model';
import { MAX_CONTACTS } from '../../core/directory';
import { textAt } from '../../xml/xml';
import { faultCode, postSoap, soapRequest } from './soapkit';
import { contactAddBody, contactDeleteBody, contactUpdateBody, groupDeleteBody, memberBody } from './ab-requests';
import { AB_NS } from './envelope';

let srv: TestServer;
let meToken: string;
let eveToken: string;
const ids: Record<string, number> = {};
let fifoDir: string;
before(async () => {
  srv = await startServer();
  for (const n of ['me', 'bob', 'eve']) ids[n] = (await srv.core.directory.createAccount(`${n}@lan`, `pw-${n}`, n)).id;
  srv.core.directory.addToLists(ids.me!, ids.bob!, List.FL | List.AL);
  srv.core.groups.add(ids.me!, 'Friends');
  meToken = await loginTicket(srv, 'me@lan', 'pw-me');
  eveToken = await loginTicket(srv, 'eve@lan', 'pw-eve');
  fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-xxe-'));
  execFileSync('mkfifo', [path.join(fifoDir, 'secret')]);
});
after(async () => {
  await srv.close();
  fs.rmSync(fifoDir, { recursive: true, force: true });
});

const ab = (action: string, body: string, ticketToken = meToken) =>
  postSoap(srv, action.endsWith('Member') ? '/abservice/SharingService.asmx' : '/abservice/abservice.asmx', action, soapRequest(body, { ticketToken }));
/** Everything about me@lan's lists, to show a refused request changed nothing. */
const snapshot = () => JSON.stringify([srv.core.lists.entries(ids.me!), srv.core.lists.groups(ids.me!), srv.core.users.byId(ids.me!)]);

test('malformed SOAP: XmlMalformed or BadRequest, nothing changed', async () => {
  const before = snapshot();
  const truncated = soapRequest(contactAddBody(['eve@lan']), { ticketToken: meToken }).slice(0, -40);
  assert.equal(faultCode((await postSoap(srv, '/abservice/abservice.asmx', 'ABContactAdd', truncated)).doc), 'XmlMalformed');
  const noBody = soapRequest('', { ticketToken: meToken });
  assert.equal(faultCode((await postSoap(srv, '/abservice/abservice.asmx', 'ABContactAdd', noBody)).doc), 'BadRequest');
  const empty = await ab('ABContactAdd', `<ABContactAdd xmlns="${AB_NS}"><contacts/></ABContactAdd>`);
  assert.equal(faultCode(empty.doc), 'BadArgument');
  const noId = await ab('ABContactDelete', `<ABContactDelete xmlns="${AB_NS}"><contacts><Contact/></contacts></ABContactDelete>`);
  assert.equal(faultCode(noId.doc), 'BadArgument');
  const emailOnly = await ab('ABContactAdd', `<ABContactAdd xmlns="${AB_NS}"><contacts><Contact><contactInfo><emails><ContactEmail><email>x@y.z</email></ContactEmail></emails></contactInfo></Contact></contacts></ABContactAdd>`);
  assert.equal(faultCode(emailOnly.doc), 'BadArgument');
  assert.equal(snapshot(), before);
});

test('a DTD with external entities is refused before anything is read', async () => {
  const before = snapshot();
  const fifo = path.join(fifoDir, 'secret');
  const variants = [
    `<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file://${fifo}">]>`,
    `<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM "file://${fifo}"> %p;]>`,
    `<!DOCTYPE soap:Envelope SYSTEM "file://${fifo}">`,
    '<!DOCTYPE soap:Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
  ];
  for (const dtd of variants) {
    const xml = soapRequest(contactAddBody(['bob@lan']).replace('bob@lan', '&xxe;'), { ticketToken: meToken }).replace(/^<\?xml[^>]*>\r\n/, `<?xml version="1.0"?>${dtd}`);
    const t0 = Date.now();
    const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABContactAdd', xml);
    assert.ok(Date.now() - t0 < 2000, 'answered at once: the FIFO was never opened');
    assert.equal(res.status, 500, dtd);
    assert.equal(faultCode(doc), 'XmlRefused', dtd);
  }
  assert.equal(snapshot(), before);
});

test('invalid addresses: BadEmailArgument / InvalidPassportUser, nothing added', async () => {
  const before = snapshot();
  const cases: [string, string][] = [
    ['', 'BadArgument'],
    ['no-at-sign', 'BadEmailArgument'],
    ['two@@lan', 'BadEmailArgument'],
    [`${'x'.repeat(130)}@lan`, 'BadEmailArgument'],
    ['<script>@lan', 'BadEmailArgument'],
    ['nobody@lan', 'InvalidPassportUser'],
  ];
  for (const [address, code] of cases) {
    const { doc } = await ab('ABContactAdd', contactAddBody([address]));
    assert.equal(faultCode(doc), code, address);
  }
  assert.equal(faultCode((await ab('AddMember', memberBody('AddMember', 'Block', [{ email: 'nobody@lan' }]))).doc), 'InvalidPassportUser');
  assert.equal(snapshot(), before);
});

test('oversized annotations are refused with BadArgumentLength', async () => {
  const before = snapshot();
  const big = await ab('ABContactUpdate', contactUpdateBody([{ me: true, annotations: { 'MSN.IM.RoamLiveProperties': 'x'.repeat(2000) } }]));
  assert.equal(faultCode(big.doc), 'BadArgumentLength');
  const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`AB.Custom${i}`, 'v']));
  const bobGuid = srv.core.lists.entry(ids.me!, ids.bob!)!.guid;
  assert.equal(faultCode((await ab('ABContactUpdate', contactUpdateBody([{ contactId: bobGuid, annotations: many }]))).doc), 'BadArgumentLength');
  assert.equal(snapshot(), before);
});

test("another user's ticket reaches only that user's book; a forged one nothing", async () => {
  const before = snapshot();
  const bobGuid = srv.core.lists.entry(ids.me!, ids.bob!)!.guid;
  const groupId = srv.core.lists.groups(ids.me!)[0]!.id;
  assert.equal(faultCode((await ab('ABContactDelete', contactDeleteBody([bobGuid]), eveToken)).doc), 'ContactDoesNotExist');
  assert.equal(faultCode((await ab('ABContactUpdate', contactUpdateBody([{ contactId: bobGuid, displayName: 'pwned' }]), eveToken)).doc), 'ContactDoesNotExist');
  assert.equal(faultCode((await ab('ABGroupDelete', groupDeleteBody([groupId]), eveToken)).doc), 'GroupDoesNotExist');
  assert.equal(faultCode((await ab('DeleteMember', memberBody('DeleteMember', 'Allow', [{ membershipId: String(ids.bob) }]), eveToken)).doc), 'MemberDoesNotExist');
  // Naming me@lan's Me contact by its id from Eve's ticket is not "Me": it is an unknown contact.
  const meGuid = srv.core.users.byId(ids.me!)!.guid;
  assert.equal(faultCode((await ab('ABContactUpdate', contactUpdateBody([{ contactId: meGuid, displayName: 'pwned' }]), eveToken)).doc), 'ContactDoesNotExist');
  // Eve's own edits land in Eve's book.
  assert.equal((await ab('ABContactUpdate', contactUpdateBody([{ me: true, displayName: 'Eve E' }]), eveToken)).res.status, 200);
  assert.equal(srv.core.users.byId(ids.eve!)!.friendlyName, 'Eve E');

  const [payload, sig] = meToken.slice(2, meToken.indexOf('&')).split('.');
  for (const forged of [`t=${payload}.${sig!.slice(0, -2)}AA&p=`, `t=${Buffer.from(`v1|${ids.me}|messenger|${Date.now() + 9e6}|x`).toString('base64url')}.${sig}&p=`]) {
    const r = await ab('ABContactDelete', contactDeleteBody([bobGuid]), forged);
    assert.equal(faultCode(r.doc), 'PassportAuthFail');
  }
  assert.equal(snapshot(), before);
});

test('10,000 contacts: the list stops at 1,000 with RequestLimitReached, in one piece', async () => {
  const users = srv.core.users;
  srv.core.db.transaction(() => {
    for (let i = 0; i < 10_000; i++) users.create(`u${i}@crowd.lan`, 'scrypt$unused', `U${i}`);
  })();
  const onFl = () => srv.core.lists.entries(ids.me!).filter((e) => e.lists & List.FL).length;
  const start = onFl();
  const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => `u${from + i}@crowd.lan`);
  // Fill up to the limit in requests of 300 (a WLM migration adds many at once).
  let next = 0;
  while (onFl() + 300 <= MAX_CONTACTS) {
    const r = await ab('ABContactAdd', contactAddBody(batch(next, 300), { manage: false }));
    assert.equal(r.res.status, 200);
    next += 300;
  }
  const room = MAX_CONTACTS - onFl();
  const over = await ab('ABContactAdd', contactAddBody(batch(next, room + 1), { manage: false }));
  assert.equal(faultCode(over.doc), 'RequestLimitReached');
  assert.match(textAt(over.doc, 'Body', 'Fault', 'faultstring')!, /at most 1000 contacts/);
  assert.equal(onFl(), MAX_CONTACTS - room, 'a refused batch adds none of its contacts');
  assert.equal((await ab('ABContactAdd', contactAddBody(batch(next, room), { manage: false }))).res.status, 200);
  assert.equal(onFl(), MAX_CONTACTS);
  assert.equal(faultCode((await ab('ABContactAdd', contactAddBody(['u9999@crowd.lan']))).doc), 'RequestLimitReached');
  assert.ok(start < MAX_CONTACTS && room > 0);

  // All 10,000 in one request: too many elements for the reader, refused before anything happens.
  const all = `<ABContactAdd xmlns="${AB_NS}"><contacts>${batch(0, 10_000).map((e) => `<Contact><contactInfo><passportName>${e}</passportName></contactInfo></Contact>`).join('')}</contacts></ABContactAdd>`;
  const huge = await ab('ABContactAdd', all);
  assert.equal(huge.res.status, 500);
  assert.equal(faultCode(huge.doc), 'XmlRefused');
  assert.equal(onFl(), MAX_CONTACTS);
});
