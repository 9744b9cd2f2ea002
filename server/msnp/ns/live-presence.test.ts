// Two Messenger for Mac users who have each other: sign-in, status, PSM, name and sign-out
// reach the other at once, as NLN/UBX/FLN in the watcher's own dialect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInMac } from '../../test-support/mac-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
  const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
  const carol = await app.core.directory.createAccount('carol@lan', 'carol-pw', 'Carol');
  app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
  // Carol has Bob, but Bob has blocked her.
  app.core.directory.addToLists(carol.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, carol.id, List.BL);
  // Carol also has Alice, who has not allowed or blocked her (so Alice's BLP decides).
  app.core.directory.addToLists(carol.id, alice.id, List.FL);
});
after(async () => {
  await app.cleanup();
});

const ports = () => ({ nsPort: app.ports.ns, httpPort: app.ports.http });
const data = (psm: string) => `<Data><PSM>${psm}</PSM><CurrentMedia></CurrentMedia></Data>`;

test('sign-in, status, PSM and name changes and a dropped connection reach the watcher', async () => {
  const alice = await signInMac({ ...ports(), email: 'alice@lan', password: 'alice-pw', version: 'MSNP16' });
  assert.deepEqual(await alice.quiet(100), [], 'Bob is offline: no presence for him yet');
  const bob = await signInMac({ ...ports(), email: 'bob@lan', password: 'bob-pw', version: 'MSNP14', status: 'BSY' });
  // Bob's burst shows Alice (MSNP14 syntax, her MSNP16 caps cut to the base number).
  assert.equal(await bob.nextLine(), 'ILN 5 NLN alice@lan 1 Alice 1085276192 %3Cmsnobj%2F%3E');
  assert.equal((await bob.next()).line, `UBX alice@lan 1 ${data('').length}`);
  // Alice (MSNP16) sees Bob arrive: NLN with caps:ext, then UBX.
  assert.equal(await alice.nextLine(), 'NLN BSY bob@lan 1 Bob 1085276192:0 %3Cmsnobj%2F%3E');
  assert.deepEqual(await alice.next(), { line: `UBX bob@lan 1 ${data('').length}`, payload: data('') });

  // A new personal message alone is a UBX, no NLN.
  bob.sendPayload('UUX 6', data('Out &amp; about'));
  assert.equal(await bob.nextLine(), 'UUX 6 0');
  const ubx = await alice.next();
  assert.equal(ubx.payload, data('Out &amp; about'));
  assert.equal(ubx.line, `UBX bob@lan 1 ${Buffer.byteLength(data('Out &amp; about'))}`);

  bob.send('CHG 7 AWY 1085276192:131088');
  assert.equal(await bob.nextLine(), 'CHG 7 AWY 1085276192:131088');
  assert.equal(await alice.nextLine(), 'NLN AWY bob@lan 1 Bob 1085276192:131088 %3Cmsnobj%2F%3E');
  await alice.until('UBX bob@lan'); // MSNP16 wants a UBX with every change

  bob.send('PRP 8 MFN Bobby%20B');
  assert.equal(await bob.nextLine(), 'PRP 8 MFN Bobby%20B');
  assert.equal(await alice.nextLine(), 'NLN AWY bob@lan 1 Bobby%20B 1085276192:131088 %3Cmsnobj%2F%3E');
  await alice.until('UBX bob@lan');
  // Alice's change reaches Bob in MSNP14 syntax, with no UBX when only the status changed.
  alice.send('CHG 9 LUN 1085276192:131088');
  assert.equal(await alice.nextLine(), 'CHG 9 LUN 1085276192:131088');
  assert.equal(await bob.nextLine(), 'NLN LUN alice@lan 1 Alice 1085276192 %3Cmsnobj%2F%3E');
  assert.deepEqual(await bob.quiet(150), []);

  // Appear offline: watchers see FLN, and nothing while hidden.
  bob.send('CHG 10 HDN 1085276192:131088');
  await bob.until('CHG 10 HDN');
  assert.equal(await alice.nextLine(), 'FLN bob@lan 1 0:0');
  bob.send('PRP 11 MFN Ghost');
  await bob.until('PRP 11');
  assert.deepEqual(await alice.quiet(150), [], 'a hidden user changing name tells no one');
  bob.send('CHG 12 NLN 1085276192:131088');
  await bob.until('CHG 12');
  assert.equal(await alice.nextLine(), 'NLN NLN bob@lan 1 Ghost 1085276192:131088 %3Cmsnobj%2F%3E');
  await alice.until('UBX bob@lan');

  // Bob vanishes without OUT: Alice gets FLN.
  bob.close();
  assert.equal(await alice.nextLine(), 'FLN bob@lan 1 0:0');
  alice.close();
});

test('a watcher on the BL sees the user offline; BLP BL hides from people on neither list', async () => {
  const carol = await signInMac({ ...ports(), email: 'carol@lan', password: 'carol-pw', version: 'MSNP15' });
  const bob = await signInMac({ ...ports(), email: 'bob@lan', password: 'bob-pw', version: 'MSNP15' });
  assert.deepEqual(await carol.quiet(200), [], 'Bob blocked Carol: she sees nothing of him');
  assert.ok(!carol.transcript().includes('bob@lan'));
  bob.close();

  const alice = await signInMac({ ...ports(), email: 'alice@lan', password: 'alice-pw', version: 'MSNP15' });
  alice.send('BLP 6 BL');
  assert.equal(await alice.nextLine(), 'BLP 6 BL');
  // Carol saw Alice sign in (BLP was AL then), and now loses sight of her.
  assert.equal(await carol.nextLine(), 'NLN NLN alice@lan 1 Alice 1085276192 %3Cmsnobj%2F%3E');
  await carol.until('UBX alice@lan');
  assert.equal(await carol.nextLine(), 'FLN alice@lan 1 0');
  alice.send('BLP 7 AL');
  assert.equal(await alice.nextLine(), 'BLP 7 AL');
  assert.equal(await carol.nextLine(), 'NLN NLN alice@lan 1 Alice 1085276192 %3Cmsnobj%2F%3E');
  alice.close();
  carol.close();
});

test('signing in again elsewhere signs the first client out with OUT OTH', async () => {
  const first = await signInMac({ ...ports(), email: 'alice@lan', password: 'alice-pw' });
  const second = await signInMac({ ...ports(), email: 'alice@lan', password: 'alice-pw' });
  assert.equal((await first.until('OUT')).line, 'OUT OTH');
  await first.waitClosed();
  second.send('PNG');
  assert.equal(await second.nextLine(), 'QNG 60');
  second.close();
});
