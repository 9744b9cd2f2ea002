// RST.srf as MSN 7.5 sees it: one WS-Trust request with the password, three tokens back in
// request order, and the messenger.msn.com token signing in at the NS (MSNP12, TWN).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Butterfly } from '../app';
import { extractTicket } from '../core/tickets';
import type { User } from '../core/model';
import { MsnpTestClient } from '../test-support/msnp-client';
import { startTestServer } from '../test-support/test-server';
import { child, path, textAt, type XmlElement } from '../xml/xml';
import { proofKeysFor } from './rst-secrets';
import { compactToken, msn75Tokens, postRst, rstRequestXml, tokenResponses, WLM_SSO_TOKENS } from './rst-testkit';
import { cidOf } from './soap/ids';
import { faultCode, FIND_MEMBERSHIP_BODY, postSoap, soapRequest } from './soap/soapkit';
import { startServer, type TestServer } from './testkit';

const CHALLENGE = 'ct=1726321960,rver=5.0.3270.0,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,ru=http:%2F%2Fmessenger.msn.com,tw=0,kpp=1,kv=4,ver=2.1.6000.1,rn=abcdEFGH,tpf=0123456789abcdef0123456789abcdef';
const names = (el: XmlElement | undefined) => (el?.children ?? []).map((c) => c.name);

