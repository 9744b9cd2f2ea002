// Editing and deleting accounts, removing contacts and reading groups through the REST API, with
// a real signed-in Mac client watching where it matters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { signInMac } from '../test-support/mac-client';
import { passportLogin } from '../test-support/passport-login';
import type { Butterfly } from '../app';
import { apiClient, TEST_TOKEN } from './panel-test-kit';

let app: Butterfly & { cleanup(): Promise<void> };
let api: ReturnType<typeof apiClient>;
before(async () => {
  app = await startTestServer({ panelToken: TEST_TOKEN });
  api = apiClient(app);
});
after(async () => {
  await app.cleanup();
});

test('PATCH an account: friendly name, password; 400 with nothing to change or a bad value; 404; 409 while signed in', async () => {
  await api('POST', '/api/accounts', { email: 'edit@lan', password: 'first-pw', displayName: 'Before' });
  const renamed = await api('PATCH', '/api/accounts/edit@lan', { displayName: 'After' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.displayName, 'After');

  assert.equal((await api('PATCH', '/api/accounts/edit@lan', { password: 'second-pw' })).status, 200);
  assert.equal((await passportLogin(app.ports.http, 'edit@lan', 'first-pw')).status, 401);
  assert.equal((await passportLogin(app.ports.http, 'edit@lan', 'second-pw')).status, 200);

  assert.equal((await api('PATCH', '/api/accounts/edit@lan', {})).status, 400);
  assert.equal((await api('PATCH', '/api/accounts/edit@lan', { displayName: '' })).status, 400);
  assert.equal((await api('PATCH', '/api/accounts/edit@lan', { displayName: 'two\nlines' })).status, 400);
  assert.equal((await api('PATCH', '/api/accounts/edit@lan', { password: '' })).status, 400);
  // A bad password refuses the whole change: the name stays.
  assert.equal((await api('PATCH', '/api/accounts/edit@lan', { displayName: 'Half', password: '' })).status, 400);
  assert.equal((await api('GET', '/api/accounts')).body.find((a: any) => a.email === 'edit@lan').displayName, 'After');
  assert.equal((await api('PATCH', '/api/accounts/nobody@lan', { displayName: 'X' })).status, 404);

  const mac = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'edit@lan', password: 'second-pw' });
  const refused = await api('PATCH', '/api/accounts/edit@lan', { displayName: 'Sneaky' });
  assert.equal(refused.status, 409);
  assert.match(refused.body.error, /signed in/);
  // A password change is for the next sign-in and is allowed meanwhile.
  assert.equal((await api('PATCH', '/api/accounts/edit@lan', { password: 'third-pw' })).status, 200);
  mac.close();
});

test('remove a contact: off the owner\'s lists, the other side\'s reverse list follows; 404 when not on the list', async () => {
  await api('POST', '/api/accounts', { email: 'owner@lan', password: 'pw-owner' });
  await api('POST', '/api/accounts', { email: 'friend@lan', password: 'pw-friend' });
  await api('POST', '/api/accounts/owner@lan/contacts', { email: 'friend@lan', mutual: true });

  const removed = await api('DELETE', '/api/accounts/owner@lan/contacts/friend@lan');
  assert.equal(removed.status, 200);
  // The friend still has the owner on their lists, so the owner keeps the friend on RL only.
  assert.deepEqual(removed.body.map((c: any) => [c.email, c.lists]), [['friend@lan', ['RL']]]);
  const theirs = await api('GET', '/api/accounts/friend@lan/contacts');
  assert.deepEqual(theirs.body.map((c: any) => [c.email, c.lists]), [['owner@lan', ['FL', 'AL']]]);

  assert.equal((await api('DELETE', '/api/accounts/owner@lan/contacts/friend@lan')).status, 404);
  assert.equal((await api('DELETE', '/api/accounts/owner@lan/contacts/nobody@lan')).status, 404);
});

test('groups: an account\'s groups and each contact\'s membership', async () => {
  await api('POST', '/api/accounts', { email: 'grouper@lan', password: 'pw-grouper' });
  await api('POST', '/api/accounts', { email: 'member@lan', password: 'pw-member' });
  await api('POST', '/api/accounts/grouper@lan/contacts', { email: 'member@lan' });
  assert.deepEqual((await api('GET', '/api/accounts/grouper@lan/groups')).body, []);

  const owner = app.core.users.byEmail('grouper@lan')!;
  const member = app.core.users.byEmail('member@lan')!;
  const group = app.core.lists.addGroup(owner.id, 'Friends');
  app.core.lists.addToGroup(owner.id, member.id, group.id);

  const groups = await api('GET', '/api/accounts/grouper@lan/groups');
  assert.deepEqual(groups.body, [{ id: group.id, name: 'Friends' }]);
  const contacts = await api('GET', '/api/accounts/grouper@lan/contacts');
  assert.deepEqual(contacts.body[0].groups, [group.id]);
  assert.equal((await api('GET', '/api/accounts/nobody@lan/groups')).status, 404);
});

test('delete a panel-driven account: watchers see it go offline, it leaves their lists; 404 afterwards', async () => {
  await api('POST', '/api/accounts', { email: 'watcher@lan', password: 'pw-watcher' });
  await api('POST', '/api/accounts', { email: 'doomed@lan', password: 'pw-doomed', displayName: 'Doomed' });
  await api('POST', '/api/accounts/watcher@lan/contacts', { email: 'doomed@lan', mutual: true });
  await api('PUT', '/api/accounts/doomed@lan/presence', { status: 'NLN' });
  const mac = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'watcher@lan', password: 'pw-watcher' });

  const deleted = await api('DELETE', '/api/accounts/doomed@lan');
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, { deleted: 'doomed@lan' });
  assert.equal((await mac.until('FLN doomed@lan')).line, 'FLN doomed@lan 1 0:0');
  assert.deepEqual((await api('GET', '/api/accounts/watcher@lan/contacts')).body, []);
  assert.ok(!(await api('GET', '/api/accounts')).body.some((a: any) => a.email === 'doomed@lan'));
  assert.equal((await api('DELETE', '/api/accounts/doomed@lan')).status, 404);
  assert.equal((await passportLogin(app.ports.http, 'doomed@lan', 'pw-doomed')).status, 401);
  mac.close();
});

test('delete a signed-in account: its client is signed out with OUT', async () => {
  await api('POST', '/api/accounts', { email: 'leaving@lan', password: 'pw-leaving' });
  const mac = await signInMac({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'leaving@lan', password: 'pw-leaving' });
  assert.equal((await api('DELETE', '/api/accounts/leaving@lan')).status, 200);
  assert.equal((await mac.until('OUT')).line, 'OUT');
  await mac.waitClosed();
  assert.ok(!(await api('GET', '/api/sessions')).body.some((s: any) => s.account === 'leaving@lan'));
});
