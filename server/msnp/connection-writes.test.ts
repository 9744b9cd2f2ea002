// What one turn of the event loop sends on a connection leaves in one socket write, in order, and
// a close still delivers everything sent before it.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { MsnpConnection, sharedOutput } from './connection';
import { TrafficTap } from '../tap/tap';

async function pair(): Promise<{ conn: MsnpConnection; client: net.Socket; writes: () => number; tap: TrafficTap; server: net.Server }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const [socket] = (await accepted) as [net.Socket];
  let writes = 0;
  const write = socket.write.bind(socket) as (...a: unknown[]) => boolean;
  socket.write = ((...a: unknown[]) => {
    writes++;
    return write(...a);
  }) as typeof socket.write;
  const tap = new TrafficTap(100);
  const conn = new MsnpConnection(socket, { service: 'NS', tap, limits: { maxLineBytes: 4096, maxPayloadBytes: 65536 }, idleTimeoutMs: 10_000 });
  return { conn, client, writes: () => writes, tap, server };
}

function readAll(client: net.Socket): Promise<string> {
  let text = '';
  client.setEncoding('utf8');
  client.on('data', (d: string) => (text += d));
  return once(client, 'end').then(() => text);
}

test('lines sent in one turn leave in one write, payloads in place, in order', async () => {
  const { conn, client, writes, tap, server } = await pair();
  const got = readAll(client);
  conn.send('LST N=a@lan F=A C=x 11');
  conn.send('UBX a@lan 14', '<Data>é</Data>');
  conn.send('ILN 3 NLN a@lan A 0', Buffer.from('raw'));
  await new Promise((r) => setImmediate(r));
  assert.equal(writes(), 1);
  conn.send('QNG 50');
  await new Promise((r) => setImmediate(r));
  assert.equal(writes(), 2);
  conn.close('test over');
  assert.equal(await got, 'LST N=a@lan F=A C=x 11\r\nUBX a@lan 14\r\n<Data>é</Data>ILN 3 NLN a@lan A 0\r\nrawQNG 50\r\n');
  assert.deepEqual(
    tap.recent().filter((r) => r.direction === 'out').map((r) => [r.command, r.payloadBytes]),
    [['LST', undefined], ['UBX', 15], ['ILN', 3], ['QNG', undefined]],
  );
  server.close();
});

test('close right after send still delivers what was sent', async () => {
  const { conn, client, server } = await pair();
  const got = readAll(client);
  conn.send('OUT OTH');
  conn.close('signed in elsewhere');
  assert.equal(await got, 'OUT OTH\r\n');
  server.close();
});

test('output queued on many connections in one turn is flushed by one tick for all of them', async () => {
  const pairs = [];
  for (let i = 0; i < 20; i++) pairs.push(await pair());
  const got = pairs.map((p) => readAll(p.client));
  const nextTick = process.nextTick;
  let ticks = 0;
  process.nextTick = ((...a: Parameters<typeof process.nextTick>) => {
    ticks++;
    return nextTick(...a);
  }) as typeof process.nextTick;
  try {
    // A fan-out: an NLN and a UBX for each of twenty watchers, queued in one go.
    for (const { conn } of pairs) {
      conn.send('NLN BSY star@lan Star 0');
      conn.send('UBX star@lan 0', '');
    }
  } finally {
    process.nextTick = nextTick;
  }
  assert.equal(ticks, 1);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pairs.map((p) => p.writes()), pairs.map(() => 1));
  for (const { conn } of pairs) conn.close('test over');
  for (const text of await Promise.all(got)) assert.equal(text, 'NLN BSY star@lan Star 0\r\nUBX star@lan 0\r\n');
  for (const { server } of pairs) server.close();
});

