import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rc4 } from './rc4.js';

// RFC 6229 "Test Vectors for the Stream Cipher RC4", keystream at the given offsets.
const VECTORS: { key: string; at: Record<number, string> }[] = [
  {
    key: '0102030405',
    at: {
      0: 'b2396305f03dc027ccc3524a0a1118a8',
      16: '6982944f18fc82d589c403a47a0d0919',
      240: '28cb1132c96ce286421dcaadb8b69eae',
      256: '1cfcf62b03eddb641d77dfcf7f8d8c93',
      4096: 'ff25b58995996707e51fbdf08b34d875',
    },
  },
  {
    key: '0102030405060708090a0b0c0d0e0f10',
    at: {
      0: '9ac7cc9a609d1ef7b2932899cde41b97',
      16: '5248c4959014126a6e8a84f11d1a9e1c',
      240: '065902e4b620f6cc36c8589f66432f2b',
      256: 'd39d566bc6bce3010768151549f3873f',
      4096: 'a36a4c301ae8ac13610ccbc12256cacc',
    },
  },
];

describe('RC4', () => {
  for (const v of VECTORS) {
    it(`matches RFC 6229 for the ${v.key.length * 4}-bit key ${v.key}`, () => {
      const stream = new Rc4(Buffer.from(v.key, 'hex')).update(Buffer.alloc(4112));
      for (const [offset, hex] of Object.entries(v.at)) {
        assert.equal(stream.subarray(Number(offset), Number(offset) + 16).toString('hex'), hex, `offset ${offset}`);
      }
    });
  }

  it('keeps its state across update() calls, as a record layer needs', () => {
    const key = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
    const whole = new Rc4(key).update(Buffer.alloc(1000, 0x5a));
    const pieces = new Rc4(key);
    const parts = [7, 1, 300, 0, 692].map((n) => pieces.update(Buffer.alloc(n, 0x5a)));
    assert.deepEqual(Buffer.concat(parts), whole);
  });

  it('decrypts what it encrypted', () => {
    const key = Buffer.from('secret key 16 by');
    const text = Buffer.from('GET /rdr/pprdr.asp HTTP/1.0\r\n\r\n');
    assert.deepEqual(new Rc4(key).update(new Rc4(key).update(text)), text);
  });

  it('refuses an empty key', () => {
    assert.throws(() => new Rc4(Buffer.alloc(0)), RangeError);
  });
});
