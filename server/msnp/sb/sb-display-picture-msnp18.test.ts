// WLM 2009 / MSNPSharp 3.0 (MSNP18) and a panel-driven contact's picture, end to end: the contact is
// announced as a P2P v2 peer (ext caps 0x20, a machine GUID in UBX and on the switchboard), and the
// client fetches the picture over P2P v2 addressed to that GUID; the bytes' SHA-1 is SHA1D.
//   S: NLN NLN 1:online@local Online%20User 1073741856:32 %3Cmsnobj…%3E
//   S: UBX 1:online@local 312  <Data>…<MachineGuid>{G}</MachineGuid>…<EndpointData id="{G}"><Capabilities>1073741856:32</Capabilities>…
//   C: MSG 10 D 530  P2P-Src: me@local;{C}  P2P-Dest: online@local;{G}  (SYN, INVITE)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Jimp } from 'jimp';
import { startTestServer } from '../../test-support/test-server';
import { signInWlm2009 } from '../../test-support/wlm2009-client';
import { signInClient } from '../../test-support/mac-client';
import { openSwitchboard } from '../../test-support/sb-client';
import { encodeParam } from '../codec';
import { buildV2, SERVER_PEER_INFO } from '../p2p/p2p-v2';
import { CALL_ID, CLIENT_GUID, envelope, p2pBody, pictureInvite, sendP2p, slp, v2, v2Ack } from '../../test-support/p2p-peer';
import type { Received } from '../../test-support/msnp-client';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-123456';
before(async () => {
  app = await startTestServer({ demo: true, panelToken: TOKEN });
});
after(async () => {
  await app.cleanup();
});

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('base64');

async function checkerboard(): Promise<Buffer> {
  const img = new Jimp({ width: 120, height: 120, color: 0x000000ff });
  img.scan(0, 0, 120, 120, (x, y, idx) => {
    img.bitmap.data[idx] = (x * 11) & 0xff;
    img.bitmap.data[idx + 1] = ((x ^ y) * 5) & 0xff;
    img.bitmap.data[idx + 2] = (y * 3) & 0xff;
  });
  return img.getBuffer('image/png');
}

test('MSNP18: a panel-driven contact is a P2P v2 peer with a machine GUID, and its picture comes over P2P v2 to that GUID', async () => {
  const put = await fetch(`http://127.0.0.1:${app.ports.panel}/api/accounts/online@local/picture`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: new Uint8Array(await checkerboard()),
  });
  assert.equal(put.status, 200);
  const { msnObject, png } = (await put.json()) as { msnObject: string; png: string };
  const sha1d = /SHA1D="([^"]+)"/.exec(msnObject)![1]!;

  const me = await signInWlm2009({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', guid: CLIENT_GUID });
  // Presence: the P2P v2 capability in the ext caps, then a UBX naming the machine (what MSNPSharp 3.0 needs).
  assert.equal((await me.take('NLN NLN 1:online@local')).line, `NLN NLN 1:online@local Online%20User 1073741856:32 ${encodeParam(msnObject)}`);
  const ubx = (await me.take('UBX 1:online@local ')).payload!;
  const peer = /<MachineGuid>(\{[0-9A-F-]{36}\})<\/MachineGuid>/.exec(ubx)?.[1];
  assert.ok(peer, `a machine GUID in ${ubx}`);
  assert.ok(ubx.endsWith(`<EndpointData id="${peer}"><Capabilities>1073741856:32</Capabilities></EndpointData></Data>`), ubx);

  const mine = `me@local;${CLIENT_GUID}`;
  const theirs = `online@local;${peer}`;
  const { sb } = await openSwitchboard(me, { handle: mine });
  sb.send('CAL 2 online@local');
  assert.match(await sb.nextLine(), /^CAL 2 RINGING \d+$/);
  // The JOI carries the same GUID and the P2P v2 capability (MSNPSharp 3.0 resets a contact's caps from its JOI).
  assert.equal(await sb.nextLine(), `JOI ${theirs} Online%20User 1073741856:32`);
  assert.equal(await sb.nextLine(), 'JOI online@local Online%20User 1073741856:32');

  // The fetch, as MSNPSharp 3.0 does it: SYN+RAK with the INVITE, addressed machine to machine.
  const fromPeer = (r: Received) => {
    assert.ok(r.payload!.includes(`P2P-Src: ${theirs}\r\n`), 'the answer comes from the GUID the client addressed');
    return v2(p2pBody(r, 'online@local', mine));
  };
  let seq = 70_000;
  const invite = buildV2({ opcode: 3, sequence: seq, peerInfo: SERVER_PEER_INFO, data: { tf: 1, packageNumber: 1, sessionId: 0, bytes: pictureInvite({ from: mine, to: theirs, msnObject, sessionId: 8642 }) } }, 0);
  await sendP2p(sb, 10, envelope(invite, theirs, mine));
  seq += v2(invite).messageSize!;
  const synAck = fromPeer(await sb.next());
  assert.deepEqual([synAck.opcode, synAck.ack], [1, seq]);
  const ok = fromPeer(await sb.next());
  assert.equal(slp(ok.data!.bytes).startLine, 'MSNSLP/1.0 200 OK');
  assert.equal(slp(ok.data!.bytes).headers.get('from'), `<msnmsgr:${theirs}>`);
  await sendP2p(sb, 11, envelope(v2Ack(ok, seq), theirs, mine));
  const prep = fromPeer(await sb.next());
  assert.deepEqual([prep.data!.sessionId, prep.data!.bytes.toString('hex')], [8642, '00000000']);
  await sendP2p(sb, 12, envelope(v2Ack(prep, seq), theirs, mine));
  const parts: Buffer[] = [];
  let p;
  do {
    p = fromPeer(await sb.next());
    parts.push(p.data!.bytes);
  } while (p.data!.dataRemaining);
  await sendP2p(sb, 13, envelope(v2Ack(p, seq), theirs, mine));
  const data = Buffer.concat(parts);
  assert.equal(sha1(data), sha1d, 'SHA-1 of the bytes = SHA1D');
  assert.ok(data.equals(Buffer.from(png, 'base64')));
  const bye = slp(fromPeer(await sb.next()).data!.bytes);
  assert.deepEqual([bye.startLine, bye.headers.get('call-id')], [`BYE MSNMSGR:${mine} MSNSLP/1.0`, CALL_ID]);
  sb.close();
  me.close();
});

test('MSNP15 and MSNP16 lines are unchanged: no P2P v2 announcement outside MSNP18', async () => {
  for (const [version, caps] of [['MSNP15', '1073741856'], ['MSNP16', '1073741856:0']] as const) {
    const c = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version });
    assert.match((await c.take('ILN 5 NLN online@local')).line, new RegExp(`^ILN 5 NLN online@local 1 Online%20User ${caps} `));
    c.close();
    await new Promise((r) => setTimeout(r, 50));
  }
});
