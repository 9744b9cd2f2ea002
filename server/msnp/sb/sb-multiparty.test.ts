// Group conversations: a third person CALled in by a member who did not start it, across three
// dialects (MSNP16, MSNP8, MSNP12); one member dropping without OUT; and MSNP16's two names for a
// member that signed in with a machine GUID (Messenger for Mac 8, which sends none, appears once).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { answerRing, openSwitchboard, textPayload } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const GUID = '44BFD5A4-7450-4BDA-BA3A-C51B3031126D';

before(async () => {
  app = await startTestServer();
  const ids: number[] = [];
  for (const [email, name] of [['alice@lan', 'Alice'], ['bob@lan', 'Bob'], ['carol@lan', 'Carol'], ['dave@lan', 'Dave']] as const) {
    ids.push((await app.core.directory.createAccount(email, 'pw-' + name, name)).id);
  }
  // Everyone has everyone.
  for (const a of ids) for (const b of ids) if (a !== b) app.core.directory.addToLists(a, b, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const signIn = (email: string, version: 'MSNP8' | 'MSNP12' | 'MSNP16') => {
  const name = email[0]!.toUpperCase() + email.slice(1, email.indexOf('@'));
  return signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: 'pw-' + name, version });
};

test('three dialects in one conversation; a member dropping without OUT is a BYE to the others', async () => {
  const alice = await signIn('alice@lan', 'MSNP16');
  const bob = await signIn('bob@lan', 'MSNP8');
  const carol = await signIn('carol@lan', 'MSNP12');

  const { sb: aliceSb } = await openSwitchboard(alice, { handle: `alice@lan;{${GUID}}` });
  aliceSb.send('CAL 2 bob@lan');
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(await aliceSb.nextLine())![1]!;
  const { sb: bobSb } = await answerRing(bob, { handle: 'bob@lan' });
  assert.equal(await bobSb.nextLine(), 'IRO 1 1 1 alice@lan Alice');
  assert.equal(await bobSb.nextLine(), 'ANS 1 OK');
  assert.equal(await aliceSb.nextLine(), 'JOI bob@lan Bob 1085276192:0');

  // Bob, who did not start it, brings Carol (MSNP12: RNG without "U …", IRO and JOI with caps).
  bobSb.send('CAL 2 carol@lan');
  assert.equal(await bobSb.nextLine(), `CAL 2 RINGING ${sessionId}`);
  const { sb: carolSb, rng } = await answerRing(carol, { handle: 'carol@lan' });
  assert.match(rng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ bob@lan Bob$`));
  assert.equal(await carolSb.nextLine(), 'IRO 1 1 2 alice@lan Alice 1085276192');
  assert.equal(await carolSb.nextLine(), 'IRO 1 2 2 bob@lan Bob 1085276192');
  assert.equal(await carolSb.nextLine(), 'ANS 1 OK');
  assert.equal(await aliceSb.nextLine(), 'JOI carol@lan Carol 1085276192:0');
  assert.equal(await bobSb.nextLine(), 'JOI carol@lan Carol');

  // Someone already there: 215.
  carolSb.send('CAL 2 alice@lan');
  assert.equal(await carolSb.nextLine(), '215 2');

  // One message reaches both others.
  const hi = textPayload('Hello both');
  carolSb.sendPayload('MSG 3 A', hi);
  assert.equal(await carolSb.nextLine(), 'ACK 3');
  assert.deepEqual(await aliceSb.next(), { line: `MSG carol@lan Carol ${Buffer.byteLength(hi)}`, payload: hi });
  assert.deepEqual(await bobSb.next(), { line: `MSG carol@lan Carol ${Buffer.byteLength(hi)}`, payload: hi });

  // Bob's connection just drops: both others get BYE, and the two carry on.
  bobSb.close();
  assert.equal(await aliceSb.nextLine(), 'BYE bob@lan');
  assert.equal(await carolSb.nextLine(), 'BYE bob@lan');
  const still = textPayload('Still here');
  aliceSb.sendPayload('MSG 5 A', still);
  assert.equal(await aliceSb.nextLine(), 'ACK 5');
  assert.deepEqual(await carolSb.next(), { line: `MSG alice@lan Alice ${Buffer.byteLength(still)}`, payload: still });

  // The last two leave; the session is gone.
  aliceSb.send('OUT');
  assert.equal(await carolSb.nextLine(), 'BYE alice@lan');
  carolSb.send('OUT');
  await carolSb.waitClosed();
  await until(() => app.sb.switchboards.stats().sessions === 0);
  assert.deepEqual(app.sb.switchboards.stats(), { sessions: 0, members: 0, cookies: 0 });
  for (const c of [alice, bob, carol]) c.close();
});

test('MSNP16: a member with a machine GUID is named twice in IRO, JOI and BYE; Mac 8 (no GUID) once', async () => {
  const alice = await signIn('alice@lan', 'MSNP16');
  const dave = await signIn('dave@lan', 'MSNP16');

  const { sb: aliceSb } = await openSwitchboard(alice, { handle: `alice@lan;{${GUID}}` });
  aliceSb.send('CAL 2 dave@lan');
  assert.match(await aliceSb.nextLine(), /^CAL 2 RINGING \d+$/);
  // Dave is Messenger for Mac 8: TWN on MSNP16, no GUID in ANS.
  const { sb: daveSb } = await answerRing(dave, { handle: 'dave@lan' });
  assert.equal(await daveSb.nextLine(), `IRO 1 1 2 alice@lan;{${GUID}} Alice 1085276192:131088`);
  assert.equal(await daveSb.nextLine(), 'IRO 1 2 2 alice@lan Alice 1085276192:131088');
  assert.equal(await daveSb.nextLine(), 'ANS 1 OK');
  assert.equal(await aliceSb.nextLine(), 'JOI dave@lan Dave 1085276192:131088');

  aliceSb.close();
  assert.equal(await daveSb.nextLine(), `BYE alice@lan;{${GUID}}`);
  assert.equal(await daveSb.nextLine(), 'BYE alice@lan');
  daveSb.close();
  await until(() => app.sb.switchboards.stats().sessions === 0);
  alice.close();
  dave.close();
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond());
}
