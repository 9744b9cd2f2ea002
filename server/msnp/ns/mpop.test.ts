// Several places at once (MPOP): one account signed in from two machines with WLM 2009. Its presence
// is one value (the latest change wins, offline only when the last place leaves); each place hears
// about the others in its own UBX; an invitation rings every place; a second sign-in with the same
// machine GUID replaces only that place (OUT OTH); "sign out there" and "sign out everywhere"
// (UUN … 4 goawyplzthxbye / UUN … 8 gtfo, as MSNPSharp 3.0 sends them) reach the other places.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInWlm2009, WLM2009_CAPS } from '../../test-support/wlm2009-client';
import { signInMac } from '../../test-support/mac-client';
import { answerRing, openSwitchboard, textPayload } from '../../test-support/sb-client';
import type { MsnpTestClient, Received } from '../../test-support/msnp-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const me = await app.core.directory.createAccount('me@lan', 'pw-me', 'Me');
  const bob = await app.core.directory.createAccount('bob@lan', 'pw-bob', 'Bob');
  app.core.directory.addToLists(me.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, me.id, List.FL | List.AL);
  const carol = await app.core.directory.createAccount('carol@lan', 'pw-carol', 'Carol');
  app.core.directory.addToLists(carol.id, me.id, List.FL | List.AL);
  app.core.directory.addToLists(me.id, carol.id, List.AL);
});
after(async () => {
  await app.cleanup();
});

const HOME = '{11111111-AAAA-4BBB-8CCC-000000000001}';
const WORK = '{22222222-AAAA-4BBB-8CCC-000000000002}';
const BOB = '{33333333-AAAA-4BBB-8CCC-000000000003}';
const ports = () => ({ nsPort: app.ports.ns, httpPort: app.ports.http });
const me = (guid: string, epName: string) => signInWlm2009({ ...ports(), email: 'me@lan', password: 'pw-me', guid, epName });
const bobSignIn = () => signInWlm2009({ ...ports(), email: 'bob@lan', password: 'pw-bob', guid: BOB, epName: 'BOB-PC' });

const endpoint = (g: string) => `<EndpointData id="${g}"><Capabilities>${WLM2009_CAPS}</Capabilities></EndpointData>`;
const privatePart = (g: string, name: string, state: string) =>
  `<PrivateEndpointData id="${g}"><EpName>${name}</EpName><Idle>false</Idle><ClientType>1</ClientType><State>${state}</State></PrivateEndpointData>`;
const data = (machine: string, rest: string) =>
  `<Data><PSM></PSM><CurrentMedia></CurrentMedia><MachineGuid>${machine}</MachineGuid>` +
  `<DDP></DDP><SignatureSound></SignatureSound><Scene></Scene><ColorScheme></ColorScheme>${rest}</Data>`;

/** Reads until a command with exactly this line and payload arrives; returns everything read before it. */
async function expect(c: MsnpTestClient, want: Received): Promise<Received[]> {
  const seen: Received[] = [];
  for (;;) {
    const r = await c.next();
    if (r.line === want.line && r.payload === want.payload) return seen;
    seen.push(r);
  }
}

const ubx = (email: string, payload: string): Received => ({ line: `UBX 1:${email} ${Buffer.byteLength(payload)}`, payload });

