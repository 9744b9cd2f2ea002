import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { createBulkCipher } from './bulk-ciphers.js';
import { LEGACY_SUITES, type LegacySuite } from './legacy-suites.js';
import { ContentType, MAX_CIPHERTEXT, RecordProtection, RecordReader, sealAll, TLS10, type TlsRecord } from './record-layer.js';
import { Alert, TlsFatal } from './tls-alerts.js';

function pair(suite: LegacySuite) {
  const macKey = crypto.randomBytes(suite.macLength);
  const key = crypto.randomBytes(suite.keyLength);
  const iv = crypto.randomBytes(suite.ivLength);
  return {
    macKey,
    key,
    iv,
    writer: RecordProtection.forSuite(suite, macKey, key, iv, 'encrypt'),
    reader: RecordProtection.forSuite(suite, macKey, key, iv, 'decrypt'),
  };
}

function parse(bytes: Buffer): TlsRecord[] {
  const r = new RecordReader();
  r.push(bytes);
  const out: TlsRecord[] = [];
  for (let rec = r.next(); rec; rec = r.next()) out.push(rec);
  assert.equal(r.buffered, 0);
  return out;
}

const fatal = (alert: number) => (err: unknown) => err instanceof TlsFatal && err.alert === alert;

describe('RecordProtection', () => {
  for (const suite of LEGACY_SUITES) {
    it(`${suite.name}: seals and opens a run of records of many sizes`, () => {
      const { writer, reader } = pair(suite);
      for (const size of [0, 1, 7, 8, 15, 16, 17, 100, 1000, 16384]) {
        const data = crypto.randomBytes(size);
        const [rec] = parse(writer.seal(ContentType.applicationData, data));
        assert.equal(rec.type, ContentType.applicationData);
        assert.equal(rec.version, TLS10);
        if (suite.blockLength) assert.equal(rec.fragment.length % suite.blockLength, 0);
        else assert.equal(rec.fragment.length, size + suite.macLength);
        assert.deepEqual(reader.open(rec), data);
      }
    });

    it(`${suite.name}: any flipped bit is bad_record_mac`, () => {
      const { writer, reader } = pair(suite);
      const [rec] = parse(writer.seal(ContentType.applicationData, Buffer.from('GET / HTTP/1.0\r\n\r\n')));
      const frag = Buffer.from(rec.fragment);
      frag[Math.floor(frag.length / 2)] ^= 0x01;
      assert.throws(() => reader.open({ ...rec, fragment: frag }), fatal(Alert.badRecordMac));
    });

    it(`${suite.name}: a replayed or reordered record does not verify (sequence numbers)`, () => {
      const { writer, reader } = pair(suite);
      const a = parse(writer.seal(ContentType.applicationData, Buffer.from('one')))[0];
      parse(writer.seal(ContentType.applicationData, Buffer.from('two')));
      assert.deepEqual(reader.open(a), Buffer.from('one'));
      assert.throws(() => reader.open(a), fatal(Alert.badRecordMac));
    });
  }

  it('CBC: a bad padding byte is the same bad_record_mac as a bad MAC', () => {
    const suite = LEGACY_SUITES.find((s) => s.name === 'DES-CBC3-SHA')!;
    const { macKey, key, iv, reader } = pair(suite);
    // Hand-build: data | valid MAC | padding "02 03 02" (inconsistent) — the MAC is right.
    const data = Buffer.from('abcdefghi');
    const head = Buffer.alloc(13);
    head[8] = ContentType.applicationData;
    head.writeUInt16BE(TLS10, 9);
    head.writeUInt16BE(data.length, 11);
    const mac = crypto.createHmac('sha1', macKey).update(head).update(data).digest();
    const plain = Buffer.concat([data, mac, Buffer.from([0x02, 0x03, 0x02])]);
    assert.equal(plain.length % 8, 0);
    const frag = createBulkCipher('3des-cbc', key, iv, 'encrypt').update(plain);
    let message = '';
    assert.throws(
      () => reader.open({ type: ContentType.applicationData, version: TLS10, fragment: frag }),
      (err: unknown) => {
        message = (err as Error).message;
        return fatal(Alert.badRecordMac)(err);
      },
    );
    assert.equal(message, 'record MAC does not verify');
  });

  it('CBC: accepts long TLS 1.0 padding (up to 255 bytes), as some clients send', () => {
    const suite = LEGACY_SUITES.find((s) => s.name === 'AES128-SHA')!;
    const { macKey, key, iv, reader } = pair(suite);
    const data = Buffer.from('x'.repeat(11));
    const head = Buffer.alloc(13);
    head[8] = ContentType.applicationData;
    head.writeUInt16BE(TLS10, 9);
    head.writeUInt16BE(data.length, 11);
    const mac = crypto.createHmac('sha1', macKey).update(head).update(data).digest();
    const padLength = 16 * 8 + 0; // 11 + 20 + 1 + 128 = 160 = 10 blocks
    const plain = Buffer.concat([data, mac, Buffer.alloc(padLength + 1, padLength)]);
    assert.equal(plain.length % 16, 0);
    const frag = createBulkCipher('aes128-cbc', key, iv, 'encrypt').update(plain);
    assert.deepEqual(reader.open({ type: ContentType.applicationData, version: TLS10, fragment: frag }), data);
  });

  it('CBC: a fragment that is not whole blocks is bad_record_mac', () => {
    const { reader } = pair(LEGACY_SUITES.find((s) => s.name === 'DES-CBC3-SHA')!);
    assert.throws(() => reader.open({ type: 23, version: TLS10, fragment: Buffer.alloc(30) }), fatal(Alert.badRecordMac));
    assert.throws(() => reader.open({ type: 23, version: TLS10, fragment: Buffer.alloc(0) }), fatal(Alert.badRecordMac));
  });

  it('NULL protection passes plaintext through and caps it at 2^14', () => {
    const none = RecordProtection.none();
    assert.equal(none.active, false);
    assert.deepEqual(none.seal(22, Buffer.from([1, 2])), Buffer.from([22, 3, 1, 0, 2, 1, 2]));
    assert.throws(() => none.open({ type: 22, version: TLS10, fragment: Buffer.alloc(16385) }), fatal(Alert.recordOverflow));
  });

  it('sealAll splits large data into 2^14-byte records', () => {
    const { writer, reader } = pair(LEGACY_SUITES.find((s) => s.name === 'RC4-MD5')!);
    const data = crypto.randomBytes(40000);
    const recs = parse(sealAll(writer, ContentType.applicationData, data));
    assert.equal(recs.length, 3);
    assert.deepEqual(Buffer.concat(recs.map((r) => reader.open(r))), data);
  });
});

