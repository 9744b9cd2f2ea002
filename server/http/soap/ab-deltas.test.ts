// deltasOnly + lastChange: a second FindMembership / ABFindAll / ABFindContactsPaged returns
// exactly what changed since the first — whichever front end changed it — with deletions marked,
// and the lastChange it answers, sent back, returns nothing new.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { List } from '../../core/model';
import { AB_FIND_ALL_BODY, faultCode, FIND_MEMBERSHIP_BODY, postSoap, soapRequest } from './soapkit';
import {
  abFindAllDelta,
  contactAddBody,
  contactChanges,
  contactDeleteBody,
  contactUpdateBody,
  findContactsPagedBody,
  findMembershipDelta,
  groupAddBody,
  groupChanges,
  groupDeleteBody,
  lastChangeOf,
  memberBody,
  membershipChanges,
} from './ab-requests';
import { parseStampTime, stampTime } from './deltas';

let srv: TestServer;
let token: string;
const ids: Record<string, number> = {};
before(async () => {
  srv = await startServer();
  for (const n of ['me', 'alice', 'bob', 'carol', 'dave', 'erin']) ids[n] = (await srv.core.directory.createAccount(`${n}@lan`, `pw-${n}`, n)).id;
  token = await loginTicket(srv, 'me@lan', 'pw-me');
  const d = srv.core.directory;
  d.addToLists(ids.me!, ids.alice!, List.FL | List.AL);
  d.addToLists(ids.me!, ids.bob!, List.FL | List.AL);
  d.addToLists(ids.me!, ids.carol!, List.BL);
  srv.core.groups.add(ids.me!, 'Old');
});
after(() => srv.close());

const post = (action: string, body: string) =>
  postSoap(srv, action === 'FindMembership' || action.endsWith('Member') ? '/abservice/SharingService.asmx' : '/abservice/abservice.asmx', action, soapRequest(body, { ticketToken: token }));

test('FindMembership: only the memberships that changed, removed ones Deleted=true', async () => {
  const first = await post('FindMembership', FIND_MEMBERSHIP_BODY);
  assert.deepEqual(membershipChanges(first.doc), { Allow: ['alice@lan', 'bob@lan'], Block: ['carol@lan'] });
  const lc1 = lastChangeOf(first.doc);
  assert.match(lc1, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}0Z$/);

  // Over SOAP: unblock Carol and allow her; an MSNP client (through the core): Dave adds me, I block Bob.
  await post('DeleteMember', memberBody('DeleteMember', 'Block', [{ email: 'carol@lan' }]));
  await post('AddMember', memberBody('AddMember', 'Allow', [{ email: 'carol@lan' }]));
  srv.core.directory.addToLists(ids.dave!, ids.me!, List.FL);
  srv.core.directory.removeFromLists(ids.me!, ids.bob!, List.AL);
  srv.core.directory.addToLists(ids.me!, ids.bob!, List.BL);

  const second = await post('FindMembership', findMembershipDelta(lc1));
  assert.equal(second.res.status, 200);
  assert.deepEqual(membershipChanges(second.doc), {
    Allow: ['carol@lan', '-bob@lan'],
    Block: ['-carol@lan', 'bob@lan'],
    // Dave awaits my answer: Pending only, not Reverse too (issue 12).
    Pending: ['dave@lan'],
  });
  const lc2 = lastChangeOf(second.doc);
  assert.ok(parseStampTime(lc2)! > parseStampTime(lc1)!);

  const third = await post('FindMembership', findMembershipDelta(lc2));
  assert.deepEqual(membershipChanges(third.doc), {}, 'nothing new');
  assert.equal(lastChangeOf(third.doc), lc2);
});

