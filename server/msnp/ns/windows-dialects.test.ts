// MSN Messenger 6.0-7.5 (MSNP9-12): each signs in, gets SYN in its own syntax and the presence
// burst; CHL/QRY with the published vectors' algorithms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { MsnpTestClient } from '../../test-support/msnp-client';
import { passportLogin } from '../../test-support/passport-login';
import { List } from '../../core/model';
import { answerMd5, answerMsnp11 } from '../challenge';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
let friendsGroup: string;
let bobGuid: string;
before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
  const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob B');
  app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
  friendsGroup = app.core.groups.add(alice.id, 'Friends').id;
  app.core.groups.addMember(alice.id, bob.id, friendsGroup);
  // As SQLite holds it: the list in memory keeps GUIDs as bytes (store/guid-bytes.ts), the wire must say the same text.
  bobGuid = (app.core.db.prepare('SELECT guid FROM contacts WHERE owner_id = ? AND contact_id = ?').get(alice.id, bob.id) as { guid: string }).guid;
  assert.match(bobGuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  app.core.directory.setPersonalMessage(bob.id, 'at work', '');
  app.core.directory.setPanelStatus(bob.id, 'AWY');
});
after(async () => {
  await app.cleanup();
});

const CLIENT: Record<number, string> = { 9: '6.0.0602', 10: '6.2.0208', 11: '7.0.0816', 12: '7.5.0324' };

async function signIn(n: number) {
  const c = await MsnpTestClient.connect(app.ports.ns);
  const offered = Array.from({ length: n - 7 }, (_, i) => `MSNP${n - i}`).join(' ');
  c.send(`VER 1 ${offered} CVR0`);
  assert.equal(await c.nextLine(), `VER 1 MSNP${n} CVR0`);
  c.send(`CVR 2 0x0409 winnt 5.1 i386 MSNMSGR ${CLIENT[n]} MSMSGS alice@lan`);
  await c.until('CVR 2');
  c.send('USR 3 TWN I alice@lan');
  const challenge = (await c.nextLine()).slice('USR 3 TWN S '.length);
  const login = await passportLogin(app.ports.http, 'alice@lan', 'alice-pw', challenge);
  c.send(`USR 4 TWN S ${login.fromPP}`);
  assert.equal(await c.nextLine(), n >= 10 ? 'USR 4 OK alice@lan 1 0' : 'USR 4 OK alice@lan Alice 1 0');
  if (n >= 11) assert.equal(await c.nextLine(), 'SBS 0 null');
  const profile = await c.next();
  assert.equal(profile.payload!.includes('\r\nABCHMigrated: 1\r\n'), n >= 10);
  return c;
}

test('MSNP9 (MSN 6.0): SYN with numbered groups, ILN with the MSN object, QNG 60, CHL answered with MD5', async () => {
  const c = await signIn(9);
  const user = app.core.users.byEmail('alice@lan')!;
  c.send('SYN 5 0');
  assert.equal(await c.nextLine(), `SYN 5 ${user.listVersion} 1 2`);
  assert.deepEqual([await c.nextLine(), await c.nextLine()], ['GTC A', 'BLP AL']);
  assert.deepEqual([await c.nextLine(), await c.nextLine()], ['LSG 0 Other%20Contacts 0', 'LSG 1 Friends 0']);
  assert.equal(await c.nextLine(), 'LST bob@lan Bob%20B 11 1');
  c.send('CHG 6 NLN 268435500 %3Cmsnobj%2F%3E');
  assert.equal(await c.nextLine(), 'CHG 6 NLN 268435500 %3Cmsnobj%2F%3E');
  assert.equal(await c.nextLine(), 'ILN 6 AWY bob@lan Bob%20B 1073741856 %3Cmsnobj%2F%3E');
  const challenge = (await c.nextLine()).slice('CHL 0 '.length);
  c.sendPayload('QRY 7 msmsgs@msnmsgr.com', answerMd5(challenge, 'Q1P7W2E4J9R8U3S5'));
  assert.equal(await c.nextLine(), 'QRY 7');
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG 60');
  c.close();
});

for (const n of [10, 11, 12]) {
  test(`MSNP${n} (MSN ${CLIENT[n]}): SYN with timestamps, GUIDs and PRP MFN; presence${n >= 11 ? ' with UBX' : ''}`, async () => {
    const c = await signIn(n);
    c.send('SYN 5 0 0');
    const header = await c.nextLine();
    assert.match(header, /^SYN 5 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}-00:00) \1 1 1$/);
    assert.deepEqual([await c.nextLine(), await c.nextLine(), await c.nextLine()], ['GTC A', 'BLP AL', 'PRP MFN Alice']);
    assert.equal(await c.nextLine(), `LSG Friends ${friendsGroup}`);
    assert.equal(await c.nextLine(), `LST N=bob@lan F=Bob%20B C=${bobGuid} 11${n >= 12 ? ' 1' : ''} ${friendsGroup}`);
    c.send('CHG 6 NLN 1073741856');
    assert.equal(await c.nextLine(), 'CHG 6 NLN 1073741856');
    assert.equal(await c.nextLine(), 'ILN 6 AWY bob@lan Bob%20B 1073741856 %3Cmsnobj%2F%3E');
    if (n >= 11) assert.deepEqual(await c.next(), { line: 'UBX bob@lan 60', payload: '<Data><PSM>at work</PSM><CurrentMedia></CurrentMedia></Data>' });
    const challenge = (await c.nextLine()).slice('CHL 0 '.length);
    const [id, answer] =
      n >= 11 ? ['PROD0090YUAUV{2B', answerMsnp11(challenge, 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL')] : ['msmsgs@msnmsgr.com', answerMd5(challenge, 'Q1P7W2E4J9R8U3S5')];
    c.sendPayload(`QRY 7 ${id}`, answer);
    assert.equal(await c.nextLine(), 'QRY 7');
    // The same SYN stamps again: the client's cache is current.
    const again = await signIn(n);
    const stamps = header.split(' ').slice(2, 4).join(' ');
    again.send(`SYN 5 ${stamps}`);
    assert.equal(await again.nextLine(), `SYN 5 ${stamps}`);
    again.close();
    c.close();
  });
}

test('a wrong challenge answer from a known product gets 540 and a close; an unknown product id is let through', async () => {
  const c = await signIn(11);
  c.send('CHG 5 NLN 0');
  const challenge = (await c.until('CHL 0 ')).line.slice('CHL 0 '.length);
  c.sendPayload('QRY 6 PROD01234567890X', '0'.repeat(32));
  assert.equal(await c.nextLine(), 'QRY 6', 'an unknown product id is never locked out');
  void challenge;
  const d = await signIn(11);
  d.send('CHG 5 NLN 0');
  await d.until('CHL 0 ');
  d.sendPayload('QRY 6 PROD0090YUAUV{2B', 'ffffffffffffffffffffffffffffffff');
  assert.equal(await d.nextLine(), '540 6');
  await d.waitClosed();
  c.close();
});
