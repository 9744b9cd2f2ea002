// ABContactAdd / ABContactDelete / ABContactUpdate / ABAdd with the bodies WLM and PAPYON send,
// checked against the answers the clients parse and against the lists underneath.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { List } from '../../core/model';
import { path, textAt } from '../../xml/xml';
import { AB_FIND_ALL_BODY, contacts, faultCode, postSoap, soapRequest } from './soapkit';
import { contactAddBody, contactDeleteBody, contactUpdateBody } from './ab-requests';

let srv: TestServer;
let token: string;
const ids: Record<string, number> = {};
before(async () => {
  srv = await startServer();
  for (const n of ['me', 'bob', 'carol', 'dan', 'new']) ids[n] = (await srv.core.directory.createAccount(`${n}@lan`, `pw-${n}`, n.toUpperCase())).id;
  token = await loginTicket(srv, 'me@lan', 'pw-me');
});
after(() => srv.close());

const ab = (action: string, body: string, t = token) => postSoap(srv, '/abservice/abservice.asmx', action, soapRequest(body, { ticketToken: t, scenario: 'ContactSave' }));
const bits = (owner: string, contact: string) => srv.core.lists.entry(ids[owner]!, ids[contact]!)?.lists ?? 0;
const findAll = async () => contacts((await ab('ABFindAll', AB_FIND_ALL_BODY)).doc);
const contactOf = async (email: string) => (await findAll()).find((c) => textAt(c, 'contactInfo', 'passportName') === email);

test('ABContactAdd: FL+AL for me, RL+PL for them, the new contactId answered and listed', async () => {
  const { res, doc } = await ab('ABContactAdd', contactAddBody(['Bob@LAN']));
  assert.equal(res.status, 200);
  const guid = textAt(doc, 'Body', 'ABContactAddResponse', 'ABContactAddResult', 'guid')!;
  assert.equal(guid, srv.core.lists.entry(ids.me!, ids.bob!)!.guid);
  assert.equal(bits('me', 'bob'), List.FL | List.AL);
  assert.equal(bits('bob', 'me'), List.RL | List.PL, 'Bob is asked "me has added you"');
  const bob = (await contactOf('bob@lan'))!;
  assert.equal(textAt(bob, 'contactId'), guid);
  assert.equal(textAt(bob, 'contactInfo', 'contactType'), 'Regular');
  assert.equal(textAt(bob, 'contactInfo', 'displayName'), 'BOB');
  assert.equal(textAt(bob, 'contactInfo', 'isMessengerUser'), 'true');
});

test('EnableAllowListManagement false: FL only; an existing block is left alone', async () => {
  await ab('ABContactAdd', contactAddBody(['carol@lan'], { manage: false }));
  assert.equal(bits('me', 'carol'), List.FL);
  srv.core.directory.addToLists(ids.me!, ids.dan!, List.BL);
  await ab('ABContactAdd', contactAddBody(['dan@lan'], { manage: true }));
  assert.equal(bits('me', 'dan'), List.FL | List.BL, 'still blocked: allow-list management never unblocks');
});

test('ContactAlreadyExists names the existing contact; unknown and malformed addresses', async () => {
  const dup = await ab('ABContactAdd', contactAddBody(['bob@lan']));
  assert.equal(dup.res.status, 500);
  assert.equal(faultCode(dup.doc), 'ContactAlreadyExists');
  assert.equal(textAt(dup.doc, 'Body', 'Fault', 'faultcode'), 'soap:Client');
  assert.equal(textAt(dup.doc, 'Body', 'Fault', 'detail', 'additionalDetails', 'conflictObjectId'), srv.core.lists.entry(ids.me!, ids.bob!)!.guid);
  assert.equal(faultCode((await ab('ABContactAdd', contactAddBody(['nobody@lan']))).doc), 'InvalidPassportUser');
  assert.equal(faultCode((await ab('ABContactAdd', contactAddBody(['not an address']))).doc), 'BadEmailArgument');
  assert.equal(faultCode((await ab('ABContactAdd', contactAddBody(['me@lan']))).doc), 'ContactAlreadyExists', 'yourself: the Me contact');
  // One bad address in a batch: nothing of the batch is added.
  const batch = await ab('ABContactAdd', contactAddBody(['new@lan', 'ghost@lan']));
  assert.equal(faultCode(batch.doc), 'InvalidPassportUser');
  assert.equal(bits('me', 'new'), 0);
});

