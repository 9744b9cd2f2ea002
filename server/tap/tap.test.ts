// The traffic tap keeps its ring as columns and makes a record only when one is read or heard:
// recording a line keeps no object of its own alive, and a relayed payload stays bytes until read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrafficTap, type TrafficRecord } from './tap';

test('records read back as written, oldest first, with the command and byte count worked out', () => {
  const tap = new TrafficTap(3);
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'in', line: 'VER 1 MSNP16 CVR0', remote: '10.0.0.9' });
  tap.record({ conn: 'sb-2', service: 'SB', direction: 'out', line: 'MSG bob@lan Bob 5', payload: Buffer.from('héllo'), remote: '10.0.0.9', account: 'alice@lan' });
  tap.record({ conn: 'http-3', service: 'HTTP', direction: 'out', line: 'HTTP/1.1 200 OK', command: '200', payload: 'ok', payloadBytes: 40, durationMs: 12 });
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'note', command: 'NOTE', line: 'closing: test' });
  const [a, b, c] = tap.recent();
  assert.deepEqual(
    { ...a!, time: 0 },
    { seq: 2, time: 0, conn: 'sb-2', service: 'SB', direction: 'out', command: 'MSG', line: 'MSG bob@lan Bob 5', payload: 'héllo', payloadBytes: 6, remote: '10.0.0.9', account: 'alice@lan' },
  );
  assert.deepEqual([b!.command, b!.payload, b!.payloadBytes, b!.durationMs], ['200', 'ok', 40, 12]);
  assert.deepEqual([c!.seq, c!.command, c!.line, 'payload' in c!], [4, 'NOTE', 'closing: test', false]);
  assert.deepEqual(tap.recent(1).map((r) => r.seq), [4]);
  tap.clear();
  assert.deepEqual(tap.recent(), []);
});

test('a long payload is cut when recorded, saying how long it was', () => {
  const tap = new TrafficTap(4);
  tap.record({ conn: 'sb-1', service: 'SB', direction: 'in', line: 'MSG 1 D 40000', payload: Buffer.alloc(40_000, 0x41) });
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'out', line: 'UBX a@lan 20000', payload: 'é'.repeat(20_000) });
  const [bytes, text] = tap.recent();
  assert.equal(bytes!.payload, 'A'.repeat(16 * 1024) + '\n… (40000 bytes in all)');
  assert.equal(bytes!.payloadBytes, 40_000);
  assert.equal(text!.payload, 'é'.repeat(16 * 1024) + '\n… (40000 bytes in all)');
});

test('recording keeps no record object: one is made only for a listener of that service, or when read', () => {
  const tap = new TrafficTap(10);
  const heard: unknown[] = [];
  tap.subscribe((r) => heard.push(r), ['NS']);
  // The caller's object is not what the ring keeps: changing it afterwards changes nothing. (A
  // payload Buffer is kept as it is, not copied: senders never reuse one they have sent.)
  const input = { conn: 'sb-1', service: 'SB' as const, direction: 'in' as const, line: 'MSG 5 A 3', payload: Buffer.from('abc') };
  tap.record(input);
  input.line = 'changed';
  assert.equal(heard.length, 0, 'a switchboard line makes nothing for an NS listener');
  const [rec] = tap.recent();
  assert.equal(rec!.line, 'MSG 5 A 3');
  assert.notEqual(rec, input);
  assert.notEqual(tap.recent()[0], rec, 'each read makes its own copy');
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'out', line: 'NLN BSY a@lan A 0' });
  assert.equal(heard.length, 1);
});

test('the ring keeps text as bytes in one preallocated buffer and stays within both bounds after 100,000 lines', () => {
  const tap = new TrafficTap(1000, 64 * 1024);
  const text = (tap as unknown as { text: Buffer }).text;
  const payload = Buffer.from('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhéllo ');
  for (let n = 1; n <= 100_000; n++) {
    tap.record({ conn: 'sb-1', service: 'SB', direction: 'in', line: `MSG ${n} A ${payload.length + String(n).length}`, payload: Buffer.concat([payload, Buffer.from(String(n))]) });
    tap.record({ conn: 'sb-1', service: 'SB', direction: 'out', line: `ACK ${n}` });
  }
  // Nothing of a line or payload is kept as a JS string or Buffer: only columns of numbers and the one byte ring.
  const own = tap as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(own)) {
    if (!Array.isArray(value)) continue;
    for (const v of value) assert.ok(v === undefined || v === 'sb-1' || v === 'SB' || v === 'in' || v === 'out', `column ${name} holds ${String(v).slice(0, 40)}`);
  }
  assert.equal((tap as unknown as { text: Buffer }).text, text, 'the same buffer, never grown');
  assert.equal(text.length, 64 * 1024);
  const { records, textBytes } = tap.usage;
  assert.ok(records <= 1000 && textBytes <= 64 * 1024, `${records} records, ${textBytes} bytes`);
  assert.ok(records > 500, `the byte bound keeps most of the records here (${records})`);
  // The newest records read back exactly.
  const recs = tap.recent();
  assert.equal(recs.length, records);
  const [msg, ack] = recs.slice(-2);
  assert.equal(msg!.line, `MSG 100000 A ${payload.length + 6}`);
  assert.equal(msg!.payload, 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhéllo 100000');
  assert.equal(msg!.payloadBytes, payload.length + 6);
  assert.deepEqual([ack!.line, ack!.command, 'payload' in ack!], ['ACK 100000', 'ACK', false]);
  // Sequence numbers stay consecutive: the byte bound drops the oldest records, never one in the middle.
  for (let k = 1; k < recs.length; k++) assert.equal(recs[k]!.seq, recs[k - 1]!.seq + 1);
});

