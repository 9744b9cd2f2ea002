// The front door: unknown paths, size cap, wrong methods, and bugs that must not take the server down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskAuthorization, maskBody } from './mask';
import { splitTarget } from './exchange';
import { passportAuth, startServer } from './testkit';

test('unknown path → 404 saying the service is not provided, recorded in the tap', async () => {
  const srv = await startServer();
  try {
    const res = await srv.request({ path: '/whatsnew/whatsnewservice.asmx?op=Get', headers: { Host: 'sup.live.com' } });
    assert.equal(res.status, 404);
    assert.equal(res.body, '/whatsnew/whatsnewservice.asmx is not a service Butterfly (this LAN Messenger server) provides.\n');
    const recs = srv.tap.recent();
    assert.deepEqual(
      recs.map((r) => [r.direction, r.line]),
      [
        ['in', 'GET /whatsnew/whatsnewservice.asmx?op=Get HTTP/1.1'],
        ['note', 'no handler for GET /whatsnew/whatsnewservice.asmx (Host: sup.live.com)'],
        ['out', 'HTTP/1.1 404 Not Found'],
      ],
    );
    assert.ok(recs.every((r) => r.service === 'HTTP' && r.conn === recs[0]!.conn && r.remote === '127.0.0.1'));
    assert.deepEqual(recs.map((r) => r.command), ['GET', 'NOTE', '404']);
  } finally {
    await srv.close();
  }
});

test('a 2 MiB body → 413 and the connection is closed; the server keeps serving', async () => {
  const srv = await startServer();
  try {
    const res = await srv.request({
      method: 'POST',
      path: '/abservice/abservice.asmx',
      headers: { 'Content-Type': 'text/xml' },
      body: Buffer.alloc(2 * 1024 * 1024, 'a'),
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers.connection, 'close');
    assert.ok(srv.tap.recent().some((r) => r.direction === 'out' && r.line === 'HTTP/1.1 413 Payload Too Large'));
    // Without a declared length (chunked) the cap still holds.
    const chunked = await srv.request({
      method: 'POST',
      path: '/',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: Buffer.alloc(1024 * 1024 + 1, 'b'),
    });
    assert.equal(chunked.status, 413);
    assert.equal((await srv.request({ path: '/rdr/pprdr.asp' })).status, 200);
  } finally {
    await srv.close();
  }
});

test('a body of exactly 1 MiB is still read', async () => {
  const srv = await startServer();
  try {
    const res = await srv.request({ method: 'POST', path: '/', body: Buffer.alloc(1024 * 1024, 'c') });
    assert.equal(res.status, 200);
  } finally {
    await srv.close();
  }
});

test('wrong method on a known path → 405 with Allow', async () => {
  const srv = await startServer();
  try {
    const res = await srv.request({ path: '/abservice/SharingService.asmx' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'POST');
  } finally {
    await srv.close();
  }
});

test('a bug while answering → 500 recorded in the tap, and the server keeps running', async () => {
  const srv = await startServer();
  try {
    // Pull the database away under the handler: the account lookup throws.
    srv.core.close();
    const res = await srv.request({ path: '/login2.srf', headers: { Authorization: passportAuth('a@local', 'x') } });
    assert.equal(res.status, 500);
    const recs = srv.tap.recent();
    assert.ok(recs.some((r) => r.direction === 'note' && r.line.startsWith('internal error: ')));
    assert.ok(recs.some((r) => r.direction === 'out' && r.line === 'HTTP/1.1 500 Internal Server Error'));
    assert.doesNotMatch(JSON.stringify(recs), /pwd=x\b/);
    const again = await srv.request({ path: '/rdr/pprdr.asp' });
    assert.equal(again.status, 200);
  } finally {
    await srv.close();
  }
});

test('odd request targets do not throw', async () => {
  const srv = await startServer();
  try {
    assert.equal((await srv.request({ path: 'http://nexus.passport.com/rdr/pprdr.asp' })).status, 200);
    assert.equal((await srv.request({ path: '/url/%E0%A4%A' })).status, 200);
    assert.equal((await srv.request({ method: 'OPTIONS', path: '*' })).status, 404);
  } finally {
    await srv.close();
  }
});

test('masking: Passport pwd, other schemes, <Password> elements', () => {
  assert.equal(
    maskAuthorization('Passport1.4 OrgVerb=GET,sign-in=bob%40x,pwd=s%2Cecret,lc=1033'),
    'Passport1.4 OrgVerb=GET,sign-in=bob%40x,pwd=***,lc=1033',
  );
  assert.equal(maskAuthorization('Basic Ym9iOnNlY3JldA=='), 'Basic ***');
  assert.equal(
    maskBody('<wsse:UsernameToken><wsse:Username>bob@x</wsse:Username><wsse:Password>hun&amp;ter2</wsse:Password></wsse:UsernameToken>'),
    '<wsse:UsernameToken><wsse:Username>bob@x</wsse:Username><wsse:Password>***</wsse:Password></wsse:UsernameToken>',
  );
  assert.equal(maskBody('login=bob&passwd=hunter2&x=1'), 'login=bob&passwd=***&x=1');
  // Hostile input finishes (no backtracking blow-up) and still masks.
  assert.match(maskBody('<Password'.repeat(100_000) + '>x'), /^<Password/);
});

test('a near-1 MiB hostile body is answered and recorded (truncated) in the tap', async () => {
  const srv = await startServer();
  try {
    const body = '<Password'.repeat(110_000);
    const res = await srv.request({ method: 'POST', path: '/abservice/abservice.asmx', headers: { SOAPAction: 'x' }, body });
    assert.equal(res.status, 500);
    const inRec = srv.tap.recent().find((r) => r.direction === 'in')!;
    assert.ok(inRec.payloadBytes! > body.length);
  } finally {
    await srv.close();
  }
});

test('splitTarget keeps only the path of absolute-form targets', () => {
  assert.deepEqual(splitTarget('http://nexus.passport.com/rdr/pprdr.asp?x=1'), { path: '/rdr/pprdr.asp', query: 'x=1' });
  assert.deepEqual(splitTarget('/a?b#c'), { path: '/a', query: 'b' });
  assert.deepEqual(splitTarget('*'), { path: '*', query: '' });
});
