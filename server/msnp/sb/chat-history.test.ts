// Lasting conversations: a switchboard conversation between two clients is kept with its
// participants, times and messages, listed and searchable after the server restarts, exportable
// as text; silent sessions leave nothing; retention 0 forgets and stops recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { answerRing, openSwitchboard, textPayload, NUDGE_PAYLOAD } from '../../test-support/sb-client';
import { List } from '../../core/model';
import { createHistoryHandlers } from '../../panel/history';

test('a conversation survives a restart: listed, searchable, exportable; retention 0 forgets it', { timeout: 60_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-history-'));
  let app = await startTestServer({ dataDir });
  try {
    const a = await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
    const b = await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
    app.core.directory.addToLists(a.id, b.id, List.FL | List.AL);
    app.core.directory.addToLists(b.id, a.id, List.FL | List.AL);
    const bob = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'bob@lan', password: 'bob-pw', version: 'MSNP8' });
    const alice = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'alice@lan', password: 'alice-pw', version: 'MSNP15' });

    // A session opened and closed without a word leaves no record.
    const silent = await openSwitchboard(bob, { handle: 'bob@lan', trid: 9 });
    silent.sb.send('OUT');
    await silent.sb.waitClosed();

    const { sb: bobSb } = await openSwitchboard(bob, { handle: 'bob@lan', trid: 10 });
    bobSb.send('CAL 2 alice@lan');
    await bobSb.until('CAL 2 RINGING');
    const { sb: aliceSb } = await answerRing(alice, { handle: 'alice@lan' });
    await aliceSb.until('ANS 1 OK');
    await bobSb.until('JOI alice@lan');
    bobSb.sendPayload('MSG 3 A', textPayload('the blue kite is on the roof'));
    await bobSb.until('ACK 3');
    await aliceSb.until('MSG bob@lan');
    aliceSb.sendPayload('MSG 2 N', textPayload('I will fetch it'));
    await bobSb.until('MSG alice@lan');
    aliceSb.sendPayload('MSG 3 U', NUDGE_PAYLOAD);
    await bobSb.until('MSG alice@lan');
    bobSb.send('OUT');
    aliceSb.send('OUT');
    await Promise.all([bobSb.waitClosed(), aliceSb.waitClosed()]);
    bob.close();
    alice.close();

    await app.stop();
    app = await startTestServer({ dataDir });
    const panel = createHistoryHandlers(app);
    const all = await panel.listHistory({});
    assert.equal(all.length, 1, 'one conversation; the silent one left nothing');
    const [c] = all;
    assert.equal(c!.kind, 'switchboard');
    assert.deepEqual(c!.participants.map((p) => p.email), ['bob@lan', 'alice@lan']);
    assert.equal(c!.messageCount, 3);
    assert.ok(c!.endedAt! >= c!.startedAt);
    assert.deepEqual((await panel.listHistory({ query: 'KITE' })).map((x) => x.id), [c!.id], 'search ignores case');
    assert.deepEqual((await panel.listHistory({ query: 'alice@lan' })).map((x) => x.id), [c!.id], 'search finds participants');
    assert.deepEqual(await panel.listHistory({ query: 'submarine' }), []);
    assert.deepEqual(await panel.listHistory({ query: '%' }), [], '% is a character, not a wildcard');
    const full = await panel.getHistory({ id: c!.id });
    assert.deepEqual(full.messages.map((m) => [m.from, m.kind, m.text]), [
      ['bob@lan', 'text', 'the blue kite is on the roof'],
      ['alice@lan', 'text', 'I will fetch it'],
      ['alice@lan', 'nudge', ''],
    ]);
    const exported = await panel.exportHistory({ id: c!.id });
    assert.match(exported.fileName, /^conversation-\d{4}-\d\d-\d\d-bob-alice\.txt$/);
    assert.match(exported.text, /^Conversation sb-[0-9a-f-]+ \(conversation\)\nWith: Bob <bob@lan>, Alice <alice@lan>\n/);
    assert.match(exported.text, /\n\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] bob@lan: the blue kite is on the roof\n/);
    assert.match(exported.text, /\] alice@lan: \(sent a nudge\)\n$/);

    assert.equal((await panel.getHistoryRetention({})).days, 30, 'kept 30 days unless changed');
    await assert.rejects(panel.setHistoryRetention({ days: -1 }), /from 0/);
    assert.deepEqual(await panel.setHistoryRetention({ days: 0 }), { days: 0 });
    assert.deepEqual(await panel.listHistory({}), [], 'off forgets what was kept');
    await assert.rejects(panel.getHistory({ id: c!.id }), /No past conversation/);
  } finally {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