test('large payloads push older records out by bytes, never past the ring', () => {
  const tap = new TrafficTap(100, 40_000);
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'in', line: 'VER 1 MSNP16 CVR0' });
  for (let n = 0; n < 5; n++) tap.record({ conn: 'http-1', service: 'HTTP', direction: 'out', line: 'HTTP/1.1 200 OK', payload: 'x'.repeat(9000) });
  const recs = tap.recent();
  assert.ok(recs.length < 6 && recs.length >= 3, `${recs.length} records`);
  assert.ok(recs.every((r) => r.payload === 'x'.repeat(9000)));
  assert.ok(tap.usage.textBytes <= 40_000);
});

test("a listener's `wants` is asked with what was recorded, and no record is made for what it refuses", () => {
  const tap = new TrafficTap(10);
  const asked: string[] = [];
  const heard: string[] = [];
  tap.subscribe(
    (r) => heard.push(`${r.direction} ${r.line}${r.payload === undefined ? '' : ` + ${r.payload}`}`),
    ['NS'],
    (input) => (asked.push(input.line), !input.line.startsWith('NLN ') && !input.line.startsWith('UBX ')),
  );
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'in', line: 'USR 3 TWN I a@lan' });
  tap.record({ conn: 'ns-2', service: 'NS', direction: 'out', line: 'NLN BSY a@lan 1 A 0' });
  tap.record({ conn: 'ns-2', service: 'NS', direction: 'out', line: 'UBX 1:a@lan 9', payload: '<Data/>..' });
  tap.record({ conn: 'sb-3', service: 'SB', direction: 'out', line: 'ACK 5' });
  tap.record({ conn: 'ns-1', service: 'NS', direction: 'out', line: 'USR 4 OK a@lan 1 0' });
  // The switchboard line is not even asked about (not a service the listener named).
  assert.deepEqual(asked, ['USR 3 TWN I a@lan', 'NLN BSY a@lan 1 A 0', 'UBX 1:a@lan 9', 'USR 4 OK a@lan 1 0']);
  assert.deepEqual(heard, ['in USR 3 TWN I a@lan', 'out USR 4 OK a@lan 1 0']);
  // The ring keeps every line, wanted or not.
  assert.deepEqual(
    tap.recent().map((r) => r.line),
    ['USR 3 TWN I a@lan', 'NLN BSY a@lan 1 A 0', 'UBX 1:a@lan 9', 'ACK 5', 'USR 4 OK a@lan 1 0'],
  );
});

test('a line encoded once and recorded for many connections reads back as record() would have it, for readers and listeners', () => {
  const tap = new TrafficTap(10);
  const heard: TrafficRecord[] = [];
  tap.subscribe((r) => heard.push(r), ['NS']);
  const bytes = Buffer.from('NLN BSY a@lan 1 Ä 0\r\nUBX 1:a@lan 9\r\n<Data/>é\r\n');
  const nln = { line: 'NLN BSY a@lan 1 Ä 0', lineBytes: bytes.subarray(0, 20) };
  const ubx = { line: 'UBX 1:a@lan 9', payload: '<Data/>é', lineBytes: bytes.subarray(22, 35), payloadBytes: bytes.subarray(37, 46) };
  tap.recordEncoded(nln, 'ns-4', 'NS', '10.0.0.9', 'bob@lan');
  tap.recordEncoded(ubx, 'ns-4', 'NS', '10.0.0.9', 'bob@lan');
  tap.record({ conn: 'ns-4', service: 'NS', direction: 'out', line: 'UBX 1:a@lan 9', payload: '<Data/>é', remote: '10.0.0.9', account: 'bob@lan' });
  const [a, b, c] = tap.recent().map((r) => ({ ...r, time: 0 }));
  assert.deepEqual(a, { seq: 1, time: 0, conn: 'ns-4', service: 'NS', direction: 'out', command: 'NLN', line: 'NLN BSY a@lan 1 Ä 0', remote: '10.0.0.9', account: 'bob@lan' });
  assert.deepEqual(b, { ...c!, seq: 2 });
  assert.deepEqual([b!.payload, b!.payloadBytes], ['<Data/>é', 9]);
  assert.deepEqual(heard.map((r) => r.line), ['NLN BSY a@lan 1 Ä 0', 'UBX 1:a@lan 9', 'UBX 1:a@lan 9']);
  // A ring too small for the bytes keeps what record() keeps of the same line.
  const tiny = new TrafficTap(4, 20);
  tiny.recordEncoded(ubx, 'ns-4', 'NS');
  assert.deepEqual(tiny.recent().map((r) => [r.line, r.payload]), [['UBX 1:', undefined]]);
});
