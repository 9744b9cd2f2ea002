// The seed's MSNP8 login of MSN Messenger 5.0 (seed 003), replayed over a real socket, through
// the dispatch redirect, SYN with its list lines and the presence burst.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { passportLogin } from '../../test-support/passport-login';
import { signInClient } from '../../test-support/mac-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer({ dispatchRedirect: true });
  const me = await app.core.directory.createAccount('example@hotmail.com', 'secret', 'example user');
  const other = await app.core.directory.createAccount('anotheruser@hotmail.com', 'other', 'another user');
  app.core.directory.addToLists(me.id, other.id, List.FL | List.AL);
  app.core.directory.addToLists(other.id, me.id, List.FL | List.AL);
  app.core.directory.setProperty(me.id, 'PHH', '123 (4567)');
  app.core.directory.setProperty(other.id, 'PHH', '1 (222) 333 4444');
});
after(async () => {
  await app.cleanup();
});

const CVR = 'CVR 2 0x0409 win 4.10 i386 MSNMSGR 5.0.0537 MSMSGS example@hotmail.com';

test('MSN Messenger 5.0: dispatch XFR, TWN, profile, SYN, CHG and the presence burst, as in the seed', async () => {
  // anotheruser is online from an MSN 5 of their own (two sign-ins: the first goes through XFR too).
  const peer = await MsnpTestClient.connect(app.ports.ns);
  peer.send('VER 1 MSNP8 CVR0');
  await peer.until('VER 1');
  peer.send('USR 2 TWN I anotheruser@hotmail.com');
  assert.equal(await peer.nextLine(), `XFR 2 NS 127.0.0.1:${app.ports.ns} 0 127.0.0.1:${app.ports.ns}`);
  await peer.waitClosed();
  const other = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'anotheruser@hotmail.com', password: 'other', version: 'MSNP8' });
  other.send('CHG 6 NLN 28');
  await other.until('CHG 6');

  const c1 = await MsnpTestClient.connect(app.ports.ns);
  c1.send('VER 1 MSNP8 CVR0');
  assert.equal(await c1.nextLine(), 'VER 1 MSNP8 CVR0');
  c1.send(CVR);
  const base = `http://127.0.0.1:${app.ports.http}`;
  assert.equal(await c1.nextLine(), `CVR 2 5.0.0537 5.0.0537 5.0.0537 ${base}/url/DOWNLOAD ${base}/`);
  c1.send('USR 3 TWN I example@hotmail.com');
  assert.equal(await c1.nextLine(), `XFR 3 NS 127.0.0.1:${app.ports.ns} 0 127.0.0.1:${app.ports.ns}`);
  await c1.waitClosed();

  const c = await MsnpTestClient.connect(app.ports.ns);
  c.send('VER 4 MSNP8 CVR0');
  assert.equal(await c.nextLine(), 'VER 4 MSNP8 CVR0');
  c.send(CVR.replace('CVR 2', 'CVR 5'));
  await c.until('CVR 5 ');
  c.send('USR 6 TWN I example@hotmail.com');
  const challenge = (await c.nextLine()).match(/^USR 6 TWN S (.+)$/)![1]!;
  const login = await passportLogin(app.ports.http, 'example@hotmail.com', 'secret', challenge);
  c.send(`USR 7 TWN S ${login.fromPP}`);
  assert.equal(await c.nextLine(), 'USR 7 OK example@hotmail.com example%20user 1 0');
  const profile = await c.next();
  assert.match(profile.line, /^MSG Hotmail Hotmail \d+$/);
  assert.ok(!profile.payload!.includes('ABCHMigrated'), 'MSNP8 lists are not migrated to the address book');
  assert.match(profile.payload!, /\r\nClientPort: \d+\r\n/);

  const version = app.core.users.byEmail('example@hotmail.com')!.listVersion;
  c.send('SYN 8 14');
  assert.deepEqual(
    [await c.nextLine(), await c.nextLine(), await c.nextLine(), await c.nextLine(), await c.nextLine(), await c.nextLine(), await c.nextLine()],
    [
      `SYN 8 ${version} 1 1`,
      'GTC A',
      'BLP AL',
      'PRP PHH 123%20(4567)',
      'LSG 0 Other%20Contacts 0',
      'LST anotheruser@hotmail.com another%20user 11 0',
      'BPR PHH 1%20(222)%20333%204444',
    ],
  );
  c.send('CHG 9 NLN 0');
  assert.equal(await c.nextLine(), 'CHG 9 NLN 0');
  assert.equal(await c.nextLine(), 'ILN 9 NLN anotheruser@hotmail.com another%20user 28');
  assert.match(await c.nextLine(), /^CHL 0 \d{20}$/);
  // The other MSN 5 sees example arrive (MSNP8: no MSN object, caps only).
  assert.equal((await other.until('NLN ')).line, 'NLN NLN example@hotmail.com example%20user 0');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG', 'MSNP8 answers PNG with a bare QNG');
  c.send('OUT');
  assert.equal(await c.nextLine(), 'OUT');
  await c.waitClosed();
  assert.equal((await other.until('FLN')).line, 'FLN example@hotmail.com');
  other.close();
});

test('SYN with the current list version gets only the header: the client keeps its cache', async () => {
  const c = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'example@hotmail.com', password: 'secret', version: 'MSNP8' });
  const version = app.core.users.byEmail('example@hotmail.com')!.listVersion;
  c.send(`SYN 10 ${version}`);
  assert.equal(await c.nextLine(), `SYN 10 ${version}`);
  c.send('SYN 11 0');
  assert.equal(await c.nextLine(), '715 11', 'SYN twice in one session');
  assert.deepEqual(await c.quiet(150), []);
  c.close();
});
