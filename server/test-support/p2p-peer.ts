// The client side of a display-picture fetch for tests: builds the MSNSLP INVITE a Messenger client
// sends, wraps P2P v1 or v2 messages in switchboard MSGs, and reads the server's replies back.
import assert from 'node:assert/strict';
import { buildSlp, DISPLAY_PICTURE_EUF_GUID, parseSlp, type SlpMessage } from '../msnp/p2p/slp';
import { buildV1, parseV1, type V1Message } from '../msnp/p2p/p2p-v1';
import { buildV2, parseV2, type V2Packet } from '../msnp/p2p/p2p-v2';
import type { MsnpTestClient, Received } from './msnp-client';

export const CALL_ID = '{8D2F1E2A-3C4B-4D5E-8F90-A1B2C3D4E5F6}';
export const BRANCH = '{1A2B3C4D-5E6F-4071-8293-A4B5C6D7E8F9}';
export const CLIENT_GUID = '{11111111-2222-4333-8444-555555555555}';
export const CONTACT_GUID = '{AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE}';

/** The INVITE for a display picture: Context is the MSN object, base64, NUL-terminated as WLM sends it. */
export function pictureInvite(o: { from: string; to: string; msnObject: string; sessionId: number; appId?: number }): Buffer {
  return buildSlp({
    startLine: `INVITE MSNMSGR:${o.to} MSNSLP/1.0`,
    to: o.to,
    from: o.from,
    branch: BRANCH,
    cseq: 0,
    callId: CALL_ID,
    contentType: 'application/x-msnmsgr-sessionreqbody',
    body: [
      ['EUF-GUID', DISPLAY_PICTURE_EUF_GUID],
      ['SessionID', String(o.sessionId)],
      ['AppID', String(o.appId ?? 12)],
      ['Context', Buffer.concat([Buffer.from(o.msnObject), Buffer.from([0])]).toString('base64')],
    ],
  });
}

export function byeFor(o: { from: string; to: string; sessionId: number }): Buffer {
  return buildSlp({
    startLine: `BYE MSNMSGR:${o.to} MSNSLP/1.0`,
    to: o.to,
    from: o.from,
    branch: BRANCH,
    cseq: 0,
    callId: CALL_ID,
    contentType: 'application/x-msnmsgr-sessionclosebody',
    body: [],
  });
}

/** A MSG payload for P2P: "P2P-Dest" only (v1), or "P2P-Src" and "P2P-Dest" with GUIDs (v2). */
export function envelope(binary: Buffer, dest: string, src?: string): Buffer {
  return Buffer.concat([
    Buffer.from(`MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\n${src ? `P2P-Src: ${src}\r\n` : ''}P2P-Dest: ${dest}\r\n\r\n`),
    binary,
  ]);
}

/** The P2P body of a MSG from the server, after checking it is P2P addressed to `dest`. */
export function p2pBody(r: Received, from: string, dest: string): Buffer {
  assert.match(r.line, new RegExp(`^MSG ${from.replace(/[.]/g, '\\.')} \\S+ \\d+$`), `a MSG from ${from}`);
  const bytes = r.bytes!;
  const split = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, split).toString();
  assert.match(head, /Content-Type: application\/x-msnmsgrp2p/);
  assert.ok(head.includes(`P2P-Dest: ${dest}`), `addressed to ${dest}: ${head}`);
  return bytes.subarray(split + 4);
}

export function v1(body: Buffer): V1Message {
  const p = parseV1(body);
  assert.ok(p.ok, p.ok ? '' : p.why);
  return p.message;
}

export function v2(body: Buffer): V2Packet {
  const p = parseV2(body);
  assert.ok(p.ok, p.ok ? '' : p.why);
  return p.packet;
}

export function slp(bytes: Buffer): SlpMessage {
  const p = parseSlp(bytes);
  assert.ok(p.ok, p.ok ? '' : p.why);
  return p.message;
}

/** A v1 ack of `m`, as MSNPSharp 2.5.8 writes one. */
export function v1Ack(m: V1Message, identifier: number): Buffer {
  return buildV1(
    {
      sessionId: m.header.sessionId,
      identifier,
      offset: 0,
      totalSize: m.header.totalSize,
      flags: 2,
      ackSessionId: m.header.identifier,
      ackUniqueId: m.header.ackSessionId,
      ackDataSize: m.header.totalSize,
    },
    Buffer.alloc(0),
    0,
  );
}

/** A v2 ack of `p`: the next sequence number expected. */
export function v2Ack(p: V2Packet, sequence: number): Buffer {
  return buildV2({ opcode: 0, sequence, ack: (p.sequence + (p.messageSize ?? 0)) >>> 0 }, 0);
}

/** Sends a MSG D with a P2P payload and waits for the switchboard's ACK. */
export async function sendP2p(sb: MsnpTestClient, trid: number, payload: Buffer): Promise<void> {
  sb.sendBytes(`MSG ${trid} D`, payload);
  assert.equal((await sb.take(`ACK ${trid}`)).line, `ACK ${trid}`);
}