test('ABContactUpdate: nickname by displayName or AB.NickName, isMessengerUser, annotations', async () => {
  const guid = srv.core.lists.entry(ids.me!, ids.bob!)!.guid;
  await ab('ABContactUpdate', contactUpdateBody([{ contactId: guid, displayName: 'Bobby' }]));
  assert.equal(srv.core.lists.entry(ids.me!, ids.bob!)!.nickname, 'Bobby', 'the same nickname MSNP10 SBP sets');
  assert.equal(textAt(await contactOf('bob@lan'), 'contactInfo', 'displayName'), 'Bobby');

  await ab('ABContactUpdate', contactUpdateBody([{ contactId: guid, annotations: { 'AB.NickName': 'Robert', 'AB.JobTitle': 'Plumber' }, isMessengerUser: false }]));
  const bob = (await contactOf('bob@lan'))!;
  assert.equal(textAt(bob, 'contactInfo', 'displayName'), 'Robert');
  assert.equal(textAt(bob, 'contactInfo', 'isMessengerUser'), 'false');
  const ann = path(bob, 'contactInfo', 'annotations')!.children.map((a) => [textAt(a, 'Name'), textAt(a, 'Value')]);
  assert.deepEqual(ann, [['AB.JobTitle', 'Plumber']]);
  // <Value/> removes an annotation; an empty displayName goes back to their own name.
  await ab('ABContactUpdate', contactUpdateBody([{ contactId: guid, annotations: { 'AB.JobTitle': '' }, displayName: '' }]));
  const again = (await contactOf('bob@lan'))!;
  assert.equal(path(again, 'contactInfo', 'annotations'), undefined);
  assert.equal(textAt(again, 'contactInfo', 'displayName'), 'BOB');

  const missing = await ab('ABContactUpdate', contactUpdateBody([{ contactId: '11111111-2222-3333-4444-555555555555', displayName: 'x' }]));
  assert.equal(faultCode(missing.doc), 'ContactDoesNotExist');
});

test('ABContactUpdate of the Me contact: friendly name, BLP/GTC annotations, other annotations kept', async () => {
  const { res } = await ab(
    'ABContactUpdate',
    contactUpdateBody([{ me: true, displayName: 'Me Myself', annotations: { 'MSN.IM.BLP': '2', 'MSN.IM.GTC': '2', 'MSN.IM.MPOP': '1' } }]),
  );
  assert.equal(res.status, 200);
  const me = srv.core.users.byId(ids.me!)!;
  assert.deepEqual([me.friendlyName, me.blp, me.gtc], ['Me Myself', 'BL', 'N']);
  const mine = (await contactOf('me@lan'))!;
  assert.equal(textAt(mine, 'contactInfo', 'displayName'), 'Me Myself');
  const ann = Object.fromEntries(path(mine, 'contactInfo', 'annotations')!.children.map((a) => [textAt(a, 'Name'), textAt(a, 'Value')]));
  assert.deepEqual(ann, { 'MSN.IM.MBEA': '0', 'MSN.IM.GTC': '2', 'MSN.IM.BLP': '2', 'MSN.IM.MPOP': '1' });
  // By our own contactId too; GTC 0 ("unset") leaves the setting alone.
  await ab('ABContactUpdate', contactUpdateBody([{ contactId: srv.core.users.byId(ids.me!)!.guid, annotations: { 'MSN.IM.BLP': '1', 'MSN.IM.GTC': '0' } }]));
  assert.deepEqual([srv.core.users.byId(ids.me!)!.blp, srv.core.users.byId(ids.me!)!.gtc], ['AL', 'N']);
  const tooLong = await ab('ABContactUpdate', contactUpdateBody([{ me: true, displayName: 'x'.repeat(400) }]));
  assert.equal(faultCode(tooLong.doc), 'BadArgument');
  assert.equal(srv.core.users.byId(ids.me!)!.friendlyName, 'Me Myself');
});

test('ABContactDelete: off the FL and out of its groups; AL and their RL follow the rules', async () => {
  const entry = srv.core.lists.entry(ids.me!, ids.carol!)!;
  const g = srv.core.groups.add(ids.me!, 'Work');
  srv.core.groups.addMember(ids.me!, ids.carol!, g.id);
  srv.core.directory.addToLists(ids.me!, ids.carol!, List.AL);
  const { res } = await ab('ABContactDelete', contactDeleteBody([entry.guid]));
  assert.equal(res.status, 200);
  assert.equal(bits('me', 'carol'), List.AL, 'still allowed, no longer a contact');
  assert.deepEqual(srv.core.lists.entry(ids.me!, ids.carol!)!.groups, []);
  assert.equal(bits('carol', 'me') & List.RL, 0, 'I left her reverse list');
  assert.equal(await contactOf('carol@lan'), undefined);
  assert.equal(faultCode((await ab('ABContactDelete', contactDeleteBody([entry.guid]))).doc), 'ContactDoesNotExist');
});

test('ABAdd: a new account confirms its empty book; one with contacts gets ABAlreadyExists', async () => {
  const t = await loginTicket(srv, 'new@lan', 'pw-new');
  const body = '<ABAdd xmlns="http://www.msn.com/webservices/AddressBook"><abInfo><name/><ownerPuid>0</ownerPuid><ownerEmail>\n new@lan\n</ownerEmail><fDefault>true</fDefault></abInfo></ABAdd>';
  const ok = await ab('ABAdd', body, t);
  assert.equal(ok.res.status, 200);
  assert.equal(textAt(ok.doc, 'Body', 'ABAddResponse', 'ABAddResult'), '00000000-0000-0000-0000-000000000000');
  const theirs = await ab('ABAdd', body.replace('new@lan', 'me@lan'), t);
  assert.equal(faultCode(theirs.doc), 'BadArgument', "nobody creates another account's book");
  const mine = await ab('ABAdd', body.replace('new@lan', 'me@lan'));
  assert.equal(faultCode(mine.doc), 'ABAlreadyExists');
});
