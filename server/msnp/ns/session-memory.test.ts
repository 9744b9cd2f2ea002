// What a signed-in session keeps is what it needs while signed in: the sign-in deadline's timer is
// cleared at sign-in (not when the connection closes, minutes or hours later), the address from
// USR … I and the ticket go, and values alike for many clients (client version, locale,
// capabilities) are one shared copy, not cut from each client's command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInMac } from '../../test-support/mac-client';
import { internedCount } from '../../core/intern';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const ids = [];
  for (const n of ['ann', 'ben', 'cat']) ids.push((await app.core.directory.createAccount(`${n}@lan`, `${n}-pw`, n)).id);
  for (const a of ids) for (const b of ids) if (a !== b) app.core.directory.addToLists(a, b, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

test('after sign-in: the deadline timer is cleared, no sign-in leftovers, shared client strings', async () => {
  const deadline = app.limits.nsSignInMs;
  const deadlines = new Set<unknown>();
  const cleared = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  // Watch the timers the server arms for the sign-in deadline (its own duration) and which are cleared.
  globalThis.setTimeout = ((fn: () => void, ms?: number, ...rest: unknown[]) => {
    const t = realSet(fn, ms, ...rest);
    if (ms === deadline) deadlines.add(t);
    return t;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((t: Parameters<typeof clearTimeout>[0]) => {
    cleared.add(t);
    realClear(t);
  }) as typeof clearTimeout;
  const ports = { nsPort: app.ports.ns, httpPort: app.ports.http };
  try {
    const before = internedCount();
    const clients = [];
    for (const n of ['ann', 'ben', 'cat']) clients.push(await signInMac({ ...ports, email: `${n}@lan`, password: `${n}-pw`, version: 'MSNP16' }));
    await Promise.all(clients.map((c) => c.quiet(100)));
    assert.equal(deadlines.size, 3, 'one deadline per connection');
    for (const t of deadlines) assert.ok(cleared.has(t), 'the deadline was cleared at sign-in, the connection still open');
    const sessions = [...app.ns.sessions];
    assert.equal(sessions.length, 3);
    for (const s of sessions) {
      assert.ok(s.signedIn);
      assert.equal(s.pendingEmail, undefined, 'the USR I address went once the user was known');
      assert.equal('ticket' in s, false, 'no ticket kept');
      assert.equal(s.clientInfo.client, 'macmsgs 8.0.1 (mac 10.14.6)');
      assert.equal(s.clientInfo.locale, '0x0409');
    }
    // Three clients of one version, one locale, one capabilities value: three shared strings at most.
    assert.ok(internedCount() - before <= 3, `${internedCount() - before} strings interned for 3 alike clients`);
    for (const c of clients) c.close();
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
});
