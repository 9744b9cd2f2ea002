// The panel shows a signed-in client's picture: for a client that only announces an MSN object
// (MSNP9-14, MSNP15 without storage), the server rings it as a contact and asks for the object over
// P2P v1, checks SHA-1 = SHA1D and keeps it. A client that declines, lies about the bytes or sends
// too much leaves the panel with "no picture"; nothing crashes and its other chats carry on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Jimp } from 'jimp';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { answerRing, openSwitchboard, textPayload } from '../../test-support/sb-client';
import type { MsnpTestClient } from '../../test-support/msnp-client';
import { encodeParam } from '../codec';
import { buildV1 } from '../p2p/p2p-v1';
import { buildSlp, DISPLAY_PICTURE_EUF_GUID } from '../p2p/slp';
import { formatMsnObject, pictureObject } from '../../core/msn-object';
import { envelope, p2pBody, sendP2p, slp, v1, v1Ack } from '../../test-support/p2p-peer';
import type { V1Message } from '../p2p/p2p-v1';
import { PICTURE_FETCH } from './picture-fetch';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-123456';
before(async () => {
  app = await startTestServer({ demo: true, panelToken: TOKEN });
  app.sb.switchboards.panel.echo.set(app.core.users.byEmail('online@local')!, true);
});
after(async () => {
  await app.cleanup();
});

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('base64');
const api = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}/api${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as any };
};

async function face(seed: number, side = 96): Promise<Buffer> {
  const img = new Jimp({ width: side, height: side, color: 0x000000ff });
  img.scan(0, 0, side, side, (x, y, idx) => {
    img.bitmap.data[idx] = (x * seed) & 0xff;
    img.bitmap.data[idx + 1] = (y * 7 + seed) & 0xff;
    img.bitmap.data[idx + 2] = (x ^ y ^ seed) & 0xff;
  });
  return img.getBuffer('image/png');
}

/** The client announces a picture as MSN 7.5/MSNPSharp do: CHG with its MSN object. */
async function announce(c: MsnpTestClient, trid: number, picture: Buffer): Promise<string> {
  const xml = formatMsnObject(pictureObject('me@local', picture));
  c.send(`CHG ${trid} NLN 1085276192 ${encodeParam(xml)}`);
  await c.take(`CHG ${trid} `);
  return xml;
}

/** A whole P2P v1 message from the client, chunked at 1202 bytes as clients do. */
async function sendV1(sb: MsnpTestClient, trid: { n: number }, to: string, h: { sessionId: number; identifier: number; flags: number; totalSize?: number }, data: Buffer, footer: number) {
  for (let offset = 0; offset < data.length; offset += 1202) {
    const chunk = data.subarray(offset, offset + 1202);
    const body = buildV1({ sessionId: h.sessionId, identifier: h.identifier, offset, totalSize: h.totalSize ?? data.length, flags: h.flags, ackSessionId: 42, ackUniqueId: 0, ackDataSize: 0 }, chunk, footer);
    await sendP2p(sb, trid.n++, envelope(body, to));
  }
}

/** Rung by the asking contact: answers, reads the INVITE and acks it. */
async function answerInvite(me: MsnpTestClient, msnObject: string) {
  const { sb, rng } = await answerRing(me, { handle: 'me@local' });
  const asker = rng.split(' ')[5]!;
  await sb.until('ANS 1 OK');
  const invite = v1(p2pBody(await sb.next(), asker, 'me@local'));
  const m = slp(invite.data);
  assert.equal(m.startLine, 'INVITE MSNMSGR:me@local MSNSLP/1.0');
  assert.deepEqual([m.headers.get('to'), m.headers.get('from')], ['<msnmsgr:me@local>', `<msnmsgr:${asker}>`]);
  assert.equal(m.body.get('euf-guid'), DISPLAY_PICTURE_EUF_GUID);
  assert.equal(Buffer.from(m.body.get('context')!, 'base64').toString(), `${msnObject}\0`, 'Context: the object the client announced');
  const trid = { n: 2 };
  await sendP2p(sb, trid.n++, envelope(v1Ack(invite, 7000), asker));
  const reply = (status: string) =>
    buildSlp({
      startLine: `MSNSLP/1.0 ${status}`, to: asker, from: 'me@local', branch: /branch=(\S+)/.exec(m.headers.get('via')!)![1]!, cseq: 1,
      callId: m.headers.get('call-id')!, contentType: 'application/x-msnmsgr-sessionreqbody', body: [['SessionID', m.body.get('sessionid')!]],
    });
  return { sb, asker, sessionId: Number(m.body.get('sessionid')), trid, reply };
}

