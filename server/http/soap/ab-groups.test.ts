// ABGroupAdd / ABGroupUpdate / ABGroupDelete / ABGroupContactAdd / ABGroupContactDelete, and the
// same groups as MSNP10-12 clients see them (GroupBook).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { childrenNamed, path, textAt } from '../../xml/xml';
import { AB_FIND_ALL_BODY, contacts, faultCode, postSoap, soapRequest } from './soapkit';
import { contactAddBody, groupAddBody, groupContactBody, groupDeleteBody, groupUpdateBody } from './ab-requests';

let srv: TestServer;
let token: string;
let meId: number;
before(async () => {
  srv = await startServer();
  meId = (await srv.core.directory.createAccount('me@lan', 'pw-me', 'Me')).id;
  for (const n of ['bob', 'carol']) await srv.core.directory.createAccount(`${n}@lan`, `pw-${n}`, n);
  token = await loginTicket(srv, 'me@lan', 'pw-me');
});
after(() => srv.close());

const ab = (action: string, body: string) => postSoap(srv, '/abservice/abservice.asmx', action, soapRequest(body, { ticketToken: token, scenario: 'GroupSave' }));
const guidOf = (email: string) => srv.core.lists.entry(meId, srv.core.users.byEmail(email)!.id)!.guid;
const groupsOf = async (email: string) => {
  const c = contacts((await ab('ABFindAll', AB_FIND_ALL_BODY)).doc).find((x) => textAt(x, 'contactInfo', 'passportName') === email);
  return childrenNamed(path(c, 'contactInfo', 'groupIds'), 'guid').map((g) => g.text);
};

test('ABGroupAdd answers the new group id; the name is trimmed; a duplicate is GroupAlreadyExists', async () => {
  const { res, doc } = await ab('ABGroupAdd', groupAddBody('Friends'));
  assert.equal(res.status, 200);
  const id = textAt(doc, 'Body', 'ABGroupAddResponse', 'ABGroupAddResult', 'guid')!;
  assert.deepEqual(srv.core.groups.all(meId).map((g) => [g.id, g.name]), [[id, 'Friends']]);
  assert.equal(faultCode((await ab('ABGroupAdd', groupAddBody('Friends'))).doc), 'GroupAlreadyExists');
  assert.equal(faultCode((await ab('ABGroupAdd', groupAddBody('x'.repeat(62)))).doc), 'BadArgumentLength');
});

test('groups are limited to 30 (RequestLimitReached)', async () => {
  for (let i = srv.core.groups.all(meId).length; i < 30; i++) srv.core.groups.add(meId, `G${i}`);
  assert.equal(faultCode((await ab('ABGroupAdd', groupAddBody('One too many'))).doc), 'RequestLimitReached');
  for (const g of srv.core.groups.all(meId).filter((g) => g.name.startsWith('G'))) srv.core.groups.remove(meId, g.id);
});

test('ABGroupContactAdd by contactId or with a new contactInfo; already there is fine', async () => {
  const friends = srv.core.groups.all(meId)[0]!;
  await ab('ABContactAdd', contactAddBody(['bob@lan']));
  const byId = await ab('ABGroupContactAdd', groupContactBody('ABGroupContactAdd', friends.id, { id: guidOf('bob@lan') }));
  assert.equal(byId.res.status, 200);
  assert.equal(textAt(byId.doc, 'Body', 'ABGroupContactAddResponse', 'ABGroupContactAddResult', 'guid'), guidOf('bob@lan'));
  assert.deepEqual(await groupsOf('bob@lan'), [friends.id]);
  assert.equal((await ab('ABGroupContactAdd', groupContactBody('ABGroupContactAdd', friends.id, { id: guidOf('bob@lan') }))).res.status, 200);

  const withInfo = await ab('ABGroupContactAdd', groupContactBody('ABGroupContactAdd', friends.id, { email: 'carol@lan' }));
  assert.equal(textAt(withInfo.doc, 'Body', 'ABGroupContactAddResponse', 'ABGroupContactAddResult', 'guid'), guidOf('carol@lan'));
  assert.deepEqual(await groupsOf('carol@lan'), [friends.id]);

  const noGroup = await ab('ABGroupContactAdd', groupContactBody('ABGroupContactAdd', '99999999-9999-9999-9999-999999999999', { id: guidOf('bob@lan') }));
  assert.equal(faultCode(noGroup.doc), 'GroupDoesNotExist');
  const noContact = await ab('ABGroupContactAdd', groupContactBody('ABGroupContactAdd', friends.id, { id: '99999999-9999-9999-9999-999999999999' }));
  assert.equal(faultCode(noContact.doc), 'ContactDoesNotExist');
});

test('ABGroupContactDelete takes the contact out of the group only', async () => {
  const friends = srv.core.groups.all(meId)[0]!;
  const { res } = await ab('ABGroupContactDelete', groupContactBody('ABGroupContactDelete', friends.id, { id: guidOf('carol@lan') }));
  assert.equal(res.status, 200);
  assert.deepEqual(await groupsOf('carol@lan'), []);
  assert.ok(guidOf('carol@lan'), 'still a contact');
});

test('ABGroupUpdate renames (in the GroupBook MSNP10-12 LSG reads); ABGroupDelete removes; gone is GroupDoesNotExist', async () => {
  const friends = srv.core.groups.all(meId)[0]!;
  assert.equal((await ab('ABGroupUpdate', groupUpdateBody(friends.id, 'Best Friends'))).res.status, 200);
  assert.equal(srv.core.groups.find(meId, friends.id)!.name, 'Best Friends');
  const other = srv.core.groups.add(meId, 'Other');
  assert.equal(faultCode((await ab('ABGroupUpdate', groupUpdateBody(other.id, 'Best Friends'))).doc), 'GroupAlreadyExists');

  assert.equal((await ab('ABGroupDelete', groupDeleteBody([friends.id, other.id]))).res.status, 200);
  assert.deepEqual(srv.core.groups.all(meId), []);
  assert.deepEqual(await groupsOf('bob@lan'), [], 'members left the deleted group');
  assert.equal(faultCode((await ab('ABGroupDelete', groupDeleteBody([friends.id]))).doc), 'GroupDoesNotExist');
  assert.equal(faultCode((await ab('ABGroupUpdate', groupUpdateBody(friends.id, 'Zombie'))).doc), 'GroupDoesNotExist');
});
