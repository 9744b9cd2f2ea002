// Passport 1.4 as the clients see it: nexus → login2.srf → a ticket the NS will accept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { User } from '../core/model';
import { LOGIN_FAILED } from './passport';
import { loginTicket, passportAuth, rawHeader, startServer, type TestServer } from './testkit';

describe('nexus /rdr/pprdr.asp', () => {
  test('default ports: all eight fields in MS-PASS order, ending ConfigVersion=14, header name case kept', async () => {
    const srv = await startServer({ host: 'butterfly.lan', httpPort: 80, httpsPort: 443 });
    try {
      const res = await srv.request({ path: '/rdr/pprdr.asp', headers: { Host: 'nexus.passport.com' } });
      assert.equal(res.status, 200);
      assert.equal(
        rawHeader(res, 'PassportURLs'),
        'DARealm=Passport.Net,DALogin=butterfly.lan/login2.srf,DAReg=https://butterfly.lan/url/REGISTER,' +
          'Properties=https://butterfly.lan/url/PROPERTIES,Privacy=https://butterfly.lan/url/PRIVACY,' +
          'GeneralRedir=http://butterfly.lan/url/REDIR,Help=https://butterfly.lan/url/HELP,ConfigVersion=14',
      );
      assert.equal(rawHeader(res, 'Content-Type'), 'text/html');
      assert.equal(rawHeader(res, 'Content-Length'), '0');
      assert.equal(res.body, '');
    } finally {
      await srv.close();
    }
  });

  test('non-default ports appear in the URLs; path matched case-insensitively', async () => {
    const srv = await startServer({ host: '10.0.0.5', httpPort: 8080, httpsPort: 8443 });
    try {
      const res = await srv.request({ path: '/RDR/PPRDR.ASP', headers: { Host: 'nexus.passport.com' } });
      assert.equal(
        rawHeader(res, 'PassportURLs'),
        'DARealm=Passport.Net,DALogin=10.0.0.5:8443/login2.srf,DAReg=https://10.0.0.5:8443/url/REGISTER,' +
          'Properties=https://10.0.0.5:8443/url/PROPERTIES,Privacy=https://10.0.0.5:8443/url/PRIVACY,' +
          'GeneralRedir=http://10.0.0.5:8080/url/REDIR,Help=https://10.0.0.5:8443/url/HELP,ConfigVersion=14',
      );
      assert.doesNotMatch(rawHeader(res, 'PassportURLs')!, /passport\.(com|net)\/|live\.com|msn\.com/);
    } finally {
      await srv.close();
    }
  });
});