const serverAck = (sb: MsnpTestClient, asker: string): Promise<V1Message> => sb.next().then((r) => v1(p2pBody(r, asker, 'me@local')));

test('MSNP15: the panel asks for a signed-in client\'s picture; the server fetches it over P2P v1 and returns those bytes', async () => {
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
  const picture = await face(3);
  const xml = await announce(me, 6, picture);
  const sha1d = sha1(picture);
  assert.equal((await api('/accounts/me@local')).body.picture, sha1d, 'the panel lists the client\'s SHA1D before it has the bytes');

  const asked = api('/accounts/me@local/picture');
  const { sb, asker, sessionId, trid, reply } = await answerInvite(me, xml);
  await sendV1(sb, trid, asker, { sessionId: 0, identifier: 7001, flags: 0 }, reply('200 OK'), 0);
  assert.deepEqual([(await serverAck(sb, asker)).header.flags], [2], '200 OK acknowledged');
  await sendV1(sb, trid, asker, { sessionId, identifier: 7002, flags: 0 }, Buffer.alloc(4), 1);
  assert.equal((await serverAck(sb, asker)).header.ackSessionId, 7002, 'data preparation acknowledged');
  await sendV1(sb, trid, asker, { sessionId, identifier: 7003, flags: 0x20 }, picture, 1);
  const dataAck = await serverAck(sb, asker);
  assert.deepEqual([dataAck.header.flags, dataAck.header.ackSessionId, dataAck.header.ackDataSize], [2, 7003, picture.length]);
  // The server, as the receiver, closes the session: BYE, which the client acks; then the asker leaves.
  const bye = await serverAck(sb, asker);
  assert.equal(slp(bye.data).startLine, 'BYE MSNMSGR:me@local MSNSLP/1.0');
  await sendP2p(sb, trid.n++, envelope(v1Ack(bye, 7004), asker));
  assert.equal(await sb.nextLine(), `BYE ${asker}`);

  const got = await asked;
  assert.equal(got.status, 200);
  assert.ok(Buffer.from(got.body.png, 'base64').equals(picture), 'the panel returns the client\'s bytes');
  assert.equal(got.body.msnObject, xml, 'the object the client announced is untouched');
  assert.equal((await api('/accounts/me@local')).body.picture, sha1d);
  // Once per SHA1D: asking again does not ring the client.
  assert.ok(Buffer.from((await api('/accounts/me@local/picture')).body.png, 'base64').equals(picture));
  assert.deepEqual((await me.quiet(200)).filter((r) => r.line.startsWith('RNG ')), []);
  sb.close();
  me.close();
  await new Promise((r) => setTimeout(r, 100));
});

