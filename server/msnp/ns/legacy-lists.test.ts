// List editing from MSN 5-7.5 over real sockets: each command's reply and errors, the other side
// told at once ("ADD 0 RL") or at its next SYN, and everything still there after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';

async function world() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-lists-'));
  const app = await startTestServer({ dataDir });
  for (const [email, name] of [['ann@lan', 'Ann'], ['ben@lan', 'Ben'], ['cat@lan', 'Cat']]) {
    await app.core.directory.createAccount(email!, 'pw', name);
  }
  const signIn = (email: string, version: Parameters<typeof signInClient>[0]['version']) =>
    signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: 'pw', version });
  return { app, dataDir, signIn };
}

test('MSNP8: ADD/REM/ADG/REG/RMG/REA replies with list versions, and every error code', async () => {
  const { app, dataDir, signIn } = await world();
  const ann = await signIn('ann@lan', 'MSNP8');
  const ben = await signIn('ben@lan', 'MSNP8');
  const v = () => app.core.users.byEmail('ann@lan')!.listVersion;
  // Ben puts Ann on his FL first: Ann (online) is told, and Ben sees her presence after his reply.
  ben.send('ADD 50 FL ann@lan Ann 0');
  assert.equal(await ben.nextLine(), `ADD 50 FL ${app.core.users.byEmail('ben@lan')!.listVersion} ann@lan Ann 0`);
  assert.equal(await ben.nextLine(), 'NLN NLN ann@lan Ann 1085276192');
  assert.equal(await ann.nextLine(), `ADD 0 RL ${v()} ben@lan Ben`);

  ann.send('ADG 10 Friends 0');
  assert.equal(await ann.nextLine(), `ADG 10 ${v()} Friends 1 0`);
  ann.send('ADD 11 FL ben@lan Ben 1');
  assert.equal(await ann.nextLine(), `ADD 11 FL ${v()} ben@lan Ben 1`);
  // Ben is online: Ann gets his presence after the reply; Ben is told Ann added him.
  assert.equal(await ann.nextLine(), 'NLN NLN ben@lan Ben 1085276192');
  const benVersion = app.core.users.byEmail('ben@lan')!.listVersion;
  assert.equal(await ben.nextLine(), `ADD 0 RL ${benVersion} ann@lan Ann`);
  ann.send('ADD 12 AL ben@lan ben@lan');
  assert.equal(await ann.nextLine(), `ADD 12 AL ${v()} ben@lan ben@lan`);

  ann.send('ADD 13 FL ben@lan Ben 1');
  assert.equal(await ann.nextLine(), '215 13', 'already on FL in that group');
  ann.send('ADD 14 BL ben@lan ben@lan');
  assert.equal(await ann.nextLine(), '219 14', 'on AL, so not on BL');
  ann.send('ADD 15 FL nobody@lan nobody@lan 0');
  assert.equal(await ann.nextLine(), '205 15', 'unknown account (MSNP8 says 205)');
  ann.send('ADD 16 FL not-an-address x 0');
  assert.equal(await ann.nextLine(), '201 16', 'malformed handle');
  ann.send('ADD 17 RL ben@lan ben@lan');
  assert.equal(await ann.nextLine(), '201 17', 'the reverse list is the server\'s');
  ann.send('ADD 18 FL cat@lan Cat 7');
  assert.equal(await ann.nextLine(), '224 18', 'no group 7');
  ann.send('REM 19 BL ben@lan');
  assert.equal(await ann.nextLine(), '216 19', 'not on BL');
  ann.send('ADG 20 Friends 0');
  assert.equal(await ann.nextLine(), '228 20', 'group exists');
  ann.send(`ADG 21 ${'x'.repeat(62)} 0`);
  assert.equal(await ann.nextLine(), '229 21', 'group name too long');
  ann.send('RMG 22 0');
  assert.equal(await ann.nextLine(), '230 22', 'Other Contacts stays');
  ann.send('REG 23 1 Best%20Friends 0');
  assert.equal(await ann.nextLine(), `REG 23 ${v()} 1 Best%20Friends 0`);
  ann.send('REA 24 ann@lan Ann%20A');
  assert.equal(await ann.nextLine(), `REA 24 ${v()} ann@lan Ann%20A`);
  assert.equal(await ben.nextLine(), 'NLN NLN ann@lan Ann%20A 1085276192', 'the new name reaches Ben at once');
  ann.send(`REA 29 ann@lan ${'%E2%98%83'.repeat(130)}`);
  assert.equal(await ann.nextLine(), '209 29', 'a friendly name over the 387-byte limit');
  ann.send('BLP 25 AL');
  assert.equal(await ann.nextLine(), `BLP 25 ${v()} AL`, 'already AL: confirmed, not refused (issue 12)');
  ann.send('GTC 26 N');
  assert.equal(await ann.nextLine(), `GTC 26 ${v()} N`);

  // Cat is offline: she sees Ann's add at her next SYN (RL only: Ann is on none of her lists).
  ann.send('ADD 27 FL cat@lan Cat 0');
  assert.equal(await ann.nextLine(), `ADD 27 FL ${v()} cat@lan Cat 0`);
  ann.send('REM 28 FL ben@lan 1');
  assert.equal(await ann.nextLine(), `REM 28 FL ${v()} ben@lan 1`);

  // 30 groups at most.
  for (let i = 2; i <= 30; i++) {
    ann.send(`ADG ${100 + i} G${i} 0`);
    assert.match(await ann.nextLine(), new RegExp(`^ADG ${100 + i} \\d+ G${i} ${i} 0$`));
  }
  ann.send('ADG 131 G31 0');
  assert.equal(await ann.nextLine(), '223 131');
  ann.close();
  ben.close();

  // Restart on the same data: the edits are all there at the next SYN.
  await app.stop();
  const again = await startTestServer({ dataDir });
  const cat = await signInClient({ nsPort: again.ports.ns, httpPort: again.ports.http, email: 'cat@lan', password: 'pw', version: 'MSNP8' });
  cat.send('SYN 30 0');
  await cat.until('SYN 30');
  assert.equal((await cat.until('LST ')).line, 'LST ann@lan Ann%20A 8');
  cat.close();
  const ann2 = await signInClient({ nsPort: again.ports.ns, httpPort: again.ports.http, email: 'ann@lan', password: 'pw', version: 'MSNP8' });
  ann2.send('SYN 31 0');
  const header = await ann2.until('SYN 31');
  assert.match(header.line, /^SYN 31 \d+ 2 31$/);
  assert.deepEqual([await ann2.nextLine(), await ann2.nextLine()], ['GTC N', 'BLP AL']);
  const lines: string[] = [];
  for (let i = 0; i < 31 + 2; i++) lines.push(await ann2.nextLine());
  assert.ok(lines.includes('LSG 1 Best%20Friends 0'));
  assert.ok(lines.includes('LST ben@lan Ben 11 0'), 'Ben: FL+AL+RL, no group left');
  assert.equal(header.line.split(' ')[3], '2');
  assert.ok(lines.includes('LST cat@lan Cat 1 0'));
  ann2.close();
  await again.cleanup();
});