describe('RST.srf: the MSN 7.5 request', () => {
  let srv: TestServer;
  let bob: User;
  before(async () => {
    srv = await startServer();
    bob = await srv.core.directory.createAccount('bob@local', 'p<ss&word', 'Bob & Co');
  });
  after(() => srv.close());

  test('a password with spaces at its ends is taken as sent', async () => {
    await srv.core.directory.createAccount('spacey@local', '  two spaces ', 'Spacey');
    const ok = await postRst(srv.port, '/RST.srf', rstRequestXml('spacey@local', '  two spaces ', msn75Tokens(CHALLENGE)));
    assert.ok(compactToken(ok.doc, 'messenger.msn.com'), 'signed in with the exact password');
    const trimmed = await postRst(srv.port, '/RST.srf', rstRequestXml('spacey@local', 'two spaces', msn75Tokens(CHALLENGE)));
    assert.equal(compactToken(trimmed.doc, 'messenger.msn.com'), undefined, 'the trimmed password is a different one');
  });

  test('psf:pp header: PUID from the GUID (same bits as the CID), authstate 0x48803, credProperties', async () => {
    const { res, doc } = await postRst(srv.port, '/RST.srf', rstRequestXml('bob@local', 'p&lt;ss&amp;word', msn75Tokens(CHALLENGE)));
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.ok(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">'));
    assert.deepEqual(names(doc), ['Header', 'Body']);
    const pp = path(doc, 'Header', 'pp')!;
    assert.deepEqual(names(pp), [
      'serverVersion', 'PUID', 'configVersion', 'uiVersion', 'authstate', 'reqstatus', 'serverInfo', 'cookies', 'credProperties', 'response',
    ]);
    const puid = textAt(pp, 'PUID')!;
    assert.match(puid, /^[0-9A-F]{16}$/);
    assert.equal(BigInt.asIntN(64, BigInt(`0x${puid}`)).toString(), cidOf(bob.guid));
    assert.equal(textAt(pp, 'serverVersion'), '1');
    assert.equal(textAt(pp, 'authstate'), '0x48803');
    assert.equal(textAt(pp, 'reqstatus'), '0x0');
    assert.match(child(pp, 'serverInfo')!.attrs.ServerTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const cred = Object.fromEntries(path(pp, 'credProperties')!.children.map((c) => [c.attrs.Name, c.text]));
    assert.equal(cred.AuthMembername, 'bob@local');
    assert.equal(cred.CID, puid.toLowerCase());
    assert.equal(cred.FirstName, 'Bob & Co');
    assert.equal(cred.IP, '127.0.0.1');
  });

  test('one answer per requested address, in request order, each with its exact structure', async () => {
    const { res, doc } = await postRst(srv.port, '/RST.srf', rstRequestXml('bob@local', 'p&lt;ss&amp;word', msn75Tokens(CHALLENGE)));
    // The prefixes are part of the contract: some clients look up "S:Body", "wst:…" by name.
    assert.match(res.body, /<S:Body><wst:RequestSecurityTokenResponseCollection xmlns:S="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/" xmlns:wst="http:\/\/schemas\.xmlsoap\.org\/ws\/2004\/04\/trust"/);
    const [tb, messenger, contacts, ...rest] = tokenResponses(doc);
    assert.equal(rest.length, 0);

    assert.deepEqual(names(tb), ['TokenType', 'AppliesTo', 'LifeTime', 'RequestedSecurityToken', 'RequestedTokenReference', 'RequestedProofToken']);
    assert.equal(textAt(tb, 'TokenType'), 'urn:passport:legacy');
    assert.equal(textAt(tb, 'AppliesTo', 'EndpointReference', 'Address'), 'http://Passport.NET/tb');
    const enc = path(tb, 'RequestedSecurityToken', 'EncryptedData')!;
    assert.equal(enc.attrs.Id, 'BinaryDAToken0');
    assert.equal(enc.attrs.Type, 'http://www.w3.org/2001/04/xmlenc#Element');
    assert.deepEqual(names(enc), ['EncryptionMethod', 'KeyInfo', 'CipherData']);
    assert.equal(textAt(enc, 'KeyInfo', 'KeyName'), 'http://Passport.NET/STS');
    // The DA blob is a signed ticket of ours, not a constant.
    const da = srv.core.tickets.verify(Buffer.from(textAt(enc, 'CipherData', 'CipherValue')!, 'base64').toString());
    assert.deepEqual([da?.userId, da?.service], [bob.id, 'passport']);
    assert.equal(path(tb, 'RequestedTokenReference', 'KeyIdentifier')!.attrs.ValueType, 'urn:passport');
    assert.equal(path(tb, 'RequestedTokenReference', 'Reference')!.attrs.URI, '#BinaryDAToken0');
    assert.equal(Buffer.from(textAt(tb, 'RequestedProofToken', 'BinarySecret')!, 'base64').length, 24);

    for (const [r, address, id, service] of [
      [messenger, 'messenger.msn.com', 'Compact1', 'messenger'],
      [contacts, 'contacts.msn.com', 'Compact2', 'contacts'],
    ] as const) {
      assert.deepEqual(names(r), ['TokenType', 'AppliesTo', 'LifeTime', 'RequestedSecurityToken', 'RequestedTokenReference'], address);
      assert.equal(textAt(r, 'TokenType'), 'urn:passport:compact');
      assert.equal(textAt(r, 'AppliesTo', 'EndpointReference', 'Address'), address);
      const created = Date.parse(textAt(r, 'LifeTime', 'Created')!);
      const expires = Date.parse(textAt(r, 'LifeTime', 'Expires')!);
      assert.ok(Math.abs(created - Date.now()) < 60_000);
      assert.ok(Math.abs(expires - created - 24 * 3600_000) < 2000, 'expires a day later');
      const bst = path(r, 'RequestedSecurityToken', 'BinarySecurityToken')!;
      assert.equal(bst.attrs.Id, id);
      assert.match(bst.text, /^t=[\w.-]+&p=[\w-]+$/);
      const claims = srv.core.tickets.verify(extractTicket(bst.text))!;
      assert.deepEqual([claims.userId, claims.service], [bob.id, service]);
      assert.ok(Math.abs(claims.expiresAt - expires) < 2000);
      assert.equal(path(r, 'RequestedTokenReference', 'KeyIdentifier')!.attrs.ValueType, 'urn:passport:compact');
      assert.equal(path(r, 'RequestedTokenReference', 'Reference')!.attrs.URI, `#${id}`);
    }
    // On the wire the & between t= and p= is escaped; the client XML-decodes it.
    assert.match(res.body, /<wsse:BinarySecurityToken Id="Compact1">t=[\w.-]+&amp;p=[\w-]+<\/wsse:BinarySecurityToken>/);
  });

  test('a wrong password: HTTP 200, psf:pp 0x80048800/0x80048821, S:Body/S:Fault wsse:FailedAuthentication, no token', async () => {
    for (const [user, pw] of [['bob@local', 'wrong'], ['nobody@local', 'p&lt;ss&amp;word'], ['bob@local', '']] as const) {
      const { res, doc } = await postRst(srv.port, '/RST.srf', rstRequestXml(user, pw, msn75Tokens(CHALLENGE)));
      assert.equal(res.status, 200, 'clients read the outcome from the body of a 200');
      assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
      assert.deepEqual(names(doc), ['Header', 'Body']);
      const pp = path(doc, 'Header', 'pp')!;
      assert.deepEqual(names(pp), ['serverVersion', 'authstate', 'reqstatus', 'serverInfo', 'cookies', 'response']);
      assert.equal(textAt(pp, 'authstate'), '0x80048800');
      assert.equal(textAt(pp, 'reqstatus'), '0x80048821');
      const fault = path(doc, 'Body', 'Fault')!;
      assert.deepEqual(names(fault), ['faultcode', 'faultstring', 'detail']);
      assert.equal(textAt(fault, 'faultcode'), 'wsse:FailedAuthentication');
      assert.equal(textAt(fault, 'faultstring'), 'Authentication Failure');
      assert.equal(textAt(fault, 'detail', 'error', 'value'), '0x80048821');
      assert.match(res.body, /<S:Body><S:Fault><faultcode>wsse:FailedAuthentication<\/faultcode>/);
      assert.doesNotMatch(res.body, /BinarySecurityToken|>t=/);
    }
    const notes = srv.tap.recent(50).filter((r) => r.direction === 'note').map((r) => r.line);
    assert.ok(notes.includes('RST.srf sign-in refused for bob@local: wrong password'));
    assert.ok(notes.includes('RST.srf sign-in refused for nobody@local: no such account'));
  });

  test('the contacts.msn.com token opens the address book (ABCH TicketToken)', async () => {
    const { doc } = await postRst(srv.port, '/RST.srf', rstRequestXml('bob@local', 'p&lt;ss&amp;word', msn75Tokens(CHALLENGE)));
    const ticketToken = compactToken(doc, 'contacts.msn.com')!;
    const ab = await postSoap(srv, '/abservice/SharingService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken }));
    assert.equal(ab.res.status, 200);
    assert.equal(faultCode(ab.doc), undefined);
  });

  test('the sign-in name is matched case-insensitively, like the accounts are stored', async () => {
    const { doc } = await postRst(srv.port, '/RST.srf', rstRequestXml('Bob@LOCAL', 'p&lt;ss&amp;word', msn75Tokens(CHALLENGE)));
    assert.equal(srv.core.tickets.verify(extractTicket(compactToken(doc, 'messenger.msn.com')!))?.userId, bob.id);
  });

  test('WLM 8.1 (SSO): messengerclear.live.com gets a messenger ticket and a 24-byte proof key the NS can look up', async () => {
    const { doc } = await postRst(srv.port, '/RST.srf', rstRequestXml('bob@local', 'p&lt;ss&amp;word', WLM_SSO_TOKENS));
    const answers = tokenResponses(doc);
    assert.deepEqual(
      answers.map((r) => textAt(r, 'AppliesTo', 'EndpointReference', 'Address')),
      WLM_SSO_TOKENS.map((t) => t.address),
    );
    const clear = answers[1]!;
    assert.deepEqual(names(clear), ['TokenType', 'AppliesTo', 'LifeTime', 'RequestedSecurityToken', 'RequestedTokenReference', 'RequestedProofToken']);
    const secret = textAt(clear, 'RequestedProofToken', 'BinarySecret')!;
    assert.match(secret, /^[A-Za-z0-9+/]{32}$/);
    const ticket = extractTicket(textAt(clear, 'RequestedSecurityToken', 'BinarySecurityToken')!);
    assert.equal(srv.core.tickets.verify(ticket)?.service, 'messenger');
    assert.deepEqual(proofKeysFor(srv.core).secretFor(ticket), Buffer.from(secret, 'base64'));
    // Only messengerclear (and the DA token) carry a proof key; each token is a different ticket.
    assert.deepEqual(answers.map((r) => child(r, 'RequestedProofToken') !== undefined), [true, true, false, false, false, false, false]);
    const services = answers.slice(1).map((r) => srv.core.tickets.verify(extractTicket(textAt(r, 'RequestedSecurityToken', 'BinarySecurityToken')!))?.service);
    assert.deepEqual(services, ['messenger', 'messenger', 'contacts', 'messengersecure', 'spaces', 'storage']);
    assert.equal(new Set(answers.slice(1).map((r) => textAt(r, 'RequestedSecurityToken', 'BinarySecurityToken'))).size, 6);
  });

  test('the password never reaches the tap, also when sent as CDATA (which signs in just the same)', async () => {
    srv.tap.clear();
    const ok = await postRst(srv.port, '/RST.srf', rstRequestXml('bob@local', '<![CDATA[p<ss&word]]>', msn75Tokens(CHALLENGE)));
    assert.ok(compactToken(ok.doc, 'messenger.msn.com'));
    await postRst(srv.port, '/RST.srf', rstRequestXml('bob@local', 'p&lt;ss&amp;word', msn75Tokens(CHALLENGE)));
    const ins = srv.tap.recent(50).filter((r) => r.direction === 'in' && r.line.startsWith('POST /RST.srf'));
    assert.ok(ins.length >= 2);
    for (const r of ins) {
      assert.match(r.payload!, /<wsse:Password>\*\*\*<\/wsse:Password>/);
      assert.doesNotMatch(r.payload!, /p&lt;ss|p<ss|ss&amp;word|CDATA/);
      assert.equal(r.account, 'bob@local');
    }
  });

  test('msn.com accounts\' /ppNNN/RST.srf and any path case are answered; GET is 405; other paths are not this service', async () => {
    for (const p of ['/rst.srf', '/pp800/RST.srf', '/PP550/rst.srf']) {
      const { res, doc } = await postRst(srv.port, p, rstRequestXml('bob@local', 'p&lt;ss&amp;word', msn75Tokens(CHALLENGE)));
      assert.equal(res.status, 200, p);
      assert.ok(compactToken(doc, 'messenger.msn.com'), p);
    }
    assert.equal((await srv.request({ path: '/RST.srf' })).status, 405);
    assert.equal((await srv.request({ method: 'POST', path: '/ppsecure/RST.srf', body: '' })).status, 404);
  });
});

describe('RST.srf: requests that are not usable get a SOAP fault, never a crash', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startServer();
    await srv.core.directory.createAccount('bob@local', 'secret', 'Bob');
  });
  after(() => srv.close());

  async function invalid(body: string, note: RegExp) {
    const res = await srv.request({ method: 'POST', path: '/RST.srf', headers: { 'Content-Type': 'text/xml' }, body });
    assert.equal(res.status, 200);
    const { doc } = await postRst(srv.port, '/RST.srf', body);
    const fault = path(doc, 'Body', 'Fault')!;
    assert.equal(textAt(fault, 'faultcode'), 'S:Client');
    assert.equal(textAt(fault, 'faultstring'), 'Invalid Request');
    assert.equal(textAt(fault, 'detail', 'error', 'value'), '0x80048820');
    assert.equal(textAt(fault, 'detail', 'error', 'internalerror', 'code'), '0x80045C01');
    assert.match(textAt(fault, 'detail', 'error', 'internalerror', 'text')!, /^Invalid STS request: /);
    const last = srv.tap.recent(5).filter((r) => r.direction === 'note').at(-1)!;
    assert.match(last.line, note);
    return { res, fault };
  }

  test('a DTD with an external entity is refused before anything is read; the password in it is masked', async () => {
    const body =
      '<?xml version="1.0"?><!DOCTYPE Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      rstRequestXml('bob@local', 'secret', msn75Tokens(CHALLENGE)).replace(/^<\?xml[^>]*>/, '').replace('bob@local', '&xxe;');
    const { res } = await invalid(body, /^RST\.srf request refused: DOCTYPE\/DTD is not accepted$/);
    assert.doesNotMatch(res.body, /root:|\/bin\/|daemon/);
    const inRec = srv.tap.recent(10).filter((r) => r.direction === 'in').at(-1)!;
    assert.match(inRec.payload!, /<wsse:Password>\*\*\*<\/wsse:Password>/);
    assert.doesNotMatch(inRec.payload!, />secret</);
  });

  test('broken XML, an empty body, a missing UsernameToken, no token request, too many token requests', async () => {
    await invalid('<Envelope><Header>', /^RST\.srf request is not well-formed XML: /);
    await invalid('', /^RST\.srf request is not well-formed XML: /);
    await invalid(
      rstRequestXml('bob@local', 'secret', msn75Tokens(CHALLENGE)).replace(/<wsse:Security>.*<\/wsse:Security>/, ''),
      /^RST\.srf request is not a usable token request: no Header\/Security\/UsernameToken$/,
    );
    await invalid(rstRequestXml('bob@local', 'secret', []), /Body holds no RequestSecurityToken$/);
    await invalid(
      rstRequestXml('bob@local', 'secret', [{ address: '' }]),
      /RequestSecurityToken #0 has no AppliesTo\/EndpointReference\/Address$/,
    );
    const many = Array.from({ length: 33 }, () => ({ address: 'contacts.msn.com', policy: 'MBI' }));
    await invalid(rstRequestXml('bob@local', 'secret', many), /more than 32 RequestSecurityToken elements$/);
    await invalid('<html><body>hi</body></html>', /the document is <html>, not a SOAP Envelope$/);
  });
});