test('a client that declines (603), sends bytes that do not match SHA1D, or too many: no picture, other chats go on', async () => {
  const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
  // A conversation with the echo contact, open throughout.
  const { sb: chat } = await openSwitchboard(me, { handle: 'me@local', trid: 60 });
  chat.send('CAL 2 online@local');
  await chat.until('JOI online@local');
  const echo = async (trid: number, text: string) => {
    chat.sendPayload(`MSG ${trid} N`, textPayload(text));
    assert.equal((await chat.until(`MSG online@local Online%20User ${Buffer.byteLength(textPayload(text))}`)).payload, textPayload(text));
  };
  await echo(3, 'before');

  // 1. Declined.
  const xml1 = await announce(me, 7, await face(5));
  const asked1 = api('/accounts/me@local/picture');
  const a = await answerInvite(me, xml1);
  await sendV1(a.sb, a.trid, a.asker, { sessionId: 0, identifier: 7001, flags: 0 }, a.reply('603 Decline'), 0);
  await serverAck(a.sb, a.asker);
  assert.equal(await a.sb.nextLine(), `BYE ${a.asker}`, 'the asker leaves');
  assert.deepEqual([(await asked1).status, (await asked1).body.png], [200, null]);
  assert.equal((await api('/accounts/me@local')).body.picture, undefined, 'no picture rather than an error');
  await echo(4, 'after a decline');

  // 2. Bytes that are not the ones SHA1D names.
  const xml2 = await announce(me, 8, await face(9));
  const asked2 = api('/accounts/me@local/picture');
  const b = await answerInvite(me, xml2);
  await sendV1(b.sb, b.trid, b.asker, { sessionId: 0, identifier: 7001, flags: 0 }, b.reply('200 OK'), 0);
  await serverAck(b.sb, b.asker);
  const other = await face(10);
  await sendV1(b.sb, b.trid, b.asker, { sessionId: b.sessionId, identifier: 7002, flags: 0x20 }, other, 1);
  await serverAck(b.sb, b.asker);
  assert.equal((await asked2).body.png, null);
  await echo(5, 'after a lie');

  // 3. More than the cap: the first chunk says 600 000 bytes; the fetch ends without reading the rest.
  const xml3 = await announce(me, 9, await face(11));
  const asked3 = api('/accounts/me@local/picture');
  const c = await answerInvite(me, xml3);
  await sendV1(c.sb, c.trid, c.asker, { sessionId: 0, identifier: 7001, flags: 0 }, c.reply('200 OK'), 0);
  await serverAck(c.sb, c.asker);
  await sendV1(c.sb, c.trid, c.asker, { sessionId: c.sessionId, identifier: 7002, flags: 0x20, totalSize: 600_000 }, Buffer.alloc(1202, 7), 1);
  assert.equal((await c.sb.until('BYE ')).line, `BYE ${c.asker}`);
  assert.equal((await asked3).body.png, null);
  assert.equal((await api('/accounts/me@local')).body.picture, undefined);
  await echo(6, 'after too much');

  // Each failure is in the tap, with its reason.
  const notes = app.tap.recent().filter((r) => r.direction === 'note' && r.line.includes('not fetched from the client')).map((r) => r.line);
  assert.equal(notes.length, 3, notes.join('\n'));
  assert.match(notes[0]!, /the client answered 603 Decline/);
  assert.match(notes[1]!, /do not match SHA1D/);
  assert.match(notes[2]!, /600000 bytes \(at most 524288\)/);
  for (const s of [a.sb, b.sb, c.sb, chat]) s.close();
  me.close();
});

test('a client that never answers the ring, or leaves before the data: no picture within the time limit, the tap says why', async () => {
  const saved = PICTURE_FETCH.timeoutMs;
  PICTURE_FETCH.timeoutMs = 1_500;
  try {
    const me = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
    await announce(me, 6, await face(21));
    const started = Date.now();
    const ignored = await api('/accounts/me@local/picture');
    assert.deepEqual([ignored.status, ignored.body.png], [200, null]);
    assert.ok(Date.now() - started >= 1_400, 'the panel waited for the time limit, not forever');
    await me.take('RNG ');

    const xml = await announce(me, 7, await face(22));
    const asked = api('/accounts/me@local/picture');
    const a = await answerInvite(me, xml);
    a.sb.send('OUT');
    assert.equal((await asked).body.png, null);
    const notes = app.tap.recent().filter((r) => r.line.includes('not fetched from the client')).map((r) => r.line);
    assert.match(notes.at(-2)!, /no picture within 1\.5 s/);
    assert.match(notes.at(-1)!, /me@local left the conversation/);
    me.close();
  } finally {
    PICTURE_FETCH.timeoutMs = saved;
  }
});
