// Between reads the parser keeps only the bytes still to parse, never the read's whole chunk: an
// idle signed-in client would otherwise keep its last read (and the Buffer objects around it) for
// as long as it stays quiet.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MsnpParser } from './codec';

const LIMITS = { maxLineBytes: 8192, maxPayloadBytes: 65536 };

test('after a chunk of whole commands the parser holds no bytes; after a split line, only its start', () => {
  const p = new MsnpParser(LIMITS);
  // One 64 KB read: 13,104 PNGs, then a CHG cut in the middle.
  const chunk = Buffer.from('PNG\r\n'.repeat(13_104) + 'CHG 9 BSY 108527');
  assert.equal(chunk.length, 65_536);
  const cmds = p.push(chunk);
  assert.equal(cmds.length, 13_104);
  assert.equal(p.buffered, 16, 'the start of the split CHG waits');
  assert.ok(p.heldBytes <= 64, `holds ${p.heldBytes} bytes of the 64 KB read`);
  const rest = p.push(Buffer.from('6192:131088\r\n'));
  assert.deepEqual(rest.map((c) => ('line' in c ? c.line : '')), ['CHG 9 BSY 1085276192:131088']);
  assert.equal(p.buffered, 0);
  assert.equal(p.heldBytes, 0, 'nothing kept once every command is out');
});

test('a payload split across reads still arrives whole', () => {
  const p = new MsnpParser(LIMITS);
  const payload = 'x'.repeat(3000);
  const wire = Buffer.from(`MSG 5 N ${payload.length}\r\n${payload}PNG\r\n`);
  const out = [];
  for (let i = 0; i < wire.length; i += 700) out.push(...p.push(wire.subarray(i, i + 700)));
  assert.equal(out.length, 2);
  assert.equal((out[0] as { payload?: Buffer }).payload?.toString(), payload);
  assert.equal(p.heldBytes, 0);
});
