// Offline messages end to end, as WLM 8.5 does it: Store2 is challenged for a lock key, the
// answered retry is stored, the message survives a restart, the recipient (MSNP15) hears of it in
// its Mail-Data, reads it with RSI GetMessage and deletes it with DeleteMessages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { passportLogin } from '../../test-support/passport-login';
import { List } from '../../core/model';
import { answerMsnp11 } from '../../msnp/challenge';
import { path as xpath } from '../../xml/xml';
import { attachPanelEvents } from '../../panel/events';
import { createHistoryHandlers } from '../../panel/history';
import { lockKeyChallenge, oimFaultCode, postRsi, postStore2, store2Envelope, WLM85_APP } from './oim-testkit';

const RUN_ID = '3A3BE82D-1E25-4D4E-8C59-7B7A4D2EDB0B';

test('Store2: challenge, answer, stored; survives a restart; Mail-Data, GetMessage, DeleteMessages (MSNP15)', { timeout: 60_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-oim-'));
  let app = await startTestServer({ dataDir });
  try {
    const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
    const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
    app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
    app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
    const aliceTicket = (await passportLogin(app.ports.http, 'alice@lan', 'alice-pw')).fromPP!;

    // 1. No lock key yet: AuthenticationFailed with a LockKeyChallenge, nothing stored.
    const first = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket: aliceTicket, runId: RUN_ID, text: 'are you there? ünïcödé' }));
    assert.equal(first.res.status, 500);
    assert.equal(oimFaultCode(first.doc), 'AuthenticationFailed');
    const challenge = lockKeyChallenge(first.doc);
    assert.match(challenge ?? '', /^\d{20}$/);
    assert.equal(app.core.oims.count(bob.id), 0);

    // 2. The answer, computed as the client does (MSNP11 algorithm, keyed by the appid): stored.
    const lockKey = answerMsnp11(challenge!, WLM85_APP.id, WLM85_APP.key);
    const stored = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket: aliceTicket, lockKey, runId: RUN_ID, text: 'are you there? ünïcödé' }));
    assert.equal(stored.res.status, 200, stored.res.body);
    assert.ok(xpath(stored.doc, 'Body', 'StoreResponse'), stored.res.body);
    const ack = xpath(stored.doc, 'Header', 'SequenceAcknowledgment', 'AcknowledgmentRange');
    assert.deepEqual([ack?.attrs.Upper, ack?.attrs.Lower], ['1', '1']);
    assert.equal(app.core.oims.count(bob.id), 1);

    // 3. The server restarts before bob signs in: the message is still there.
    await app.stop();
    app = await startTestServer({ dataDir });
    assert.equal(app.core.oims.count(bob.id), 1, 'committed before the answer, so it survived');

    // 4. bob signs in with MSNP15: after the presence burst, the initial Mail-Data lists it.
    const ns = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw', version: 'MSNP15' });
    const md = await ns.take('MSG Hotmail Hotmail');
    assert.match(md.payload!, /^MIME-Version: 1\.0\r\nContent-Type: text\/x-msmsgsinitialmdatanotification; charset=UTF-8\r\n\r\nMail-Data: <MD>/);
    const id = /<I>([0-9A-F-]{36})<\/I>/.exec(md.payload!)?.[1];
    assert.ok(id, md.payload);
    assert.match(md.payload!, new RegExp(`<M><T>11</T><S>6</S><RT>[^<]+</RT><RS>0</RS><SZ>\\d+</SZ><E>alice@lan</E><I>${id}</I><F>00000000-0000-0000-0000-000000000009</F><N>=\\?utf-8\\?B\\?YWxpY2U=\\?=</N></M></MD>\\r\\n$`));

    // 5. RSI with bob's ticket: GetMetadata lists it, GetMessage returns the mail with its base64 body.
    const bobTicket = (await passportLogin(app.ports.http, 'bob@lan', 'bob-pw')).fromPP!;
    const meta = await postRsi(app.ports.http, 'GetMetadata', bobTicket);
    assert.equal(meta.res.status, 200);
    assert.ok(meta.res.body.includes(`<I>${id}</I>`));
    const got = await postRsi(app.ports.http, 'GetMessage', bobTicket, `<messageId>${id}</messageId><alsoMarkAsRead>false</alsoMarkAsRead>`);
    assert.equal(got.res.status, 200, got.res.body);
    // (An XML reader turns the CRLFs into LFs, as the client's does.)
    const mail = xpath(got.doc, 'Body', 'GetMessageResponse', 'GetMessageResult')!.rawText.replace(/\r\n/g, '\n');
    assert.match(mail, /^From: =\?utf-8\?B\?YWxpY2U=\?= <alice@lan>\nTo: bob@lan\n/);
    assert.ok(mail.includes(`X-OIM-Run-Id: {${RUN_ID}}\nX-OIM-Sequence-Num: 1\n`));
    const body = mail.slice(mail.indexOf('\n\n') + 2);
    assert.equal(Buffer.from(body, 'base64').toString('utf8'), 'are you there? ünïcödé');
    // Someone else's ticket cannot read it.
    const aliceReads = await postRsi(app.ports.http, 'GetMessage', aliceTicket, `<messageId>${id}</messageId>`);
    assert.equal(aliceReads.res.status, 500);

    // 6. DeleteMessages removes it; bob's client is told (Message-Delta), and it is gone.
    const del = await postRsi(app.ports.http, 'DeleteMessages', bobTicket, `<messageIds><messageId>${id}</messageId></messageIds>`);
    assert.equal(del.res.status, 200, del.res.body);
    assert.ok(xpath(del.doc, 'Body', 'DeleteMessagesResponse'));
    const delta = await ns.take('MSG Hotmail Hotmail');
    assert.equal(
      delta.payload,
      'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\nSrc-Folder: .!!OIM\r\nDest-Folder: .!!trAsH\r\nMessage-Delta: 1\r\n',
    );
    assert.equal(app.core.oims.count(bob.id), 0);
    const again = await postRsi(app.ports.http, 'DeleteMessages', bobTicket, `<messageIds><messageId>${id}</messageId></messageIds>`);
    assert.equal(again.res.status, 500, 'deleting it twice is a fault');
    assert.ok(!(await postRsi(app.ports.http, 'GetMetadata', bobTicket)).res.body.includes('<M>'));
    ns.close();
  } finally {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a recipient signed in but hidden hears of a new offline message at once (text/x-msmsgsoimnotification)', { timeout: 60_000 }, async () => {
  const app = await startTestServer();
  try {
    const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
    const bob = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
    app.core.directory.addToLists(alice.id, bob.id, List.FL | List.AL);
    app.core.directory.addToLists(bob.id, alice.id, List.FL | List.AL);
    const ns = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw', version: 'MSNP15', status: 'HDN' });
    assert.deepEqual(await ns.quiet(100), [], 'no Mail-Data while nothing waits');
    const ticket = (await passportLogin(app.ports.http, 'alice@lan', 'alice-pw')).fromPP!;
    const challenge = lockKeyChallenge((await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket }))).doc)!;
    const lockKey = answerMsnp11(challenge, WLM85_APP.id, WLM85_APP.key);
    const ok = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, text: 'psst' }));
    assert.equal(ok.res.status, 200);
    const note = await ns.take('MSG Hotmail Hotmail');
    assert.match(
      note.payload!,
      /^MIME-Version: 1\.0\r\nContent-Type: text\/x-msmsgsoimnotification; charset=UTF-8\r\n\r\nMail-Data: <MD><M><T>11<\/T><S>6<\/S><RS>0<\/RS><SZ>\d+<\/SZ><E>alice@lan<\/E><I>[0-9A-F-]{36}<\/I><F>\.!!OIM<\/F><N>=\?utf-8\?B\?YWxpY2U=\?=<\/N><\/M><SU> <\/SU><\/MD>\r\n$/,
    );
    // The same lock key keeps working for the next message (the client caches it).
    const next = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'bob@lan', ticket, lockKey, seq: 2, text: 'hello again' }));
    assert.equal(next.res.status, 200);
    assert.equal(app.core.oims.count(bob.id), 2);
    ns.close();
  } finally {
    await app.cleanup();
  }
});