describe('RST.srf → NS: MSN 7.5 signs in on MSNP12 with the messenger.msn.com token', () => {
  let app: Butterfly & { cleanup(): Promise<void> };
  before(async () => {
    app = await startTestServer();
    await app.core.directory.createAccount('me@local', 'butterfly', 'Me');
  });
  after(() => app.cleanup());

  /** VER/CVR/USR I as MSN 7.5 sends them; returns the client and the TWN challenge. */
  async function toChallenge(): Promise<{ c: MsnpTestClient; challenge: string }> {
    const c = await MsnpTestClient.connect(app.ports.ns);
    c.send('VER 1 MSNP12 MSNP11 MSNP10 CVR0');
    assert.equal(await c.nextLine(), 'VER 1 MSNP12 CVR0');
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs me@local');
    assert.match(await c.nextLine(), /^CVR 2 7\.5\.0324 7\.5\.0324 7\.5\.0324 /);
    c.send('USR 3 TWN I me@local');
    const line = (await c.until('USR 3 ')).line;
    assert.match(line, /^USR 3 TWN S ct=\d+,/);
    return { c, challenge: line.slice('USR 3 TWN S '.length) };
  }

  test('USR 4 TWN S <XML-decoded Compact1> → USR 4 OK me@local 1 0', async () => {
    const { c, challenge } = await toChallenge();
    try {
      const { res, doc } = await postRst(app.ports.http, '/RST.srf', rstRequestXml('me@local', 'butterfly', msn75Tokens(challenge)));
      assert.equal(res.status, 200);
      const token = compactToken(doc, 'messenger.msn.com')!;
      c.send(`USR 4 TWN S ${token}`);
      assert.equal(await c.nextLine(), 'USR 4 OK me@local 1 0');
    } finally {
      c.close();
    }
  });

  test('a forged ticket, or a genuine contacts.msn.com one, gets 911', async () => {
    const { doc } = await postRst(app.ports.http, '/RST.srf', rstRequestXml('me@local', 'butterfly', msn75Tokens('lc=1033,id=507')));
    const genuine = extractTicket(compactToken(doc, 'messenger.msn.com')!);
    const payload = genuine.slice(0, genuine.indexOf('.'));
    const forged = `${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
    for (const token of [`t=${forged}&p=x`, compactToken(doc, 'contacts.msn.com')!]) {
      const { c } = await toChallenge();
      try {
        c.send(`USR 4 TWN S ${token}`);
        assert.equal(await c.nextLine(), '911 4', token);
        await c.waitClosed();
      } finally {
        c.close();
      }
    }
  });
});
