// FindMembership as WLM 8 / Messenger for Mac ask for it after signing in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { cidOf } from './ids';
import { childrenNamed, path } from '../../xml/xml';
import { FIND_MEMBERSHIP_BODY, memberships, postSoap, seedScenario, soapRequest } from './soapkit';

let srv: TestServer;
let s: Awaited<ReturnType<typeof seedScenario>>;
let token: string;
before(async () => {
  srv = await startServer({ host: '192.168.1.20', httpPort: 80, httpsPort: 443 });
  s = await seedScenario(srv);
  token = await loginTicket(srv, 'me@local', 'secret-me');
});
after(() => srv.close());

test('POST /abservice/SharingService.asmx → Allow/Block/Reverse/Pending from the list bits', async () => {
  const { res, doc } = await postSoap(srv, '/abservice/SharingService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: token }));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
  assert.ok(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?><soap:Envelope'), 'XML declaration first');
  assert.deepEqual(memberships(doc), {
    Allow: ['alice@local', 'dave@local'],
    Block: ['bob@local'],
    // Carol awaits my answer: listed under Pending only, not also under Reverse (issue 12).
    Reverse: ['dave@local'],
    Pending: ['carol@local'],
  });
});

test('member elements: BaseMember then PassportMember fields, in order', async () => {
  const { doc } = await postSoap(srv, '/abservice/SharingService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: token }));
  const service = path(doc, 'Body', 'FindMembershipResponse', 'FindMembershipResult', 'Services', 'Service')!;
  const allow = childrenNamed(path(service, 'Memberships'), 'Membership')[0]!;
  assert.deepEqual(allow.children.map((c) => c.name), ['MemberRole', 'Members', 'MembershipIsComplete']);
  const alice = childrenNamed(path(allow, 'Members'), 'Member')[0]!;
  assert.equal(alice.attrs['xsi:type'], 'PassportMember');
  assert.deepEqual(
    alice.children.map((c) => c.name),
    ['MembershipId', 'Type', 'DisplayName', 'State', 'Deleted', 'LastChanged', 'JoinedDate', 'ExpirationDate', 'Changes',
      'PassportName', 'IsPassportNameHidden', 'PassportId', 'CID', 'PassportChanges', 'LookedupByCID'],
  );
  const text = (n: string) => path(alice, n)!.text;
  assert.equal(text('MembershipId'), String(s.alice.id));
  assert.equal(text('Type'), 'Passport');
  assert.equal(text('State'), 'Accepted');
  assert.equal(text('DisplayName'), 'Alice');
  assert.equal(text('PassportName'), 'alice@local');
  assert.equal(text('CID'), cidOf(s.alice.guid));
  assert.match(text('CID'), /^-?\d{1,19}$/);
  assert.match(text('LastChanged'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  assert.equal(text('ExpirationDate'), '0001-01-01T00:00:00');

  // Service info handle and owner namespace.
  assert.equal(path(service, 'Info', 'Handle', 'Id')!.text, '1');
  assert.equal(path(service, 'Info', 'Handle', 'Type')!.text, 'Messenger');
  const owner = path(doc, 'Body', 'FindMembershipResponse', 'FindMembershipResult', 'OwnerNamespace')!;
  assert.equal(path(owner, 'Info', 'Handle', 'Id')!.text, '00000000-0000-0000-0000-000000000000');
  assert.equal(path(owner, 'Info', 'CreatorPassportName')!.text, 'me@local');
  assert.equal(path(owner, 'Info', 'CreatorCID')!.text, cidOf(s.me.guid));

  // ServiceHeader names our host, never a Microsoft one.
  const sh = path(doc, 'Header', 'ServiceHeader')!;
  assert.deepEqual(sh.children.map((c) => c.name), ['Version', 'CacheKey', 'CacheKeyChanged', 'PreferredHostName', 'SessionId']);
  assert.equal(path(sh, 'PreferredHostName')!.text, '192.168.1.20');
});

test('also accepted on /abservice/abservice.asmx (NINA posts it there), any path case', async () => {
  const { res, doc } = await postSoap(srv, '/ABService/ABService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: token }));
  assert.equal(res.status, 200);
  assert.deepEqual(memberships(doc).Block, ['bob@local']);
});

test('an account with no lists gets an empty Memberships, still well-formed', async () => {
  await srv.core.directory.createAccount('lonely@local', 'pw-lonely');
  const t = await loginTicket(srv, 'lonely@local', 'pw-lonely');
  const { res, doc } = await postSoap(srv, '/abservice/SharingService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: t }));
  assert.equal(res.status, 200);
  assert.deepEqual(memberships(doc), {});
});

test('the tap shows the exchange under the account', async () => {
  srv.tap.clear();
  await postSoap(srv, '/abservice/SharingService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: token }));
  const recs = srv.tap.recent();
  assert.deepEqual(recs.map((r) => [r.direction, r.account]), [['in', 'me@local'], ['out', 'me@local']]);
  assert.equal(recs[0]!.line, 'POST /abservice/SharingService.asmx HTTP/1.1');
  assert.match(recs[1]!.payload!, /<FindMembershipResponse/);
});