test('two places both live: each knows the other, the status is one value, offline only when the last leaves', async () => {
  const bob = await bobSignIn();
  const home = await me(HOME, 'HOME');
  assert.equal(await bob.nextLine(), `NLN NLN 1:me@lan Me ${WLM2009_CAPS} %3Cmsnobj%2F%3E`);
  assert.deepEqual(await bob.next(), ubx('me@lan', data(HOME, endpoint(HOME))));

  const work = await me(WORK, 'WORK');
  // Home's own UBX now lists both places, private parts included, newest last.
  await expect(home, ubx('me@lan', data(WORK, endpoint(HOME) + endpoint(WORK) + privatePart(HOME, 'HOME', 'NLN') + privatePart(WORK, 'WORK', 'NLN'))));
  // Bob sees one contact: no FLN, no second NLN, only the UBX naming both machines.
  const bobSaw = await expect(bob, ubx('me@lan', data(WORK, endpoint(HOME) + endpoint(WORK))));
  assert.deepEqual(bobSaw.filter((r) => /^(NLN|FLN) /.test(r.line)), [], 'the second place is not a second sign-in to Bob');

  // Busy at work: home hears it as its own NLN (and applies it); work, which chose it, does not.
  await work.quiet(100); // its own sign-in burst (Bob's presence)
  work.send(`CHG 20 BSY ${WLM2009_CAPS} 0`);
  assert.equal(await work.nextLine(), `CHG 20 BSY ${WLM2009_CAPS} 0`);
  assert.equal(await home.nextLine(), `NLN BSY 1:me@lan Me ${WLM2009_CAPS} %3Cmsnobj%2F%3E`);
  assert.match((await home.next()).line, /^UBX 1:me@lan \d+$/);
  assert.match((await work.next()).line, /^UBX 1:me@lan \d+$/, 'work gets its own UBX, no NLN of itself');
  assert.equal(await bob.nextLine(), `NLN BSY 1:me@lan Me ${WLM2009_CAPS} %3Cmsnobj%2F%3E`);
  assert.equal(app.core.presence.snapshot(app.core.users.byEmail('me@lan')!.id)!.status, 'BSY');

  // Work signs out: the account stays online (still BSY) for Bob; home sees itself alone again.
  work.send('OUT');
  await work.waitClosed();
  await expect(home, ubx('me@lan', data(HOME, endpoint(HOME) + privatePart(HOME, 'HOME', 'NLN'))));
  const afterWork = await expect(bob, ubx('me@lan', data(HOME, endpoint(HOME))));
  assert.deepEqual(afterWork.filter((r) => r.line.startsWith('FLN')), []);

  home.send('OUT');
  await home.waitClosed();
  assert.equal(await bob.nextLine(), 'FLN 1:me@lan 0:0', 'offline when the last place leaves');
  bob.close();
});

test('an invitation rings every place; the places that answer join, named by their GUID', async () => {
  const bob = await bobSignIn();
  const home = await me(HOME, 'HOME');
  const work = await me(WORK, 'WORK');
  const { sb: bobSb } = await openSwitchboard(bob, { handle: `bob@lan;${BOB}` });
  bobSb.send('CAL 2 me@lan');
  assert.match(await bobSb.nextLine(), /^CAL 2 RINGING \d+$/);
  const ringHome = await answerRing(home, { handle: `me@lan;${HOME}` });
  const ringWork = await answerRing(work, { handle: `me@lan;${WORK}` });
  assert.equal(ringHome.sessionId, ringWork.sessionId, 'both places are rung for the same conversation');
  assert.equal(await ringHome.sb.nextLine(), `IRO 1 1 2 bob@lan;${BOB} Bob ${WLM2009_CAPS}`);
  assert.equal(await ringHome.sb.nextLine(), `IRO 1 2 2 bob@lan Bob ${WLM2009_CAPS}`);
  assert.equal(await ringHome.sb.nextLine(), 'ANS 1 OK');
  assert.equal(await bobSb.nextLine(), `JOI me@lan;${HOME} Me ${WLM2009_CAPS}`);
  assert.equal(await bobSb.nextLine(), `JOI me@lan Me ${WLM2009_CAPS}`);
  // The second place: IRO lists bob and the first place; Bob hears only its ";{guid}" name.
  assert.equal(await ringWork.sb.nextLine(), `IRO 1 1 4 bob@lan;${BOB} Bob ${WLM2009_CAPS}`);
  await ringWork.sb.until('ANS 1 OK');
  assert.equal(await bobSb.nextLine(), `JOI me@lan;${WORK} Me ${WLM2009_CAPS}`);
  assert.equal(await ringHome.sb.nextLine(), `JOI me@lan;${WORK} Me ${WLM2009_CAPS}`);

  const hi = textPayload('hello both places');
  bobSb.sendPayload('MSG 3 A', hi);
  assert.equal(await bobSb.nextLine(), 'ACK 3');
  assert.deepEqual(await ringHome.sb.next(), { line: `MSG bob@lan Bob ${Buffer.byteLength(hi)}`, payload: hi });
  assert.deepEqual(await ringWork.sb.next(), { line: `MSG bob@lan Bob ${Buffer.byteLength(hi)}`, payload: hi });

  // One place closes the window: only its GUID name leaves; the last one takes the plain name with it.
  ringHome.sb.send('OUT');
  assert.equal(await bobSb.nextLine(), `BYE me@lan;${HOME}`);
  ringWork.sb.send('OUT');
  assert.equal(await bobSb.nextLine(), `BYE me@lan;${WORK}`);
  assert.equal(await bobSb.nextLine(), 'BYE me@lan');
  for (const c of [bobSb, home, work, bob]) c.close();
});

