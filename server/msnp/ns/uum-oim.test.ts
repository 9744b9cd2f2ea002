// MSNP18's UUM leaves an offline message. This tree has no MSNP18 dialect yet (it is being added in
// parallel), so the test runs the handler on an MSNP16 connection whose dialect is switched, after
// sign-in, to MSNP16 plus MSNP18's one difference here (sendsOfflineMessagesByUum). The MSNP18
// dialect only has to say `sendsOfflineMessagesByUum = true` and list UUM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { List } from '../../core/model';
import { Msnp16 } from '../dialects/msnp16';
import type { Butterfly } from '../../app';
import type { MsnpTestClient } from '../../test-support/msnp-client';

class Msnp16WithUum extends Msnp16 {
  override get sendsOfflineMessagesByUum(): boolean {
    return true;
  }
}

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
  const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
  const carol = await app.core.directory.createAccount('carol@lan', 'carol-pw', 'Carol');
  app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
  app.core.directory.addToLists(carol.id, alice.id, List.BL);
});
after(async () => {
  await app.cleanup();
});

const text = (body: string) => `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nDest-Agent: client\r\n\r\n${body}`;

async function aliceOn(uum: boolean): Promise<MsnpTestClient> {
  const c = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'alice@lan', password: 'alice-pw', version: 'MSNP16' });
  if (uum) {
    const session = [...app.ns.sessions].find((s) => s.user?.email === 'alice@lan' && !s.conn.isClosed)!;
    session.dialect = new Msnp16WithUum();
  }
  return c;
}

test('UUM (network 1, type 1) stores an offline message, committed before anything else; no reply line', async () => {
  const c = await aliceOn(true);
  const bob = app.core.users.byEmail('bob@lan')!;
  c.sendPayload('UUM 20 bob@lan 1 1', text('left on the NS'));
  c.send('PNG');
  assert.equal(await c.nextLine(), 'QNG 60', 'nothing answers a stored UUM; the next reply is the ping');
  assert.deepEqual(app.core.oims.forRecipient(bob.id).map((m) => [m.senderEmail, m.text]), [['alice@lan', 'left on the NS']]);
  c.close();
});

test('UUM refusals: blocked (217), no account (208), Yahoo (204), not text (201), and on a dialect without it (201)', async () => {
  const c = await aliceOn(true);
  const carol = app.core.users.byEmail('carol@lan')!;
  c.sendPayload('UUM 21 carol@lan 1 1', text('hi'));
  assert.equal(await c.nextLine(), '217 21');
  c.sendPayload('UUM 22 nobody@lan 1 1', text('hi'));
  assert.equal(await c.nextLine(), '208 22');
  c.sendPayload('UUM 23 someone@yahoo.com 32 1', text('hi'));
  assert.equal(await c.nextLine(), '204 23');
  c.sendPayload('UUM 24 bob@lan 1 1', 'no mime here at all');
  assert.equal(await c.nextLine(), '201 24');
  c.sendPayload('UUM 25 bob@lan 1 1', text('x'.repeat(5000)));
  assert.equal(await c.nextLine(), '201 25');
  assert.equal(app.core.oims.count(carol.id), 0);
  c.close();
  const plain = await aliceOn(false);
  plain.sendPayload('UUM 26 bob@lan 1 1', text('hi'));
  assert.equal(await plain.nextLine(), '201 26', 'MSNP16 clients use Store2');
  plain.close();
  assert.equal(app.core.oims.count(app.core.users.byEmail('bob@lan')!.id), 1, 'only the first test\'s message');
});
