// A panel-driven contact's display picture, as a Messenger client meets it: the MSN object in the
// contact's presence (ILN, then NLN when it changes), and the picture fetched over the switchboard
// with MSNSLP over P2P v1 (MSN 6–WLM 8.x) and v2 (WLM 2009), its bytes matching SHA1D.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Jimp } from 'jimp';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { openSwitchboard } from '../../test-support/sb-client';
import type { MsnpTestClient } from '../../test-support/msnp-client';
import { encodeParam } from '../codec';
import { buildV1 } from '../p2p/p2p-v1';
import { buildV2, SERVER_PEER_INFO } from '../p2p/p2p-v2';
import {
  byeFor, CALL_ID, CLIENT_GUID, CONTACT_GUID, envelope, p2pBody, pictureInvite, sendP2p, slp, v1, v1Ack, v2, v2Ack,
} from '../../test-support/p2p-peer';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-123456';
before(async () => {
  app = await startTestServer({ demo: true, panelToken: TOKEN });
});
after(async () => {
  await app.cleanup();
});

async function putPicture(email: string, image: Buffer) {
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}/api/accounts/${email}/picture`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(image),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A test image: a colour gradient (so it compresses to a few kilobytes, several P2P chunks). */
async function gradient(w: number, h: number, seed: number, mime: 'image/png' | 'image/jpeg' | 'image/gif' = 'image/png'): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0x000000ff });
  img.scan(0, 0, w, h, (x, y, idx) => {
    img.bitmap.data[idx] = (x * 7 + seed) & 0xff;
    img.bitmap.data[idx + 1] = (y * 13 + seed * 3) & 0xff;
    img.bitmap.data[idx + 2] = ((x * y) ^ seed) & 0xff;
    img.bitmap.data[idx + 3] = 0xff;
  });
  return img.getBuffer(mime);
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('base64');

/** Fetches the picture with P2P v1, step by step as MSN 7.5 / WLM 8 / MSNPSharp 2.5.8 do. */
async function fetchV1(sb: MsnpTestClient, msnObject: string, sessionId: number, trid: { n: number }): Promise<Buffer> {
  const me = 'me@local';
  const them = 'online@local';
  let ourId = 2000 + sessionId;
  const invite = pictureInvite({ from: me, to: them, msnObject, sessionId });
  await sendP2p(sb, trid.n++, envelope(buildV1({ sessionId: 0, identifier: ourId, offset: 0, totalSize: invite.length, flags: 0, ackSessionId: 777, ackUniqueId: 0, ackDataSize: 0 }, invite, 0), them));
  // The contact acknowledges the INVITE: AckSessionID = our Identifier, AckUniqueID = our AckSessionID.
  const ack = v1(p2pBody(await sb.next(), them, me));
  assert.deepEqual([ack.header.flags, ack.header.sessionId, ack.header.ackSessionId, ack.header.ackUniqueId, ack.header.ackDataSize, ack.data.length], [2, 0, ourId, 777, invite.length, 0]);
  // 200 OK, session 0, then our ack.
  const ok = v1(p2pBody(await sb.next(), them, me));
  const okSlp = slp(ok.data);
  assert.equal(okSlp.startLine, 'MSNSLP/1.0 200 OK');
  assert.deepEqual([okSlp.headers.get('to'), okSlp.headers.get('from'), okSlp.headers.get('call-id'), okSlp.headers.get('cseq')], [`<msnmsgr:${me}>`, `<msnmsgr:${them}>`, CALL_ID, '1']);
  assert.equal(okSlp.body.get('sessionid'), String(sessionId));
  await sendP2p(sb, trid.n++, envelope(v1Ack(ok, ++ourId), them));
  // Data preparation: four zero bytes in the new session, footer = the AppID asked for (12).
  const prep = v1(p2pBody(await sb.next(), them, me));
  assert.deepEqual([prep.header.sessionId, prep.header.totalSize, prep.data.toString('hex'), prep.footer], [sessionId, 4, '00000000', 12]);
  await sendP2p(sb, trid.n++, envelope(v1Ack(prep, ++ourId), them));
  // The data: flag 0x20, one Identifier, offsets in order, at most 1202 bytes each.
  const parts: Buffer[] = [];
  let last;
  do {
    last = v1(p2pBody(await sb.next(), them, me));
    assert.deepEqual([last.header.sessionId, last.header.flags, last.header.offset, last.footer], [sessionId, 0x20, Buffer.concat(parts).length, 12]);
    assert.ok(last.data.length <= 1202);
    parts.push(last.data);
  } while (last.header.offset + last.header.messageSize < last.header.totalSize);
  await sendP2p(sb, trid.n++, envelope(v1Ack(last, ++ourId), them));
  // The client ends the session with BYE; the contact acks it.
  const bye = byeFor({ from: me, to: them, sessionId });
  await sendP2p(sb, trid.n++, envelope(buildV1({ sessionId: 0, identifier: ++ourId, offset: 0, totalSize: bye.length, flags: 0, ackSessionId: 778, ackUniqueId: 0, ackDataSize: 0 }, bye, 0), them));
  const byeAck = v1(p2pBody(await sb.next(), them, me));
  assert.deepEqual([byeAck.header.flags, byeAck.header.ackSessionId], [2, ourId]);
  return Buffer.concat(parts);
}

test('MSNP15: the MSN object is in the contact\'s presence, the picture comes over P2P v1 and matches SHA1D, a new one is announced live', async () => {
  const first = await putPicture('online@local', await gradient(200, 120, 1));
  assert.equal(first.status, 200);
  const png = Buffer.from(first.body.png, 'base64');
  assert.deepEqual([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)], ['PNG', 96, 96], 'stored as a 96×96 PNG');
  const xml = first.body.msnObject as string;
  assert.match(xml, new RegExp(`^<msnobj Creator="online@local" Size="${png.length}" Type="3" Location="TFR2C2.tmp" Friendly="AAA=" SHA1D="${sha1(png).replace(/[+/]/g, '\\$&')}" SHA1C="[A-Za-z0-9+/]{27}="/>$`));

  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
  assert.equal((await me.take('ILN 5 NLN online@local')).line, `ILN 5 NLN online@local 1 Online%20User 1073741856 ${encodeParam(xml)}`);
  assert.equal((await me.take('ILN 5 BSY busy@local')).line, 'ILN 5 BSY busy@local 1 Busy%20User 1073741856 %3Cmsnobj%2F%3E', 'no picture: the empty object');

  const { sb } = await openSwitchboard(me, { handle: 'me@local' });
  sb.send('CAL 2 online@local');
  assert.match(await sb.nextLine(), /^CAL 2 RINGING \d+$/);
  assert.equal(await sb.nextLine(), 'JOI online@local Online%20User 1073741856');
  const trid = { n: 10 };
  const got = await fetchV1(sb, xml, 51234, trid);
  assert.equal(sha1(got), /SHA1D="([^"]+)"/.exec(xml)![1], 'the bytes are the ones SHA1D names');
  assert.ok(got.equals(png));

  // A new picture: every watcher hears the new object at once (NLN, as after a client's CHG).
  const second = await putPicture('online@local', await gradient(64, 64, 99, 'image/jpeg'));
  assert.equal(second.status, 200);
  assert.notEqual(second.body.msnObject, xml);
  assert.equal((await me.take('NLN NLN online@local')).line, `NLN NLN online@local 1 Online%20User 1073741856 ${encodeParam(second.body.msnObject)}`);
  // The old object is stale now: declined as a client declines it.
  sb.sendBytes(`MSG ${trid.n} D`, envelope(buildV1({ sessionId: 0, identifier: 9000, offset: 0, totalSize: pictureInvite({ from: 'me@local', to: 'online@local', msnObject: xml, sessionId: 777 }).length, flags: 0, ackSessionId: 5, ackUniqueId: 0, ackDataSize: 0 }, pictureInvite({ from: 'me@local', to: 'online@local', msnObject: xml, sessionId: 777 }), 0), 'online@local'));
  assert.equal(await sb.nextLine(), `ACK ${trid.n++}`);
  assert.equal(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).header.flags, 2);
  const decline = slp(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).data);
  assert.equal(decline.startLine, 'MSNSLP/1.0 603 Decline');
  assert.equal(decline.body.get('sessionid'), '777');
  // The new one comes through.
  const again = await fetchV1(sb, second.body.msnObject, 51235, trid);
  assert.ok(again.equals(Buffer.from(second.body.png, 'base64')));
  sb.close();
  me.close();
});

test('P2P v2 (the framing of WLM 2009 / MSNP18): SYN handshake, 200 OK, data preparation, data with "data remaining", BYE from the sender', async () => {
  const put = await putPicture('busy@local', await gradient(150, 150, 7, 'image/gif'));
  assert.equal(put.status, 200);
  const xml = put.body.msnObject as string;
  // MSNP16 is the nearest dialect here to MSNP18: its switchboard names endpoints with machine GUIDs.
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP16' });
  assert.equal((await me.take('ILN 5 BSY busy@local')).line, `ILN 5 BSY busy@local 1 Busy%20User 1073741856:0 ${encodeParam(xml)}`);
  const { sb } = await openSwitchboard(me, { handle: `me@local;${CLIENT_GUID}` });
  sb.send('CAL 2 busy@local');
  assert.match(await sb.nextLine(), /^CAL 2 RINGING \d+$/);
  assert.equal(await sb.nextLine(), 'JOI busy@local Busy%20User 1073741856:0');
  const mine = `me@local;${CLIENT_GUID}`;
  const theirs = `busy@local;${CONTACT_GUID}`;
  const from = (r: Parameters<typeof p2pBody>[0]) => v2(p2pBody(r, 'busy@local', mine));
  let seq = 1000;
  const invite = pictureInvite({ from: mine, to: theirs, msnObject: xml, sessionId: 4321 });
  const synPacket = { opcode: 3, sequence: seq, peerInfo: SERVER_PEER_INFO, data: { tf: 1, packageNumber: 1, sessionId: 0, bytes: invite } };
  const wire = buildV2(synPacket, 0);
  await sendP2p(sb, 10, envelope(wire, theirs, mine));
  const inviteSize = v2(wire).messageSize!;
  seq += inviteSize;
  // SYN answered with SYN + our peer info, acking up to the end of the INVITE.
  const synAck = from(await sb.next());
  assert.deepEqual([synAck.opcode, synAck.ack, synAck.peerInfo?.length, synAck.data], [1, 1000 + inviteSize, 12, undefined]);
  const ok = from(await sb.next());
  assert.equal(ok.opcode, 2, 'asks for an ack (RAK)');
  assert.deepEqual([ok.data!.tf, ok.data!.sessionId], [1, 0]);
  assert.equal(slp(ok.data!.bytes).startLine, 'MSNSLP/1.0 200 OK');
  assert.equal(slp(ok.data!.bytes).headers.get('to'), `<msnmsgr:${mine}>`);
  await sendP2p(sb, 11, envelope(v2Ack(ok, seq), theirs, mine));
  const prep = from(await sb.next());
  assert.deepEqual([prep.data!.sessionId, prep.data!.bytes.toString('hex'), prep.footer], [4321, '00000000', 12]);
  await sendP2p(sb, 12, envelope(v2Ack(prep, seq), theirs, mine));
  const parts: Buffer[] = [];
  let p;
  do {
    p = from(await sb.next());
    assert.equal(p.data!.sessionId, 4321);
    assert.equal(p.data!.tf, parts.length === 0 ? 5 : 4, 'MSN object data, the first marked first');
    parts.push(p.data!.bytes);
  } while (p.data!.dataRemaining);
  assert.equal(p.opcode, 2, 'the last chunk asks for the ack');
  await sendP2p(sb, 13, envelope(v2Ack(p, seq), theirs, mine));
  const data = Buffer.concat(parts);
  assert.equal(sha1(data), /SHA1D="([^"]+)"/.exec(xml)![1]);
  // The sender closes: BYE with the INVITE's Call-ID; we ack it.
  const bye = from(await sb.next());
  const byeSlp = slp(bye.data!.bytes);
  assert.equal(byeSlp.startLine, `BYE MSNMSGR:${mine} MSNSLP/1.0`);
  assert.equal(byeSlp.headers.get('call-id'), CALL_ID);
  await sendP2p(sb, 14, envelope(v2Ack(bye, seq), theirs, mine));
  assert.deepEqual(await sb.quiet(150), []);
  sb.close();
  me.close();
});