describe('DALogin /login2.srf', () => {
  let srv: TestServer;
  let bob: User;
  before(async () => {
    srv = await startServer();
    bob = await srv.core.directory.createAccount('bob@local', 'p,ss@word', 'Bob');
  });
  after(() => srv.close());

  test('GET with the right password → 200, Authentication-Info with a ticket the NS will verify', async () => {
    const res = await srv.request({
      path: '/login2.srf',
      headers: { Host: 'login.passport.com', 'User-Agent': 'MSMSGS', Authorization: passportAuth('bob@local', 'p,ss@word') },
    });
    assert.equal(res.status, 200);
    assert.equal(rawHeader(res, 'Content-Type'), 'text/html');
    assert.equal(rawHeader(res, 'Content-Length'), '0');
    const info = rawHeader(res, 'Authentication-Info')!;
    const m = /^Passport1\.4 da-status=success,tname=MSPAuth,tname=MSPProf,tname=MSPSec,from-PP='t=([^&']+)&p=([^&']+)',ru=http:\/\/messenger\.msn\.com$/.exec(info);
    assert.ok(m, `unexpected Authentication-Info: ${info}`);
    const claims = srv.core.tickets.verify(m[1]!);
    assert.ok(claims, 'ticket verifies');
    assert.equal(claims.userId, bob.id);
    assert.equal(claims.service, 'messenger');
  });

  test('Messenger for Mac: POST with an empty body works the same', async () => {
    const res = await srv.request({
      method: 'POST',
      path: '/login2.srf',
      headers: { Authorization: 'Passport1.4 fake=1,OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger.msn.com,sign-in=bob%40local,pwd=p%2Css%40word' },
      body: '',
    });
    assert.equal(res.status, 200);
    assert.match(rawHeader(res, 'Authentication-Info')!, /^Passport1\.4 da-status=success,/);
  });

  test('the email is matched case-insensitively', async () => {
    const ticket = await loginTicket(srv, 'BOB@Local', 'p,ss@word');
    assert.equal(srv.core.tickets.verify(ticket.slice(2, ticket.indexOf('&')))?.userId, bob.id);
  });

  test('wrong password → 401 with the exact WWW-Authenticate, no ticket', async () => {
    const res = await srv.request({ path: '/login2.srf', headers: { Authorization: passportAuth('bob@local', 'wrong') } });
    assert.equal(res.status, 401);
    assert.equal(rawHeader(res, 'WWW-Authenticate'), 'Passport1.4 da-status=failed,srealm=Passport.NET,ts=-1,prompt');
    assert.equal(LOGIN_FAILED, 'Passport1.4 da-status=failed,srealm=Passport.NET,ts=-1,prompt');
    assert.equal(rawHeader(res, 'Content-Type'), 'text/html');
    assert.equal(rawHeader(res, 'Authentication-Info'), undefined);
  });

  test('unknown account, missing header, other scheme → 401', async () => {
    for (const headers of [
      { Authorization: passportAuth('nobody@local', 'x') },
      {} as Record<string, string>,
      { Authorization: 'Basic Ym9iQGxvY2FsOnA=' },
      { Authorization: 'Passport1.4 sign-in=bob%40local' },
    ]) {
      const res = await srv.request({ path: '/login2.srf', headers });
      assert.equal(res.status, 401);
      assert.equal(rawHeader(res, 'WWW-Authenticate'), LOGIN_FAILED);
    }
  });

  test('the tap records both sides with the password masked and the account once known', async () => {
    srv.tap.clear();
    await loginTicket(srv, 'bob@local', 'p,ss@word');
    const recs = srv.tap.recent();
    const inRec = recs.find((r) => r.direction === 'in')!;
    const outRec = recs.find((r) => r.direction === 'out')!;
    assert.equal(inRec.service, 'HTTP');
    assert.match(inRec.conn, /^http-\d+$/);
    assert.equal(inRec.line, 'GET /login2.srf HTTP/1.1');
    assert.match(inRec.payload!, /sign-in=bob%40local,pwd=\*\*\*,lc=1033/);
    assert.doesNotMatch(JSON.stringify(recs), /ss%40word|p,ss@word/);
    assert.equal(inRec.account, 'bob@local');
    assert.equal(inRec.remote, '127.0.0.1');
    assert.equal(outRec.line, 'HTTP/1.1 200 OK');
    assert.equal(outRec.account, 'bob@local');
    assert.match(outRec.payload!, /Authentication-Info: Passport1\.4 da-status=success/);
    assert.equal(outRec.conn, inRec.conn);
  });

  test('a failed attempt is recorded too, password masked', async () => {
    srv.tap.clear();
    await srv.request({ path: '/login2.srf', headers: { Authorization: passportAuth('bob@local', 'guess123') } });
    const recs = srv.tap.recent();
    assert.ok(recs.some((r) => r.direction === 'out' && r.line === 'HTTP/1.1 401 Unauthorized'));
    assert.ok(recs.some((r) => r.direction === 'note' && /refused for bob@local/.test(r.line)));
    assert.doesNotMatch(JSON.stringify(recs), /guess123/);
  });
});

describe('small pages', () => {
  test('/url/MOBILE says the service is not provided', async () => {
    const srv = await startServer();
    try {
      const res = await srv.request({ path: '/url/MOBILE' });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type']!, /^text\/html/);
      assert.match(res.body, /MOBILE was a Microsoft web service; Butterfly \(this LAN server\) does not provide it\./);
      const evil = await srv.request({ path: '/url/%3Cscript%3E' });
      assert.doesNotMatch(evil.body, /<script>/);
    } finally {
      await srv.close();
    }
  });

  test('POST / with an empty body (the MSN 7.5+ port probe) → 200 empty', async () => {
    const srv = await startServer();
    try {
      const res = await srv.request({ method: 'POST', path: '/', headers: { 'Content-Length': '0' }, body: '' });
      assert.equal(res.status, 200);
      assert.equal(res.body, '');
      assert.equal(rawHeader(res, 'Content-Length'), '0');
    } finally {
      await srv.close();
    }
  });
});
