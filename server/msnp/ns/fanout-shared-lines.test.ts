// Presence fan-out formats each dialect's lines once per change, however many watchers hear it:
// five watchers on two dialects cost two NLN formattings, and each still gets its own dialect's
// exact line.
//   star: CHG 9 BSY …   ->  MSNP16 watchers: NLN BSY star@lan 1 Star 1085276192:131088 %3Cmsnobj%2F%3E (+ UBX)
//                           MSNP14 watchers: NLN BSY star@lan 1 Star 1085276192 %3Cmsnobj%2F%3E
import { test, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInMac } from '../../test-support/mac-client';
import { List } from '../../core/model';
import { Dialect } from '../dialects/dialect';

const app = await startTestServer();
after(() => app.cleanup());

test('a change seen by five watchers on two dialects is formatted twice, and each gets its dialect line', async () => {
  const star = await app.core.directory.createAccount('star@lan', 'pw', 'Star');
  const watchers = [
    { email: 'w0@lan', version: 'MSNP16' as const },
    { email: 'w1@lan', version: 'MSNP16' as const },
    { email: 'w2@lan', version: 'MSNP16' as const },
    { email: 'w3@lan', version: 'MSNP14' as const },
    { email: 'w4@lan', version: 'MSNP14' as const },
  ];
  for (const w of watchers) {
    const u = await app.core.directory.createAccount(w.email, 'pw', w.email);
    app.core.directory.addToLists(u.id, star.id, List.FL | List.AL);
    app.core.directory.addToLists(star.id, u.id, List.FL | List.AL);
  }
  const ports = { nsPort: app.ports.ns, httpPort: app.ports.http };
  const clients = [];
  for (const w of watchers) clients.push(await signInMac({ ...ports, email: w.email, password: 'pw', version: w.version }));
  const s = await signInMac({ ...ports, email: 'star@lan', password: 'pw', version: 'MSNP16' });
  for (const c of clients) await c.until('NLN NLN star@lan');
  for (const c of clients) await c.quiet(50);
  await s.quiet(50); // its own sign-in burst (ILN, UBX)

  const formatted = mock.method(Dialect.prototype, 'presenceChange');
  try {
    s.send('CHG 9 BSY 1085276192:131088');
    assert.equal(await s.nextLine(), 'CHG 9 BSY 1085276192:131088');
    for (const c of clients.slice(0, 3)) {
      assert.equal(await c.nextLine(), 'NLN BSY star@lan 1 Star 1085276192:131088 %3Cmsnobj%2F%3E');
      assert.match(await c.nextLine(), /^UBX star@lan 1 \d+$/);
    }
    for (const c of clients.slice(3)) assert.equal(await c.nextLine(), 'NLN BSY star@lan 1 Star 1085276192 %3Cmsnobj%2F%3E');
    assert.equal(formatted.mock.callCount(), 2, 'one NLN per dialect, not one per watcher');
  } finally {
    formatted.mock.restore();
  }
  for (const c of [...clients, s]) c.close();
});