test('signing in again with the same GUID replaces only that place (OUT OTH); a client without a GUID is alone', async () => {
  const bob = await bobSignIn();
  const home = await me(HOME, 'HOME');
  const work = await me(WORK, 'WORK');
  const home2 = await me(HOME, 'HOME');
  assert.equal((await home.until('OUT')).line, 'OUT OTH');
  await home.waitClosed();
  work.send('PNG');
  assert.equal((await work.until('QNG')).line, 'QNG 60', 'the other place stays signed in');
  assert.deepEqual((await bob.quiet(200)).filter((r) => r.line.startsWith('FLN')), [], 'Bob never saw me offline');

  // Messenger for Mac 8 (TWN, no machine GUID) cannot share the account: MPOPEnabled: 0, the places go.
  const mac = await signInMac({ ...ports(), email: 'me@lan', password: 'pw-me', version: 'MSNP16' });
  assert.equal((await work.until('OUT')).line, 'OUT OTH');
  assert.equal((await home2.until('OUT')).line, 'OUT OTH');
  const profile = mac.all.find((r) => r.line.startsWith('MSG Hotmail Hotmail'))!;
  assert.match(profile.payload!, /\r\nMPOPEnabled: 0\r\n/);
  mac.close();
  bob.close();
});

test('"sign out there" and "sign out everywhere" reach the other places, which are signed out', async () => {
  const home = await me(HOME, 'HOME');
  const work = await me(WORK, 'WORK');
  // MSNPSharp 3.0 Owner.SignoutFrom: the place's GUID without braces, type 4.
  home.sendPayload(`UUN 30 me@lan;${WORK.slice(1, -1).toLowerCase()} 4`, 'goawyplzthxbye');
  assert.equal((await home.until('UUN 30')).line, 'UUN 30 OK');
  assert.deepEqual(await work.until('UBN'), { line: `UBN me@lan;${HOME} 4 14`, payload: 'goawyplzthxbye' });
  // This scripted place ignores the request; the server signs it out shortly after.
  assert.equal((await work.until('OUT', 10_000)).line, 'OUT');
  await work.waitClosed();
  home.send('PNG');
  assert.equal((await home.until('QNG')).line, 'QNG 60', 'the place that asked stays');

  const work2 = await me(WORK, 'WORK');
  const third = await me('{44444444-AAAA-4BBB-8CCC-000000000004}', 'LAPTOP');
  // Owner.SignoutFromEverywhere: type 8 "gtfo" to the plain address reaches every other place.
  home.sendPayload('UUN 31 me@lan 8', 'gtfo');
  assert.equal((await home.until('UUN 31')).line, 'UUN 31 OK');
  assert.deepEqual(await work2.until('UBN'), { line: `UBN me@lan;${HOME} 8 4`, payload: 'gtfo' });
  assert.deepEqual(await third.until('UBN'), { line: `UBN me@lan;${HOME} 8 4`, payload: 'gtfo' });
  await work2.waitClosed(10_000);
  await third.waitClosed(10_000);
  home.close();
});

test('a watcher whose dialect knows no places (MSNP14) hears nothing when a second place signs in', async () => {
  const carol = await signInMac({ ...ports(), email: 'carol@lan', password: 'pw-carol', version: 'MSNP14' });
  const home = await me(HOME, 'HOME');
  assert.equal(await carol.nextLine(), `NLN NLN me@lan 1 Me 2789003324 %3Cmsnobj%2F%3E`);
  assert.match((await carol.next()).line, /^UBX me@lan 1 \d+$/);
  const work = await me(WORK, 'WORK');
  assert.deepEqual(await carol.quiet(300), [], 'same status, same PSM: nothing to say to Carol');
  for (const c of [work, home, carol]) c.close();
});
