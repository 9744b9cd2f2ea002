// "Allow MSN Messenger 1.0–4.7" through the REST API: off by default, on only with the account's
// password, which a real MSNP7 client then signs in with; off again locks it out. --demo turns it on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer } from '../test-support/test-server';
import { MsnpTestClient } from '../test-support/msnp-client';
import { signInMd5 } from '../test-support/md5-client';
import { md5Answer } from '../core/md5-signin';
import type { Butterfly } from '../app';
import { apiClient, TEST_TOKEN } from './panel-test-kit';

let app: Butterfly & { cleanup(): Promise<void> };
let api: ReturnType<typeof apiClient>;
before(async () => {
  app = await startTestServer({ panelToken: TEST_TOKEN, demo: true });
  api = apiClient(app);
});
after(async () => {
  await app.cleanup();
});

async function md5Refused(email: string, password: string): Promise<void> {
  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 1 MSNP7');
  await c.nextLine();
  c.send(`USR 2 MD5 I ${email}`);
  const salt = (await c.nextLine()).slice('USR 2 MD5 S '.length);
  c.send(`USR 3 MD5 S ${md5Answer(salt, password)}`);
  assert.equal(await c.nextLine(), '911 3');
  await c.waitClosed();
}

test('off by default; on only with the right password; then MSNP7 signs in; off again refuses it', async () => {
  const created = await api('POST', '/api/accounts', { email: 'retro@lan', password: 'retro-pw' });
  assert.equal(created.body.allowsOldMessengers, false);
  await md5Refused('retro@lan', 'retro-pw');

  const wrong = await api('PUT', '/api/accounts/retro@lan/old-messengers', { allow: true, password: 'guess' });
  assert.equal(wrong.status, 403);
  assert.match(wrong.body.error, /not the password of retro@lan/);
  assert.equal((await api('PUT', '/api/accounts/retro@lan/old-messengers', { allow: true })).status, 403);

  const on = await api('PUT', '/api/accounts/retro@lan/old-messengers', { allow: true, password: 'retro-pw' });
  assert.equal(on.status, 200);
  assert.equal(on.body.allowsOldMessengers, true);
  (await signInMd5({ nsPort: app.ports.ns, email: 'retro@lan', password: 'retro-pw', version: 7 })).close();

  // The database holds no trace of the password; the sealing key is a file of its own in the data folder.
  const dbBytes = fs.readFileSync(path.join(app.config.dataDir, 'butterfly.sqlite'));
  const wal = path.join(app.config.dataDir, 'butterfly.sqlite-wal');
  const all = Buffer.concat([dbBytes, fs.existsSync(wal) ? fs.readFileSync(wal) : Buffer.alloc(0)]);
  assert.equal(all.includes(Buffer.from('retro-pw')), false);
  const keyFile = path.join(app.config.dataDir, 'md5-signin.key');
  assert.match(fs.readFileSync(keyFile, 'utf8'), /^[0-9a-f]{64}\n$/);
  if (process.platform !== 'win32') assert.equal(fs.statSync(keyFile).mode & 0o077, 0);

  const off = await api('PUT', '/api/accounts/retro@lan/old-messengers', { allow: false });
  assert.equal(off.body.allowsOldMessengers, false);
  await md5Refused('retro@lan', 'retro-pw');
  assert.equal((await api('PUT', '/api/accounts/nobody@lan/old-messengers', { allow: false })).status, 404);
});

test('--demo turns it on for its accounts', async () => {
  const accounts = (await api('GET', '/api/accounts')).body as { email: string; allowsOldMessengers: boolean }[];
  const me = accounts.find((a) => a.email === 'me@local')!;
  assert.equal(me.allowsOldMessengers, true);
  assert.ok(accounts.filter((a) => a.email.endsWith('@local')).every((a) => a.allowsOldMessengers));
  (await signInMd5({ nsPort: app.ports.ns, email: 'me@local', password: 'butterfly', version: 5 })).close();
});
