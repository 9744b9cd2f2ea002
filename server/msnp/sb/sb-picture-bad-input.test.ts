// Bad P2P input to a panel-driven contact: a malformed INVITE, a request for something it does not
// serve, a chunk that lies about its offset, a truncated header. Each is answered as a client
// answers it (500, 603) or dropped and logged; the switchboard and the other conversations go on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Jimp } from 'jimp';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { openSwitchboard, textPayload } from '../../test-support/sb-client';
import { buildV1 } from '../p2p/p2p-v1';
import { buildSlp } from '../p2p/slp';
import { envelope, p2pBody, pictureInvite, sendP2p, slp, v1 } from '../../test-support/p2p-peer';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
let xml = '';
before(async () => {
  app = await startTestServer({ demo: true });
  const img = new Jimp({ width: 40, height: 40, color: 0x3366ccff });
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}/api/accounts/online@local/picture`, {
    method: 'PUT',
    headers: { Authorization: 'Bearer test-token-123456' },
    body: new Uint8Array(await img.getBuffer('image/png')),
  });
  xml = ((await res.json()) as { msnObject: string }).msnObject;
});
after(async () => {
  await app.cleanup();
});

const v1Message = (identifier: number, data: Buffer, o: { offset?: number; total?: number } = {}) =>
  buildV1({ sessionId: 0, identifier, offset: o.offset ?? 0, totalSize: o.total ?? data.length, flags: 0, ackSessionId: 4242, ackUniqueId: 0, ackDataSize: 0 }, data, 0);

test('malformed INVITE, an unknown object, a lying offset, a short header: 500, 603 or dropped; chats go on', async () => {
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
  const { sb } = await openSwitchboard(me, { handle: 'me@local', trid: 50 });
  sb.send('CAL 2 online@local');
  assert.match(await sb.nextLine(), /^CAL 2 RINGING \d+$/);
  await sb.nextLine(); // JOI
  // Another conversation, with another panel-driven contact, at the same time.
  const other = (await openSwitchboard(me, { handle: 'me@local', trid: 51 })).sb;
  other.send('CAL 2 busy@local');
  assert.match(await other.nextLine(), /^CAL 2 RINGING \d+$/);
  await other.nextLine();

  // 1. An INVITE without Call-ID or Via branch: acked (it was delivered), then 500 Internal Error.
  const broken = Buffer.from(
    'INVITE MSNMSGR:online@local MSNSLP/1.0\r\nTo: <msnmsgr:online@local>\r\nFrom: <msnmsgr:me@local>\r\nCSeq: 0 \r\n' +
      'Content-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: 18\r\n\r\nSessionID: 99\r\n\r\n\0',
  );
  await sendP2p(sb, 10, envelope(v1Message(100, broken), 'online@local'));
  assert.equal(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).header.flags, 2);
  const err = slp(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).data);
  assert.equal(err.startLine, 'MSNSLP/1.0 500 Internal Error');
  assert.equal(err.body.get('sessionid'), '99');

  // 2. Not MSNSLP at all: acked, then nothing.
  await sendP2p(sb, 11, envelope(v1Message(101, Buffer.from('hello\r\n\r\n')), 'online@local'));
  assert.equal(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).header.flags, 2);
  assert.deepEqual(await sb.quiet(100), []);

  // 3. A file transfer (another EUF-GUID): declined, as a person declining it.
  const file = buildSlp({
    startLine: 'INVITE MSNMSGR:online@local MSNSLP/1.0', to: 'online@local', from: 'me@local', branch: '{B}', cseq: 0, callId: '{C}',
    contentType: 'application/x-msnmsgr-sessionreqbody',
    body: [['EUF-GUID', '{5D3E02AB-6190-11D3-BBBB-00C04F795683}'], ['SessionID', '5'], ['AppID', '2'], ['Context', 'AAAA']],
  });
  await sendP2p(sb, 12, envelope(v1Message(102, file), 'online@local'));
  await sb.next(); // ack
  assert.equal(slp(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).data).startLine, 'MSNSLP/1.0 603 Decline');

  // 4. Someone else's picture named in the Context: 603 too.
  const foreign = xml.replace('Creator="online@local"', 'Creator="busy@local"');
  await sendP2p(sb, 13, envelope(v1Message(103, pictureInvite({ from: 'me@local', to: 'online@local', msnObject: foreign, sessionId: 6 })), 'online@local'));
  await sb.next();
  assert.equal(slp(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).data).startLine, 'MSNSLP/1.0 603 Decline');

  // 5. A chunk whose offset lies (600 of 700 first), then one claiming more than TotalSize, then a
  //    header cut short: nothing answers them (no ack), the tap says why.
  const invite = pictureInvite({ from: 'me@local', to: 'online@local', msnObject: xml, sessionId: 7 });
  await sendP2p(sb, 14, envelope(v1Message(104, invite.subarray(0, 100), { offset: 600, total: 700 }), 'online@local'));
  await sendP2p(sb, 15, envelope(v1Message(105, invite, { offset: 0, total: 10 }), 'online@local'));
  await sendP2p(sb, 16, envelope(Buffer.alloc(20), 'online@local'));
  assert.deepEqual(await sb.quiet(150), []);
  const notes = app.tap.recent(200).map((r) => r.line).filter((l) => l.includes('P2P'));
  assert.ok(notes.some((l) => /claims offset 600 of 700 where 0 of 700 bytes have arrived/.test(l)), notes.join('\n'));
  assert.ok(notes.some((l) => /runs past TotalSize 10/.test(l)));
  assert.ok(notes.some((l) => /needs a 48-byte header; this one has 20 bytes/.test(l)));
  assert.ok(notes.some((l) => /INVITE unreadable \(no Via branch or Call-ID\): 500/.test(l)));

  // P2P for another member is not the contact's business.
  await sendP2p(sb, 17, envelope(v1Message(106, invite), 'someone@local'));
  assert.deepEqual(await sb.quiet(100), []);

  // 6. After all that, the same conversation still serves the picture, and the other one still talks.
  await sendP2p(sb, 18, envelope(v1Message(107, invite), 'online@local'));
  assert.equal(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).header.flags, 2);
  assert.equal(slp(v1(p2pBody(await sb.next(), 'online@local', 'me@local')).data).startLine, 'MSNSLP/1.0 200 OK');
  other.sendPayload('MSG 3 A', textPayload('still here?'));
  assert.equal(await other.nextLine(), 'ACK 3');
  sb.close();
  other.close();
  me.close();
});