test('an offline message to a contact the panel speaks for shows in past conversations, and the panel hears of it', { timeout: 60_000 }, async () => {
  const app = await startTestServer();
  try {
    const alice = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
    const robot = await app.core.directory.createAccount('robot@lan', 'robot-pw', 'Robot'); // no client: panel-driven, offline
    app.core.directory.addToLists(alice.id, robot.id, List.FL | List.AL);
    const events: unknown[] = [];
    const detach = attachPanelEvents(app, (event, data) => {
      if (event === 'offlineMessage') events.push(data);
    });
    const ticket = (await passportLogin(app.ports.http, 'alice@lan', 'alice-pw')).fromPP!;
    const challenge = lockKeyChallenge((await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'robot@lan', ticket }))).doc)!;
    const lockKey = answerMsnp11(challenge, WLM85_APP.id, WLM85_APP.key);
    const ok = await postStore2(app.ports.http, store2Envelope({ from: 'alice@lan', to: 'robot@lan', ticket, lockKey, text: 'for the robot' }));
    assert.equal(ok.res.status, 200);
    detach();
    const [m] = app.core.oims.forRecipient(robot.id);
    assert.deepEqual(events, [{ id: m!.id, from: 'alice@lan', to: 'robot@lan' }]);
    const past = await createHistoryHandlers(app).listHistory({ query: 'robot' });
    assert.equal(past.length, 1);
    assert.equal(past[0]!.kind, 'offline');
    assert.deepEqual(past[0]!.participants.map((p) => p.email), ['alice@lan', 'robot@lan']);
    assert.equal(past[0]!.preview, 'for the robot');
  } finally {
    await app.cleanup();
  }
});