test('MSNP10-12: ADC, REM by GUID, SBP, pending list, and the other side told with ADC 0 RL', async () => {
  const { app, signIn } = await world();
  const ann = await signIn('ann@lan', 'MSNP11');
  const ben = await signIn('ben@lan', 'MSNP12');
  ann.send('ADC 10 FL N=ben@lan F=Ben');
  const reply = await ann.nextLine();
  const guid = app.core.lists.entry(app.core.users.byEmail('ann@lan')!.id, app.core.users.byEmail('ben@lan')!.id)!.guid;
  assert.equal(reply, `ADC 10 FL N=ben@lan F=Ben C=${guid}`);
  assert.equal(await ben.nextLine(), 'ADC 0 RL N=ann@lan F=Ann');
  // Ben is online: his presence follows the reply (MSNP11: NLN then UBX).
  assert.equal(await ann.nextLine(), 'NLN NLN ben@lan Ben 1085276192 %3Cmsnobj%2F%3E');
  assert.equal((await ann.next()).line, 'UBX ben@lan 53');
  ann.send('ADC 11 FL N=nobody@lan F=x');
  assert.equal(await ann.nextLine(), '208 11', 'MSNP10+ says 208 for an unknown account');
  ann.send('ADG 12 Work');
  const adg = await ann.nextLine();
  const group = adg.split(' ')[3]!;
  assert.match(adg, /^ADG 12 Work [0-9a-f-]{36}$/);
  ann.send(`ADC 13 FL C=${guid} ${group}`);
  assert.equal(await ann.nextLine(), `ADC 13 FL C=${guid} ${group}`);
  ann.send(`SBP 14 ${guid} MFN Benny`);
  assert.equal(await ann.nextLine(), `SBP 14 ${guid} MFN Benny`);

  // Ben has Ann pending (he hasn't allowed or blocked her): LST shows RL+PL = 24 at his SYN...
  const ben2 = await signIn('ben@lan', 'MSNP12');
  ben2.send('SYN 20 0 0');
  await ben2.until('SYN 20');
  assert.equal((await ben2.until('LST ')).line, 'LST N=ann@lan 24 1');
  // ...and answers the prompt by allowing her: PL goes away.
  ben2.send('ADC 21 AL N=ann@lan');
  assert.equal(await ben2.nextLine(), 'ADC 21 AL N=ann@lan');
  assert.equal(app.core.lists.entry(app.core.users.byEmail('ben@lan')!.id, app.core.users.byEmail('ann@lan')!.id)!.lists, 8 | 2);

  // (Ben signing in again signed his first client out: Ann saw him go and come back.)
  ann.send(`REM 15 FL ${guid} ${group}`);
  assert.equal((await ann.take('REM 15')).line, `REM 15 FL ${guid} ${group}`);
  ann.send(`REM 16 FL ${guid}`);
  assert.equal((await ann.take('REM 16')).line, `REM 16 FL ${guid}`);
  assert.equal((await ben2.take('REM 0')).line, 'REM 0 RL N=ann@lan');
  ann.send(`REM 17 FL ${guid}`);
  assert.equal((await ann.take('216')).line, '216 17');
  ann.close();
  ben.close();
  ben2.close();
  await app.cleanup();
});
