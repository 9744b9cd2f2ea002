// MSN 5 (MSNP8) has no OIM: offline messages left with Store2 (and from the panel) arrive at its
// next sign-in as a conversation the sender starts, each marked with when it was sent. A reply
// goes back as an offline message while the sender is away, and live once they are signed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { passportLogin } from '../../test-support/passport-login';
import { answerRing, textPayload } from '../../test-support/sb-client';
import { List } from '../../core/model';
import { answerMsnp11 } from '../challenge';
import { lockKeyChallenge, postStore2, store2Envelope, WLM85_APP } from '../../http/oim/oim-testkit';
import { createHistoryHandlers } from '../../panel/history';

test('MSNP8 recipient: the offline messages arrive as a conversation after sign-in; replies reach the sender', { timeout: 60_000 }, async () => {
  const app = await startTestServer();
  try {
    const a = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
    const b = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
    app.core.directory.addToLists(a.id, b.id, List.FL | List.AL);
    app.core.directory.addToLists(b.id, a.id, List.FL | List.AL);

    // alice (WLM 8.5) leaves two offline messages with Store2; the panel leaves a third as alice.
    const ticket = (await passportLogin(app.ports.http, 'alice@lan', 'alice-pw')).fromPP!;
    const challenge = lockKeyChallenge((await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket }))).doc)!;
    const lockKey = answerMsnp11(challenge, WLM85_APP.id, WLM85_APP.key);
    for (const [seq, text] of [[1, 'first'], [2, 'second ✓']] as const) {
      const r = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, seq, text }));
      assert.equal(r.res.status, 200);
    }
    const panel = createHistoryHandlers(app);
    await panel.leaveOfflineMessage({ from: 'alice@lan', to: 'bob@lan', text: 'third, from the panel' });
    await assert.rejects(panel.leaveOfflineMessage({ from: 'alice@lan', to: 'nobody@lan', text: 'x' }), /no account/);
    const sentAt = app.core.oims.forRecipient(b.id).map((m) => m.sentAt);

    // bob signs in with MSN 5: alice rings him; the messages arrive once he has answered.
    const bob = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw', version: 'MSNP8' });
    const { sb, rng } = await answerRing(bob, { handle: 'bob@lan' });
    assert.match(rng, /^RNG \d+ 127\.0\.0\.1:\d+ CKI \S+ alice@lan Alice$/);
    assert.equal(await sb.nextLine(), 'IRO 1 1 1 alice@lan Alice');
    assert.equal(await sb.nextLine(), 'ANS 1 OK');
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await sb.next();
      assert.match(m.line, /^MSG alice@lan Alice \d+$/);
      assert.equal(Number(m.line.split(' ')[3]), Buffer.byteLength(m.payload!));
      texts.push(m.payload!.slice(m.payload!.indexOf('\r\n\r\n') + 4));
    }
    const stamp = (t: number) => new Date(t).toUTCString().replace(/:\d\d GMT$/, ' UTC');
    assert.deepEqual(texts, [
      `[Sent while you were offline: ${stamp(sentAt[0]!)}]\r\nfirst`,
      `[Sent while you were offline: ${stamp(sentAt[1]!)}]\r\nsecond ✓`,
      `[Sent while you were offline: ${stamp(sentAt[2]!)}]\r\nthird, from the panel`,
    ]);
    assert.equal(app.core.oims.count(b.id), 0, 'delivered, so no longer waiting');

    // alice is away: bob's reply is left for her as an offline message.
    sb.sendPayload('MSG 2 A', textPayload('thanks, got them'));
    assert.equal(await sb.nextLine(), 'ACK 2');
    for (let i = 0; i < 50 && app.core.oims.count(a.id) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(app.core.oims.forRecipient(a.id).map((m) => [m.senderEmail, m.text]), [['bob@lan', 'thanks, got them']]);

    // alice signs in (WLM, MSNP15): the next reply reaches her live, in this conversation.
    const alice = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'alice@lan', password: 'alice-pw', version: 'MSNP15' });
    await alice.take('MSG Hotmail Hotmail'); // her own Mail-Data: bob's reply waits for her
    sb.sendPayload('MSG 3 A', textPayload('oh, you are back'));
    assert.equal(await sb.nextLine(), 'BYE alice@lan', 'the server stops speaking for alice…');
    assert.equal(await sb.nextLine(), 'ACK 3');
    const { sb: aliceSb } = await answerRing(alice, { handle: 'alice@lan' });
    assert.equal(await aliceSb.nextLine(), 'IRO 1 1 1 bob@lan Bob 1085276192', 'in her dialect: with his capabilities');
    assert.equal(await aliceSb.nextLine(), 'ANS 1 OK');
    assert.equal(await sb.nextLine(), 'JOI alice@lan Alice', '…and the real alice joins');
    assert.deepEqual(await aliceSb.next(), { line: `MSG bob@lan Bob ${Buffer.byteLength(textPayload('oh, you are back'))}`, payload: textPayload('oh, you are back') });
    assert.equal(app.core.oims.count(a.id), 1, 'the live reply was not stored');
    sb.close();
    aliceSb.close();
    bob.close();
    alice.close();
  } finally {
    await app.cleanup();
  }
});