test('ABFindAll: changed and deleted contacts and groups, the Me contact when it changed', async () => {
  const first = await post('ABFindAll', AB_FIND_ALL_BODY);
  assert.deepEqual(contactChanges(first.doc), ['alice@lan', 'bob@lan', 'me@lan (Me)']);
  const lc1 = lastChangeOf(first.doc);

  const add = await post('ABContactAdd', contactAddBody(['erin@lan']));
  assert.equal(add.res.status, 200);
  await post('ABContactDelete', contactDeleteBody([srv.core.lists.entry(ids.me!, ids.alice!)!.guid]));
  await post('ABGroupAdd', groupAddBody('New'));
  await post('ABGroupDelete', groupDeleteBody([srv.core.groups.all(ids.me!).find((g) => g.name === 'Old')!.id]));
  // Unblocking Bob is FindMembership's news, not ABFindAll's: he is not repeated here.
  await post('AddMember', memberBody('AddMember', 'Allow', [{ email: 'bob@lan' }]));
  const first2 = await post('ABFindAll', abFindAllDelta(lc1));
  assert.deepEqual(contactChanges(first2.doc), ['erin@lan', '-alice@lan']);
  assert.deepEqual(groupChanges(first2.doc), ['New', '-Old']);
  const gone = first2.res.body.match(/<Contact><contactId>[^<]+<\/contactId><contactInfo>.*?<\/Contact>/g)!.find((c) => c.includes('alice@lan'))!;
  assert.match(gone, /<fDeleted>true<\/fDeleted>/);
  assert.match(gone, /<contactType>Regular<\/contactType>/, 'a deleted contact still has its contactInfo');

  const lc2 = lastChangeOf(first2.doc);
  srv.core.lists.setNickname(ids.me!, ids.bob!, 'Bobby'); // MSNP10 SBP MFN
  srv.core.directory.setFriendlyName(ids.me!, 'Me Again'); // PRP MFN
  const second = await post('ABFindAll', abFindAllDelta(lc2));
  assert.deepEqual(contactChanges(second.doc), ['bob@lan', 'me@lan (Me)']);
  assert.deepEqual(groupChanges(second.doc), []);

  const third = await post('ABFindAll', abFindAllDelta(lastChangeOf(second.doc)));
  assert.deepEqual(contactChanges(third.doc), []);
  assert.deepEqual(groupChanges(third.doc), []);
});

test('a contact removed and added back between two syncs: the old id deleted, the new one listed', async () => {
  const lc = lastChangeOf((await post('ABFindAll', AB_FIND_ALL_BODY)).doc);
  const oldGuid = srv.core.lists.entry(ids.me!, ids.erin!)!.guid;
  await post('ABContactDelete', contactDeleteBody([oldGuid]));
  await post('DeleteMember', memberBody('DeleteMember', 'Allow', [{ email: 'erin@lan' }])); // the row goes
  assert.equal(srv.core.lists.entry(ids.me!, ids.erin!), undefined);
  await post('ABContactAdd', contactAddBody(['erin@lan']));
  const delta = await post('ABFindAll', abFindAllDelta(lc));
  assert.deepEqual(contactChanges(delta.doc), ['erin@lan', '-erin@lan']);
  const ids2 = [...delta.res.body.matchAll(/<contactId>([^<]+)<\/contactId>/g)].map((m) => m[1]);
  assert.deepEqual(ids2, [srv.core.lists.entry(ids.me!, ids.erin!)!.guid, oldGuid]);
});

test('ABFindContactsPaged (WLM 2009): the same deltas under Groups/Contacts/Ab, with a CircleResult', async () => {
  const full = await post('ABFindContactsPaged', findContactsPagedBody(false));
  assert.equal(full.res.status, 200);
  assert.match(full.res.body, /<Groups>.*<\/Groups><Contacts>.*<\/Contacts><CircleResult><CircleTicket>&lt;\?xml/);
  assert.deepEqual(contactChanges(full.doc), ['bob@lan', 'erin@lan', 'me@lan (Me)']);
  const lc = lastChangeOf(full.doc);
  await post('ABContactUpdate', contactUpdateBody([{ contactId: srv.core.lists.entry(ids.me!, ids.erin!)!.guid, displayName: 'E' }]));
  const delta = await post('ABFindContactsPaged', findContactsPagedBody(true, lc));
  assert.deepEqual(contactChanges(delta.doc), ['erin@lan']);
});

test('a lastChange rewritten in another offset is the same instant; truncated it only repeats', async () => {
  const lc = lastChangeOf((await post('FindMembership', FIND_MEMBERSHIP_BODY)).doc);
  const us = parseStampTime(lc) as number;
  // What a .NET client in California would send back: same instant, -08:00, 100 ns digits.
  const pacific = new Date(Math.floor(us / 1000) - 8 * 3600_000).toISOString().slice(0, 23) + String(us % 1000).padStart(3, '0') + '0-08:00';
  assert.deepEqual(membershipChanges((await post('FindMembership', findMembershipDelta(pacific))).doc), {});
  assert.equal(stampTime(us), lc);
});

test('FullSyncRequired for a lastChange this server never handed out; "never" gets everything', async () => {
  for (const bad of ['yesterday', '2999-01-01T00:00:00.0000000Z', '1999-01-01T00:00:00Z']) {
    const fm = await post('FindMembership', findMembershipDelta(bad));
    assert.equal(fm.res.status, 500, bad);
    assert.equal(faultCode(fm.doc), 'FullSyncRequired', bad);
    assert.equal(faultCode((await post('ABFindAll', abFindAllDelta(bad))).doc), 'FullSyncRequired', bad);
  }
  const never = await post('ABFindAll', abFindAllDelta('0001-01-01T00:00:00.0000000-08:00'));
  assert.deepEqual(contactChanges(never.doc), ['bob@lan', 'erin@lan', 'me@lan (Me)']);
});
