// A presence fan-out encodes each dialect's lines ONCE and writes that same Buffer to every
// watcher of the dialect (connection.ts, SharedOutput): no join and no UTF-8 encoding per socket.
// Every watcher still reads its own dialect's exact lines, and the traffic view still shows each
// line sent to each watcher.
//   star: CHG 9 BSY 1085276192:131088
//   MSNP8 watchers:  NLN BSY star@lan Star 1085276192
//   MSNP16 watchers: NLN BSY star@lan 1 Star 1085276192:131088 %3Cmsnobj%2F%3E   UBX star@lan 1 <n>
//   MSNP18 watchers: NLN BSY 1:star@lan Star 1085276192:131088 %3Cmsnobj%2F%3E   UBX 1:star@lan <n>
import { test, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { signInWlm2009 } from '../../test-support/wlm2009-client';
import type { MsnpTestClient } from '../../test-support/msnp-client';
import { List } from '../../core/model';

const app = await startTestServer();
after(() => app.cleanup());

const WATCHERS = [
  { email: 'w8a@lan', version: 'MSNP8' },
  { email: 'w8b@lan', version: 'MSNP8' },
  { email: 'w16a@lan', version: 'MSNP16' },
  { email: 'w16b@lan', version: 'MSNP16' },
  { email: 'w18a@lan', version: 'MSNP18' },
  { email: 'w18b@lan', version: 'MSNP18' },
] as const;

test('one Buffer per dialect per change, written to every watcher of that dialect; exact lines over real sockets', async () => {
  const star = await app.core.directory.createAccount('star@lan', 'pw', 'Star');
  for (const w of WATCHERS) {
    const u = await app.core.directory.createAccount(w.email, 'pw', w.email);
    app.core.directory.addToLists(u.id, star.id, List.FL | List.AL);
    app.core.directory.addToLists(star.id, u.id, List.FL | List.AL);
  }
  const ports = { nsPort: app.ports.ns, httpPort: app.ports.http, password: 'pw' };
  const clients: MsnpTestClient[] = [];
  for (const [i, w] of WATCHERS.entries()) {
    clients.push(
      w.version === 'MSNP18'
        ? await signInWlm2009({ ...ports, email: w.email, guid: `{00000000-0000-0000-0000-00000000000${i}}` })
        : await signInClient({ ...ports, email: w.email, version: w.version }),
    );
  }
  const s = await signInClient({ ...ports, email: 'star@lan', version: 'MSNP16' });
  for (const c of clients) await c.take('NLN NLN ');
  for (const c of [...clients, s]) await c.quiet(100);

  // Every write of the server's sockets that carries the change's NLN.
  const written: { socket: net.Socket; chunk: unknown }[] = [];
  const original = net.Socket.prototype.write as (...a: unknown[]) => boolean;
  const write = mock.method(net.Socket.prototype, 'write', function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    const text = Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk);
    if (text.includes('NLN BSY ') && text.includes('star@lan')) written.push({ socket: this, chunk });
    return original.call(this, chunk, ...rest);
  });
  const seqBefore = app.tap.recent(1)[0]!.seq;
  try {
    s.send('CHG 9 BSY 1085276192:131088');
    assert.equal(await s.nextLine(), 'CHG 9 BSY 1085276192:131088');
    const [w8a, w8b, w16a, w16b, w18a, w18b] = clients as [MsnpTestClient, MsnpTestClient, MsnpTestClient, MsnpTestClient, MsnpTestClient, MsnpTestClient];
    for (const c of [w8a, w8b]) assert.equal(await c.nextLine(), 'NLN BSY star@lan Star 1085276192');
    const ubx16: string[] = [];
    for (const c of [w16a, w16b]) {
      assert.equal(await c.nextLine(), 'NLN BSY star@lan 1 Star 1085276192:131088 %3Cmsnobj%2F%3E');
      const ubx = await c.next();
      assert.match(ubx.line, /^UBX star@lan 1 \d+$/);
      ubx16.push(`${ubx.line}\r\n${ubx.payload}`);
    }
    const ubx18: string[] = [];
    for (const c of [w18a, w18b]) {
      assert.equal(await c.nextLine(), 'NLN BSY 1:star@lan Star 1085276192:131088 %3Cmsnobj%2F%3E');
      const ubx = await c.next();
      assert.match(ubx.line, /^UBX 1:star@lan \d+$/);
      ubx18.push(`${ubx.line}\r\n${ubx.payload}`);
    }
    assert.equal(ubx16[0], ubx16[1]);
    assert.equal(ubx18[0], ubx18[1]);
    for (const c of clients) assert.deepEqual(await c.quiet(100), [], 'nothing else for the change');
  } finally {
    write.mock.restore();
  }

  // Six watchers, six writes; three Buffers, one per dialect, each written to both its watchers.
  assert.equal(written.length, 6);
  assert.ok(written.every((w) => Buffer.isBuffer(w.chunk)), 'bytes encoded before the writes, not text per socket');
  assert.equal(new Set(written.map((w) => w.socket)).size, 6, 'one write per watcher');
  const buffers = [...new Set(written.map((w) => w.chunk as Buffer))];
  assert.equal(buffers.length, 3, 'one Buffer per dialect, shared by its watchers');
  assert.deepEqual(
    buffers.map((b) => written.filter((w) => w.chunk === b).length),
    [2, 2, 2],
  );

  // The traffic view still has every line each watcher was sent.
  const out = app.tap.recent().filter((r) => r.seq > seqBefore && r.direction === 'out' && r.line.includes('star@lan') && /^(NLN BSY|UBX)/.test(r.line));
  const perAccount = (email: string) => out.filter((r) => r.account === email).map((r) => r.command);
  for (const w of WATCHERS) assert.deepEqual(perAccount(w.email), w.version === 'MSNP8' ? ['NLN'] : ['NLN', 'UBX'], w.email);
  for (const c of [...clients, s]) c.close();
});
