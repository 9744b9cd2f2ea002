// AddMember / DeleteMember as PAPYON and WLM send them: allow, block (either order), answer a
// pending "has added you", and the faults MemberAlreadyExists / MemberDoesNotExist.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { List } from '../../core/model';
import { FIND_MEMBERSHIP_BODY, faultCode, memberships, postSoap, soapRequest } from './soapkit';
import { memberBody } from './ab-requests';

let srv: TestServer;
let token: string;
const ids: Record<string, number> = {};
before(async () => {
  srv = await startServer();
  for (const n of ['me', 'bob', 'carol', 'dan']) ids[n] = (await srv.core.directory.createAccount(`${n}@lan`, `pw-${n}`, n)).id;
  token = await loginTicket(srv, 'me@lan', 'pw-me');
  // Carol and Dan added me; I have not answered.
  srv.core.directory.addToLists(ids.carol!, ids.me!, List.FL);
  srv.core.directory.addToLists(ids.dan!, ids.me!, List.FL);
});
after(() => srv.close());

const sharing = (action: string, body: string) =>
  postSoap(srv, '/abservice/SharingService.asmx', action, soapRequest(body, { ticketToken: token, scenario: 'BlockUnblock' }));
const bits = (owner: string, contact: string) => srv.core.lists.entry(ids[owner]!, ids[contact]!)?.lists ?? 0;

test('AddMember Allow, then Block: the allow goes; Allow again unblocks', async () => {
  assert.equal((await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'bob@lan' }]))).res.status, 200);
  assert.equal(bits('me', 'bob'), List.AL);
  assert.equal(faultCode((await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'bob@lan' }]))).doc), 'MemberAlreadyExists');
  const block = await sharing('AddMember', memberBody('AddMember', 'Block', [{ email: 'bob@lan' }]));
  assert.equal(block.res.status, 200);
  assert.match(block.res.body, /<AddMemberResponse xmlns="http:\/\/www\.msn\.com\/webservices\/AddressBook"\/>/);
  assert.equal(bits('me', 'bob'), List.BL);
  await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'bob@lan' }]));
  assert.equal(bits('me', 'bob'), List.AL);
});

test('WLM order: DeleteMember Allow then AddMember Block', async () => {
  assert.equal((await sharing('DeleteMember', memberBody('DeleteMember', 'Allow', [{ email: 'bob@lan' }]))).res.status, 200);
  assert.equal(bits('me', 'bob'), 0);
  await sharing('AddMember', memberBody('AddMember', 'Block', [{ email: 'bob@lan' }]));
  assert.equal(bits('me', 'bob'), List.BL);
  assert.deepEqual(memberships((await sharing('FindMembership', FIND_MEMBERSHIP_BODY)).doc).Block, ['bob@lan']);
});

test('accepting as PAPYON does: AddMember Reverse (already there), AddMember Allow, DeleteMember Pending', async () => {
  assert.equal(bits('me', 'carol'), List.RL | List.PL);
  assert.equal(faultCode((await sharing('AddMember', memberBody('AddMember', 'Reverse', [{ email: 'carol@lan' }]))).doc), 'MemberAlreadyExists');
  await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'carol@lan' }]));
  assert.equal(bits('me', 'carol'), List.AL | List.RL, 'allowing answers the prompt');
  // PAPYON deletes Pending last; allowing already answered it, so that is fine too.
  assert.equal((await sharing('DeleteMember', memberBody('DeleteMember', 'Pending', [{ email: 'carol@lan' }]))).res.status, 200);
  assert.equal(faultCode((await sharing('DeleteMember', memberBody('DeleteMember', 'Block', [{ email: 'carol@lan' }]))).doc), 'MemberDoesNotExist', 'never blocked');
  // Reverse mirrors Carol's own list: deleting it changes nothing.
  assert.equal((await sharing('DeleteMember', memberBody('DeleteMember', 'Reverse', [{ email: 'carol@lan' }]))).res.status, 200);
  assert.equal(bits('me', 'carol'), List.AL | List.RL);
  assert.equal(bits('carol', 'me'), List.FL);
});

test('dismissing a pending contact by MembershipId (as FindMembership gave it)', async () => {
  const fm = await sharing('FindMembership', FIND_MEMBERSHIP_BODY);
  assert.deepEqual(memberships(fm.doc).Pending, ['dan@lan']);
  const res = await sharing('DeleteMember', memberBody('DeleteMember', 'Pending', [{ membershipId: String(ids.dan) }]));
  assert.equal(res.res.status, 200);
  assert.equal(bits('me', 'dan'), List.RL);
  assert.equal(faultCode((await sharing('DeleteMember', memberBody('DeleteMember', 'Pending', [{ membershipId: '999999' }]))).doc), 'MemberDoesNotExist');
});

test('unknown addresses, roles and services', async () => {
  assert.equal(faultCode((await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'ghost@lan' }]))).doc), 'InvalidPassportUser');
  assert.equal(faultCode((await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'bad address' }]))).doc), 'BadEmailArgument');
  assert.equal(faultCode((await sharing('AddMember', memberBody('AddMember', 'Owner', [{ email: 'bob@lan' }]))).doc), 'BadArgument');
  assert.equal(faultCode((await sharing('AddMember', memberBody('AddMember', 'Allow', [{ email: 'bob@lan' }], 'Profile'))).doc), 'BadArgument');
  // Served on abservice.asmx too (ESC routes both paths to one handler).
  const other = await postSoap(srv, '/abservice/abservice.asmx', 'DeleteMember', soapRequest(memberBody('DeleteMember', 'Block', [{ email: 'bob@lan' }]), { ticketToken: token }));
  assert.equal(other.res.status, 200);
  assert.equal(bits('me', 'bob'), 0);
});