test('an idle connection is closed, one with traffic either way is not, and no socket timer is re-armed per write', async () => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const open = async () => {
    const accepted = once(server, 'connection');
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const [socket] = (await accepted) as [net.Socket];
    const conn = new MsnpConnection(socket, { service: 'NS', tap: new TrafficTap(100), limits: { maxLineBytes: 4096, maxPayloadBytes: 65536 }, idleTimeoutMs: 300 });
    client.on('data', () => {});
    return { conn, socket, client, closed: once(client, 'close').then(() => Date.now()) };
  };
  const t0 = Date.now();
  const pinging = await open();
  const listening = await open();
  const silent = await open();
  // Node's own socket timeout (re-armed by every write and read) is not used.
  assert.equal(silent.socket.timeout, undefined);
  // One client pings every 100 ms; another only receives (someone reading a conversation).
  const timer = setInterval(() => {
    pinging.client.write('PNG\r\n');
    listening.conn.send('MSG bob@lan Bob 0');
  }, 100);
  const silentAt = await silent.closed;
  assert.ok(silentAt - t0 >= 280 && silentAt - t0 < 1500, `closed after ${silentAt - t0} ms`);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(pinging.conn.isClosed, false, 'a client that pings stays');
  assert.equal(listening.conn.isClosed, false, 'a client being written to stays');
  clearInterval(timer);
  await Promise.all([pinging.closed, listening.closed]);
  server.close();
});

test('a command is handled in the turn it arrives; one waiting on a promise holds the next ones, in order', async () => {
  const { conn, client, server } = await pair();
  const handled: string[] = [];
  let release!: () => void;
  conn.onCommand = (cmd) => {
    handled.push(cmd.line);
    // The sign-in waits (its password hash runs off the main thread); the commands behind it wait too.
    if (cmd.verb === 'USR') return new Promise<void>((r) => (release = r));
  };
  const socket = (conn as unknown as { socket: net.Socket }).socket;
  socket.emit('data', Buffer.from('PNG\r\n'));
  // Synchronously: no promise or microtask between a command's arrival and its handler (the relay's cost).
  assert.deepEqual(handled, ['PNG']);
  socket.emit('data', Buffer.from('USR 1 SSO I a@lan\r\nCHG 2 NLN 0\r\n'));
  socket.emit('data', Buffer.from('PNG\r\n'));
  assert.deepEqual(handled, ['PNG', 'USR 1 SSO I a@lan']);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(handled, ['PNG', 'USR 1 SSO I a@lan']);
  release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(handled, ['PNG', 'USR 1 SSO I a@lan', 'CHG 2 NLN 0', 'PNG']);
  conn.close('test over');
  client.destroy();
  server.close();
});

test('fan-out bytes shared by many connections go out at once when nothing is queued, and behind queued output otherwise', async () => {
  const nln = sharedOutput([{ line: 'NLN BSY star@lan 1 Star 0:0 %3Cmsnobj%2F%3E' }, { line: 'UBX star@lan 1 7', payload: '<Data/>' }]);
  assert.equal(nln.bytes.toString(), 'NLN BSY star@lan 1 Star 0:0 %3Cmsnobj%2F%3E\r\nUBX star@lan 1 7\r\n<Data/>');

  // Nothing queued: written in this turn, so a fan-out's first watchers read while the rest are written.
  const idle = await pair();
  const idleGot = readAll(idle.client);
  idle.conn.sendShared(nln);
  assert.equal(idle.writes(), 1, 'written before the end of the turn');
  idle.conn.send('QNG 50');
  assert.equal(idle.writes(), 1);
  await new Promise((r) => setImmediate(r));
  assert.equal(idle.writes(), 2);
  idle.conn.close('test over');
  assert.equal(await idleGot, 'NLN BSY star@lan 1 Star 0:0 %3Cmsnobj%2F%3E\r\nUBX star@lan 1 7\r\n<Data/>QNG 50\r\n');
  // The traffic view shows each line, as if sent one by one.
  assert.deepEqual(
    idle.tap.recent().filter((r) => r.direction === 'out').map((r) => [r.command, r.payloadBytes]),
    [['NLN', undefined], ['UBX', 7], ['QNG', undefined]],
  );

  // Output queued this turn (a command's reply, say): the shared bytes wait behind it, one write for all.
  const busy = await pair();
  const busyGot = readAll(busy.client);
  busy.conn.send('ADL 9 OK');
  busy.conn.sendShared(nln);
  busy.conn.send('QNG 50');
  assert.equal(busy.writes(), 0);
  await new Promise((r) => setImmediate(r));
  assert.equal(busy.writes(), 1);
  busy.conn.close('test over');
  assert.equal(await busyGot, 'ADL 9 OK\r\nNLN BSY star@lan 1 Star 0:0 %3Cmsnobj%2F%3E\r\nUBX star@lan 1 7\r\n<Data/>QNG 50\r\n');
  idle.server.close();
  busy.server.close();
});
