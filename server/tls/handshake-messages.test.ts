import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientHello, type ClientHelloInfo } from './client-hello.js';
import { certificateMessage, encryptedPreMaster, HandshakeAssembler, helloForHandshake, serverHello } from './handshake-messages.js';
import { chooseLegacySuite } from './legacy-suites.js';
import { Alert, TlsFatal } from './tls-alerts.js';
import { buildSslv2Hello, buildTlsHello } from './test-hellos.js';

function info(buf: Buffer): ClientHelloInfo {
  const r = parseClientHello(buf);
  assert.ok('format' in r);
  return r;
}

describe('helloForHandshake', () => {
  it('SSLv2 format: hashes from the type byte on, random = challenge left-padded with zeros', () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const hello = buildSslv2Hello({ specs: [0x00000a, 0x0000ff], challenge });
    const h = helloForHandshake(hello, info(hello));
    assert.deepEqual(h.transcript, hello.subarray(2));
    assert.equal(h.transcript[0], 0x01);
    assert.deepEqual(h.clientRandom, Buffer.concat([Buffer.alloc(16), challenge]));
    assert.equal(h.clientVersion, 0x0301);
    assert.equal(h.secureRenegotiation, true, 'SCSV 00 00 ff');
    assert.equal(h.rest.length, 0);
  });

  it('SSLv2 format with a 32-byte challenge uses it as is', () => {
    const challenge = Buffer.alloc(32, 0xab);
    const hello = buildSslv2Hello({ specs: [0x000004], challenge });
    assert.deepEqual(helloForHandshake(hello, info(hello)).clientRandom, challenge);
  });

  it('TLS format split over records: hashes the reassembled message without record headers', () => {
    const hello = buildTlsHello({ suites: [0x000a], serverName: 'login.live.com', maxFragment: 10 });
    const trailing = Buffer.from([0x15, 0x03, 0x01]);
    const h = helloForHandshake(Buffer.concat([hello, trailing]), info(hello));
    assert.equal(h.transcript[0], 0x01);
    assert.equal(h.transcript.length, 4 + h.transcript.readUIntBE(1, 3));
    assert.deepEqual(h.clientRandom, h.transcript.subarray(6, 38));
    assert.deepEqual(h.rest, trailing);
    assert.equal(h.secureRenegotiation, false);
  });

  it('refuses handshake bytes after the ClientHello in the same record', () => {
    const hello = buildTlsHello({ suites: [0x000a] });
    const padded = Buffer.concat([hello, Buffer.from([0x0e, 0, 0, 0])]);
    padded.writeUInt16BE(hello.length - 5 + 4, 3);
    assert.throws(() => helloForHandshake(padded, info(padded)), (e: unknown) => e instanceof TlsFatal && e.alert === Alert.unexpectedMessage);
  });
});

describe('server messages', () => {
  it('ServerHello: TLS 1.0, empty session id, suite, null compression, renegotiation_info when asked', () => {
    const random = Buffer.alloc(32, 7);
    const plain = serverHello(random, 0x000a, false);
    assert.equal(plain.toString('hex'), '02000026' + '0301' + '07'.repeat(32) + '00' + '000a' + '00');
    const reneg = serverHello(random, 0x0004, true);
    assert.ok(reneg.toString('hex').endsWith('0004' + '00' + '0005ff01000100'));
    assert.equal(reneg.readUIntBE(1, 3), reneg.length - 4);
  });

  it('Certificate: nested 3-byte lengths', () => {
    const msg = certificateMessage([Buffer.from([0x30, 0x01, 0x00])]);
    assert.equal(msg.toString('hex'), '0b000009' + '000006' + '000003' + '300100');
  });

  it('ClientKeyExchange: with the TLS length prefix, or bare as some early TLS 1.0 clients sent it', () => {
    const block = Buffer.alloc(128, 9);
    assert.deepEqual(encryptedPreMaster(Buffer.concat([Buffer.from([0x00, 0x80]), block]), 128), block);
    assert.deepEqual(encryptedPreMaster(block, 128), block);
    assert.throws(() => encryptedPreMaster(Buffer.alloc(5), 128), (e: unknown) => e instanceof TlsFatal && e.alert === Alert.decodeError);
  });

  it('HandshakeAssembler joins fragments and splits coalesced messages, capping sizes', () => {
    const a = new HandshakeAssembler();
    a.push(Buffer.from([0x10, 0x00]));
    assert.equal(a.next(), null);
    a.push(Buffer.from([0x00, 0x01, 0xaa, 0x14, 0x00, 0x00, 0x00]));
    assert.deepEqual(a.next()?.body, Buffer.from([0xaa]));
    assert.equal(a.next()?.type, 0x14);
    assert.ok(a.empty);
    const big = new HandshakeAssembler();
    big.push(Buffer.from([0x10, 0x01, 0x00, 0x00]));
    assert.throws(() => big.next(), (e: unknown) => e instanceof TlsFatal);
  });
});

describe('chooseLegacySuite', () => {
  it('prefers 3DES over RC4 whatever the client order (XP lists RC4 first)', () => {
    assert.equal(chooseLegacySuite([0x0004, 0x0005, 0x000a, 0x0009])?.name, 'DES-CBC3-SHA');
    assert.equal(chooseLegacySuite([0x0004, 0x0005])?.name, 'RC4-SHA');
    assert.equal(chooseLegacySuite([0x0004])?.name, 'RC4-MD5');
    assert.equal(chooseLegacySuite([0x0009, 0x0003, 0x010080]), undefined);
  });
});
