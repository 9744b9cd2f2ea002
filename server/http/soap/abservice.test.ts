// ABFindAll as WLM 8 / Messenger for Mac ask for it right after FindMembership.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { cidOf } from './ids';
import { childrenNamed, path, textAt, type XmlElement } from '../../xml/xml';
import { AB_FIND_ALL_BODY, contacts, postSoap, seedScenario, soapRequest } from './soapkit';

let srv: TestServer;
let s: Awaited<ReturnType<typeof seedScenario>>;
let token: string;
before(async () => {
  srv = await startServer();
  s = await seedScenario(srv);
  srv.core.directory.setPrivacy(s.me.id, { blp: 'BL', gtc: 'N' });
  token = await loginTicket(srv, 'me@local', 'secret-me');
});
after(() => srv.close());

const byEmail = (list: XmlElement[], email: string) => list.find((c) => textAt(c, 'contactInfo', 'passportName') === email);
const annotations = (c: XmlElement) =>
  Object.fromEntries(childrenNamed(path(c, 'contactInfo', 'annotations'), 'Annotation').map((a) => [textAt(a, 'Name'), textAt(a, 'Value')]));

test('FL contacts plus the Me contact; nothing that is only on AL/BL/RL/PL', async () => {
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: token }));
  assert.equal(res.status, 200);
  assert.ok(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  const list = contacts(doc);
  assert.deepEqual(
    list.map((c) => [textAt(c, 'contactInfo', 'passportName'), textAt(c, 'contactInfo', 'contactType')]),
    [['alice@local', 'Regular'], ['dave@local', 'Regular'], ['me@local', 'Me']],
  );
});

test('a contact: row GUID as contactId, nickname as displayName, group ids, CID, schema order', async () => {
  const { doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: token }));
  const alice = byEmail(contacts(doc), 'alice@local')!;
  assert.equal(textAt(alice, 'contactId'), srv.core.lists.entry(s.me.id, s.alice.id)!.guid);
  const info = path(alice, 'contactInfo')!;
  assert.deepEqual(
    info.children.map((c) => c.name),
    ['groupIds', 'contactType', 'quickName', 'passportName', 'IsPassportNameHidden', 'displayName', 'puid', 'CID',
      'IsNotMobileVisible', 'isMobileIMEnabled', 'isMessengerUser', 'isFavorite', 'isSmtp', 'hasSpace', 'spotWatchState',
      'birthdate', 'primaryEmailType', 'PrimaryLocation', 'PrimaryPhone', 'IsPrivate', 'Gender', 'TimeZone'],
  );
  assert.equal(textAt(info, 'displayName'), 'Ali');
  assert.equal(textAt(info, 'isMessengerUser'), 'true');
  assert.equal(textAt(info, 'CID'), cidOf(s.alice.guid));
  assert.deepEqual(childrenNamed(path(info, 'groupIds'), 'guid').map((g) => g.text), [s.friends.id]);
  assert.deepEqual(alice.children.map((c) => c.name), ['contactId', 'contactInfo', 'propertiesChanged', 'fDeleted', 'lastChange']);

  const dave = byEmail(contacts(doc), 'dave@local')!;
  assert.equal(textAt(dave, 'contactInfo', 'displayName'), 'Dave', 'no nickname → their own name');
  assert.equal(path(dave, 'contactInfo', 'groupIds'), undefined);
});

test('the Me contact carries the name (escaped) and BLP/GTC/MBEA annotations', async () => {
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: token }));
  assert.match(res.body, /<displayName>Me &amp; &lt;Myself&gt;<\/displayName>/);
  const me = byEmail(contacts(doc), 'me@local')!;
  assert.equal(textAt(me, 'contactInfo', 'displayName'), 'Me & <Myself>');
  assert.equal(textAt(me, 'contactId'), s.me.guid);
  assert.deepEqual(annotations(me), { 'MSN.IM.MBEA': '0', 'MSN.IM.GTC': '2', 'MSN.IM.BLP': '2' });

  srv.core.directory.setPrivacy(s.me.id, { blp: 'AL', gtc: 'A' });
  const again = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: token }));
  assert.deepEqual(annotations(byEmail(contacts(again.doc), 'me@local')!), { 'MSN.IM.MBEA': '0', 'MSN.IM.GTC': '1', 'MSN.IM.BLP': '1' });
  srv.core.directory.setPrivacy(s.me.id, { blp: 'BL', gtc: 'N' });
});

test('groups and the ab block', async () => {
  const { doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: token }));
  const result = path(doc, 'Body', 'ABFindAllResponse', 'ABFindAllResult')!;
  assert.deepEqual(result.children.map((c) => c.name), ['groups', 'contacts', 'ab']);
  const groups = childrenNamed(path(result, 'groups'), 'Group');
  assert.equal(groups.length, 1);
  assert.equal(textAt(groups[0], 'groupId'), s.friends.id);
  assert.equal(textAt(groups[0], 'groupInfo', 'name'), 'Friends');
  assert.equal(textAt(groups[0], 'groupInfo', 'groupType'), 'c8529ce2-6ead-434d-881f-341e17db3ff8');
  const ab = path(result, 'ab')!;
  assert.equal(textAt(ab, 'abId'), '00000000-0000-0000-0000-000000000000');
  assert.equal(textAt(ab, 'abInfo', 'ownerEmail'), 'me@local');
  assert.equal(textAt(ab, 'abInfo', 'OwnerCID'), cidOf(s.me.guid));
  assert.equal(textAt(ab, 'abInfo', 'fDefault'), 'true');
});

test('deltasOnly=true from a client that has nothing yet (lastChange 0001-01-01) gets the complete list', async () => {
  const body = AB_FIND_ALL_BODY.replace('<deltasOnly>false</deltasOnly>', '<deltasOnly>true</deltasOnly>');
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(body, { ticketToken: token }));
  assert.equal(res.status, 200);
  assert.equal(contacts(doc).length, 3);
});

test('ABFindAll on the SharingService endpoint is a fault, not an answer', async () => {
  const { res, doc } = await postSoap(srv, '/abservice/SharingService.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: token }));
  assert.equal(res.status, 500);
  assert.equal(textAt(doc, 'Body', 'Fault', 'detail', 'errorcode'), 'BadRequest');
});
