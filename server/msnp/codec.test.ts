// The MSNP parser's words: a line splits into its verb and args exactly as "split on spaces, drop
// empty words" would, whatever the spacing and however the bytes are cut into chunks (the parser
// makes one array per line now; this is the reference it must keep matching).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFramingError, MsnpParser, type MsnpCommand } from './codec';

const limits = { maxLineBytes: 4096, maxPayloadBytes: 65536 };

test('verb and args are the line split on spaces without empty words, in any chunking', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9@.%;{}-]{1,8}$/);
  const spaces = fc.constantFrom(' ', '  ', '   ');
  const line = fc
    .tuple(fc.constantFrom('', ' '), fc.array(fc.tuple(word, spaces), { minLength: 0, maxLength: 6 }), word, fc.constantFrom('', ' ', '  '))
    .map(([lead, parts, last, tail]) => lead + parts.map(([w, s]) => w + s).join('') + last + tail);
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 7 }), (lines, cut) => {
      // No payload verbs here: MSG and friends would wait for bytes.
      const parser = new MsnpParser(limits, new Set());
      const bytes = Buffer.from(lines.map((l) => l + '\r\n').join(''));
      const got: MsnpCommand[] = [];
      for (let at = 0; at < bytes.length; at += cut) {
        for (const item of parser.push(bytes.subarray(at, at + cut))) {
          assert.ok(!isFramingError(item));
          got.push(item);
        }
      }
      const want = lines.map((l) => l.split(' ').filter((w) => w.length > 0)).filter((w) => w.length > 0);
      assert.deepEqual(
        got.map((c) => [c.verb, ...c.args]),
        want,
      );
    }),
    { numRuns: 300 },
  );
});

test('a payload command keeps its length as the last arg and its bytes, split anywhere', () => {
  const payload = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhéllo';
  const bytes = Buffer.from(`MSG 4 A ${Buffer.byteLength(payload)}\r\n${payload}PNG\r\n`);
  for (let cut = 1; cut < bytes.length; cut++) {
    const parser = new MsnpParser(limits);
    const got = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))] as MsnpCommand[];
    assert.deepEqual(
      got.map((c) => [c.verb, c.args, c.payload?.toString('utf8')]),
      [
        ['MSG', ['4', 'A', String(Buffer.byteLength(payload))], payload],
        ['PNG', [], undefined],
      ],
    );
  }
});
