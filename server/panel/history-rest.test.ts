// The history and offline-message operations over the panel's REST transport, as a script uses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { request } from '../http/testkit';

test('REST: leave an offline message, find it in the history, export it, change the retention', { timeout: 60_000 }, async () => {
  const app = await startTestServer();
  try {
    await app.core.directory.createAccount('alice@lan', 'alice-pw', 'Alice');
    await app.core.directory.createAccount('bob@lan', 'bob-pw', 'Bob');
    const api = async (method: string, p: string, body?: unknown) => {
      const res = await request(app.ports.panel, {
        method,
        path: `/api${p}`,
        headers: { Authorization: 'Bearer test-token-123456', 'Content-Type': 'application/json', Host: `127.0.0.1:${app.ports.panel}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> & unknown[] };
    };
    const left = await api('POST', '/offline-messages', { from: 'alice@lan', to: 'bob@lan', text: 'see you at eight' });
    assert.equal(left.status, 201);
    assert.equal((left.json as unknown as { to: string }).to, 'bob@lan');
    assert.equal((await api('POST', '/offline-messages', { from: 'alice@lan', to: 'ghost@lan', text: 'x' })).status, 404);
    const found = await api('GET', '/history?q=eight');
    assert.equal(found.status, 200);
    const [c] = found.json as unknown as { id: string; kind: string }[];
    assert.equal(c!.kind, 'offline');
    const text = await api('GET', `/history/${encodeURIComponent(c!.id)}/text`);
    assert.match((text.json as unknown as { text: string }).text, /\] alice@lan \(offline message\): see you at eight\n$/);
    assert.deepEqual((await api('GET', '/history-retention')).json, { days: 30 });
    assert.equal((await api('PUT', '/history-retention', { days: 'forever' })).status, 400);
    assert.deepEqual((await api('PUT', '/history-retention', { days: 90 })).json, { days: 90 });
  } finally {
    await app.cleanup();
  }
});