describe('RecordReader', () => {
  it('reassembles records delivered one byte at a time', () => {
    const bytes = Buffer.concat([RecordProtection.none().seal(22, Buffer.from('hello')), RecordProtection.none().seal(20, Buffer.from([1]))]);
    const r = new RecordReader();
    const got: TlsRecord[] = [];
    for (const byte of bytes) {
      r.push(Buffer.from([byte]));
      for (let rec = r.next(); rec; rec = r.next()) got.push(rec);
    }
    assert.deepEqual(got.map((x) => [x.type, x.fragment.toString('latin1')]), [[22, 'hello'], [20, '\x01']]);
  });

  it('refuses a bad header as soon as it is visible', () => {
    const r = new RecordReader();
    r.push(Buffer.from([0x47]));
    assert.throws(() => r.next(), fatal(Alert.unexpectedMessage));
    const v = new RecordReader();
    v.push(Buffer.from([0x17, 0x02]));
    assert.throws(() => v.next(), fatal(Alert.protocolVersion));
  });

  it('refuses records over 2^14 + 2048 bytes without waiting for them', () => {
    const r = new RecordReader();
    const len = MAX_CIPHERTEXT + 1;
    r.push(Buffer.from([0x17, 0x03, 0x01, len >> 8, len & 0xff]));
    assert.throws(() => r.next(), fatal(Alert.recordOverflow));
    const ok = new RecordReader();
    ok.push(Buffer.from([0x17, 0x03, 0x01, MAX_CIPHERTEXT >> 8, MAX_CIPHERTEXT & 0xff]));
    assert.equal(ok.next(), null);
  });
});
