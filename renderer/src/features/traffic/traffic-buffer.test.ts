import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrafficBuffer, exchangeDuration } from './traffic-buffer';
import type { TrafficRecord } from '../../../../server/tap/tap';

let seq = 0;
function rec(conn: string, line: string, extra: Partial<TrafficRecord> = {}): TrafficRecord {
  const service = conn.startsWith('http') ? 'HTTP' : 'NS';
  return { seq: ++seq, time: 0, conn, service, direction: 'in', command: line.split(' ')[0]!, line, ...extra };
}

test('the filter narrows by connection, service, command and search, and keeps up with appends', () => {
  const b = new TrafficBuffer(100);
  b.append([rec('ns-1', 'VER 1 MSNP16 CVR0'), rec('ns-1', 'CHG 5 NLN 0'), rec('http-2', 'GET /login2.srf HTTP/1.1', { payload: 'Host: x' })]);
  b.setFilter({ hiddenServices: [], search: '', conn: 'ns-1' });
  assert.deepEqual(b.shown.map((r) => r.command), ['VER', 'CHG']);
  b.setFilter({ hiddenServices: ['NS'], search: '' });
  assert.deepEqual(b.shown.map((r) => r.conn), ['http-2']);
  b.setFilter({ hiddenServices: [], search: '', command: 'CHG' });
  b.append([rec('ns-3', 'CHG 9 BSY 0'), rec('ns-3', 'PNG')]);
  assert.deepEqual(b.shown.map((r) => r.line), ['CHG 5 NLN 0', 'CHG 9 BSY 0']);
  b.setFilter({ hiddenServices: [], search: 'host: X' });
  assert.deepEqual(b.shown.map((r) => r.conn), ['http-2'], 'search looks in payloads, ignoring case');
  assert.deepEqual(b.commands(), ['CHG', 'GET', 'PNG', 'VER']);
  assert.deepEqual(b.connections().map((c) => [c.conn, c.lines]), [['ns-1', 2], ['http-2', 1], ['ns-3', 2]]);
});

test('history is capped: the oldest records leave both lists and the summaries', () => {
  const b = new TrafficBuffer(3);
  b.setFilter({ hiddenServices: [], search: '', conn: 'ns-1' });
  b.append([rec('ns-1', 'A'), rec('ns-2', 'B'), rec('ns-1', 'C')]);
  b.append([rec('ns-2', 'D'), rec('ns-1', 'E')]);
  assert.deepEqual(b.all.map((r) => r.line), ['C', 'D', 'E']);
  assert.deepEqual(b.shown.map((r) => r.line), ['C', 'E']);
  assert.deepEqual(b.commands(), ['C', 'D', 'E']);
  assert.deepEqual(b.connections().map((c) => [c.conn, c.lines]), [['ns-1', 2], ['ns-2', 1]]);
});

test('records already held are not added twice (history load overlapping live events)', () => {
  const b = new TrafficBuffer(10);
  const first = [rec('ns-1', 'A'), rec('ns-1', 'B')];
  b.append(first);
  b.append([first[1]!, rec('ns-1', 'C')]);
  assert.deepEqual(b.all.map((r) => r.line), ['A', 'B', 'C']);
  b.clear();
  assert.equal(b.all.length + b.shown.length + b.commands().length, 0);
});

test('the shape changes only when a command or connection comes or goes', () => {
  const b = new TrafficBuffer(2);
  b.append([rec('ns-1', 'PNG')]);
  const after = b.shape;
  b.append([rec('ns-1', 'PNG')]);
  assert.equal(b.shape, after, 'one more line of a known kind');
  b.append([rec('ns-2', 'QNG')]);
  assert.ok(b.shape > after, 'a new connection and command, and the first PNG line dropped');
});

test('an HTTP request and its answer are one line; a search or command finds it by the answer too', () => {
  const b = new TrafficBuffer(100);
  b.setFilter({ hiddenServices: [], search: '404' });
  b.append([rec('http-7', 'GET /missing HTTP/1.1'), rec('ns-8', 'PNG')]);
  assert.equal(b.shown.length, 0);
  b.append([rec('http-7', 'HTTP/1.1 404 Not Found', { direction: 'out', command: '404', durationMs: 12 }), rec('http-7', 'GET /again HTTP/1.1')]);
  assert.deepEqual(b.shown.map((r) => [r.line, r.response?.line]), [['GET /missing HTTP/1.1', 'HTTP/1.1 404 Not Found']]);
  assert.equal(exchangeDuration(b.shown[0]!), 12);
  assert.deepEqual(b.all.map((r) => r.line), ['GET /missing HTTP/1.1', 'PNG', 'GET /again HTTP/1.1'], 'the answer is no line of its own');
  b.setFilter({ hiddenServices: [], search: '', command: '404' });
  assert.equal(b.shown.length, 1);
  assert.ok(b.commands().includes('404'));
  // A replayed history overlapping what arrived live adds nothing twice.
  b.setFilter({ hiddenServices: [], search: '' });
  b.append([rec('http-7', 'HTTP/1.1 404 Not Found', { seq: b.all[0]!.response!.seq, direction: 'out', command: '404' })]);
  assert.equal(b.all.length, 3);
});
