// P2P framing: what we write reads back the same, and no sequence of bytes from a client makes the
// parsers throw (they answer with a reason instead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildV1, parseV1 } from './p2p-v1';
import { buildV2, parseV2 } from './p2p-v2';
import { buildSlp, parseSlp } from './slp';
import { V1Link } from './link-v1';
import { V2Link } from './link-v2';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

test('P2P v1: build then parse gives the same header, data and footer', () => {
  fc.assert(
    fc.property(u32, u32, fc.uint8Array({ maxLength: 1202 }), u32, u32, u32, (sessionId, identifier, data, flags, ack, footer) => {
      const bytes = Buffer.from(data);
      const h = { sessionId, identifier, offset: 0, totalSize: bytes.length, flags: (flags & ~2) >>> 0, ackSessionId: ack, ackUniqueId: 0, ackDataSize: 0 };
      const p = parseV1(buildV1(h, bytes, footer));
      assert.ok(p.ok);
      assert.deepEqual(p.message, { header: { ...h, messageSize: bytes.length }, data: bytes, footer });
    }),
  );
});

test('P2P v2: build then parse keeps opcode, sequence, ack, peer info, data header and bytes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3 }), u32, fc.option(u32, { nil: undefined }), fc.uint8Array({ minLength: 1, maxLength: 1202 }), fc.integer({ min: 0, max: 5000 }), u32, (opcode, sequence, ack, data, remaining, sessionId) => {
      const bytes = Buffer.from(data);
      const packet = { opcode, sequence, ack, peerInfo: opcode & 1 ? Buffer.alloc(12, 7) : undefined, data: { tf: 5, packageNumber: 1, sessionId, dataRemaining: remaining || undefined, bytes } };
      const p = parseV2(buildV2(packet, 12));
      assert.ok(p.ok, p.ok ? '' : p.why);
      assert.equal(p.packet.opcode, opcode);
      assert.equal(p.packet.sequence, sequence);
      assert.equal(p.packet.ack, ack);
      assert.deepEqual(p.packet.data, packet.data);
      assert.equal(p.packet.footer, 12);
    }),
  );
});

test('random bytes: the parsers and links give reasons, never exceptions', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      const b = Buffer.from(data);
      parseV1(b);
      parseV2(b);
      parseSlp(b);
      new V1Link(() => {}).receive(b);
      new V2Link(() => {}).receive(b);
    }),
    { numRuns: 2000 },
  );
});

test('MSNSLP: Content-Length counts the body and its NUL; a short body is refused', () => {
  const m = buildSlp({ startLine: 'MSNSLP/1.0 200 OK', to: 'a@x', from: 'b@x', branch: '{1}', cseq: 1, callId: '{2}', contentType: 'application/x-msnmsgr-sessionreqbody', body: [['SessionID', '7']] });
  assert.match(m.toString(), /Content-Length: 17\r\n\r\nSessionID: 7\r\n\r\n\0$/);
  const p = parseSlp(m);
  assert.ok(p.ok);
  assert.equal(p.message.body.get('sessionid'), '7');
  const short = parseSlp(Buffer.from(m.toString().replace("Content-Length: 17", "Content-Length: 99")));
  assert.deepEqual(short, { ok: false, why: 'MSNSLP Content-Length 99 but 17 body bytes' });
});

test('P2P v2 links drop an MSNSLP continuation that never began and one whose "data remaining" is too big', () => {
  const sent: Buffer[] = [];
  const link = new V2Link((b) => sent.push(b));
  const packet = (tf: number, remaining: number | undefined, opcode = 0) =>
    buildV2({ opcode, sequence: 10, data: { tf, packageNumber: 1, sessionId: 0, dataRemaining: remaining, bytes: Buffer.from('INVITE MSNMSGR:x') } }, 0);
  assert.deepEqual(link.receive(packet(0, undefined)), [{ kind: 'error', why: 'a continuation of an MSNSLP message that never began (no first packet)' }]);
  assert.deepEqual(link.receive(packet(1, 1_000_000)), [{ kind: 'error', why: 'an MSNSLP message over 16384 bytes' }]);
  assert.deepEqual(link.receive(packet(1, 5, 2)), [], 'a first packet with more to come: nothing yet, but acked (RAK)');
  assert.equal(sent.length, 1);
  const ack = parseV2(sent[0]!);
  assert.ok(ack.ok);
  assert.equal(ack.packet.ack, 10 + 8 + 12 + 16, 'sequence + MessageSize (data header 8 + TLV 10 padded to 20, 16 bytes)');
});
