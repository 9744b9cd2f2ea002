// RST2.srf as WLM 2009 sees it: the same tokens in WS-Trust 2005 over SOAP 1.2.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { extractTicket } from '../core/tickets';
import type { User } from '../core/model';
import { child, path, textAt, type XmlElement } from '../xml/xml';
import { proofKeysFor } from './rst-secrets';
import { postRst, rst2RequestXml, tokenResponses, WLM_SSO_TOKENS } from './rst-testkit';
import { startServer, type TestServer } from './testkit';

const names = (el: XmlElement | undefined) => (el?.children ?? []).map((c) => c.name);

describe('RST2.srf (WLM 2009)', () => {
  let srv: TestServer;
  let me: User;
  before(async () => {
    srv = await startServer();
    me = await srv.core.directory.createAccount('me@local', 'butterfly', 'Me');
  });
  after(() => srv.close());

  test('SOAP 1.2 envelope with wsa:Action/To, a timestamp and psf:pp; trust 2005 answers in request order', async () => {
    const { res, doc } = await postRst(srv.port, '/RST2.srf', rst2RequestXml('me@local', 'butterfly', WLM_SSO_TOKENS));
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/soap+xml; charset=utf-8');
    assert.ok(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?><S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"'));
    const header = child(doc, 'Header')!;
    assert.deepEqual(names(header), ['Action', 'To', 'Security', 'pp']);
    assert.equal(textAt(header, 'Action'), 'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue');
    assert.equal(child(header, 'Action')!.attrs['S:mustUnderstand'], '1');
    assert.equal(textAt(header, 'To'), 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous');
    const created = Date.parse(textAt(header, 'Security', 'Timestamp', 'Created')!);
    assert.equal(Date.parse(textAt(header, 'Security', 'Timestamp', 'Expires')!) - created, 5 * 60_000);
    assert.equal(textAt(header, 'pp', 'authstate'), '0x48803');
    assert.match(res.body, /<wst:RequestSecurityTokenResponseCollection xmlns:S="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope" xmlns:wst="http:\/\/schemas\.xmlsoap\.org\/ws\/2005\/02\/trust"/);

    const answers = tokenResponses(doc);
    assert.deepEqual(answers.map((r) => textAt(r, 'AppliesTo', 'EndpointReference', 'Address')), WLM_SSO_TOKENS.map((t) => t.address));
    const refs = ['RequestedAttachedReference', 'RequestedUnattachedReference'];
    assert.deepEqual(names(answers[0]), ['TokenType', 'AppliesTo', 'Lifetime', 'RequestedSecurityToken', ...refs, 'RequestedProofToken']);
    assert.equal(path(answers[0], 'RequestedSecurityToken', 'EncryptedData')!.attrs.Id, 'BinaryDAToken0');
    assert.deepEqual(names(answers[1]), ['TokenType', 'AppliesTo', 'Lifetime', 'RequestedSecurityToken', ...refs, 'RequestedProofToken']);
    for (const r of answers.slice(2)) assert.deepEqual(names(r), ['TokenType', 'AppliesTo', 'Lifetime', 'RequestedSecurityToken', ...refs]);

    for (const [i, r] of answers.slice(1).entries()) {
      const bst = path(r, 'RequestedSecurityToken', 'BinarySecurityToken')!;
      assert.equal(bst.attrs.Id, `Compact${i + 1}`);
      // 2005 references name the token by a digest of it, attached and unattached alike.
      const digest = createHash('sha1').update(bst.text).digest('base64');
      for (const ref of refs) assert.equal(path(r, ref, 'SecurityTokenReference', 'Reference')!.attrs.URI, digest);
    }
    const clear = answers[1]!;
    const ticket = extractTicket(textAt(clear, 'RequestedSecurityToken', 'BinarySecurityToken')!);
    const claims = srv.core.tickets.verify(ticket)!;
    assert.deepEqual([claims.userId, claims.service], [me.id, 'messenger']);
    assert.deepEqual(proofKeysFor(srv.core).secretFor(ticket), Buffer.from(textAt(clear, 'RequestedProofToken', 'BinarySecret')!, 'base64'));
  });

  test('a wrong password: SOAP 1.2 fault S:Sender / wst:FailedAuthentication, psf:error 0x80048821, HTTP 200', async () => {
    const { res, doc } = await postRst(srv.port, '/RST2.srf', rst2RequestXml('me@local', 'nope', WLM_SSO_TOKENS));
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/soap+xml; charset=utf-8');
    assert.equal(textAt(doc, 'Header', 'pp', 'authstate'), '0x80048800');
    assert.equal(textAt(doc, 'Header', 'pp', 'reqstatus'), '0x80048821');
    const fault = path(doc, 'Body', 'Fault')!;
    assert.deepEqual(names(fault), ['Code', 'Reason', 'Detail']);
    assert.equal(textAt(fault, 'Code', 'Value'), 'S:Sender');
    assert.equal(textAt(fault, 'Code', 'Subcode', 'Value'), 'wst:FailedAuthentication');
    assert.equal(path(fault, 'Reason', 'Text')!.attrs['xml:lang'], 'en-US');
    assert.equal(textAt(fault, 'Reason', 'Text'), 'Authentication Failure');
    assert.equal(textAt(fault, 'Detail', 'error', 'value'), '0x80048821');
    // Miranda finds it under these exact prefixed names.
    assert.match(res.body, /<S:Body><S:Fault>.*<S:Detail><psf:error><psf:value>0x80048821<\/psf:value>/);
    assert.ok(srv.tap.recent(5).some((r) => r.line === 'RST2.srf sign-in refused for me@local: wrong password'));
  });

  test('an unusable request: S:Sender / wst:InvalidRequest', async () => {
    const { res, doc } = await postRst(srv.port, '/RST2.srf', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>');
    assert.equal(res.status, 200);
    assert.equal(textAt(doc, 'Body', 'Fault', 'Code', 'Subcode', 'Value'), 'wst:InvalidRequest');
    assert.equal(textAt(doc, 'Body', 'Fault', 'Detail', 'error', 'value'), '0x80048820');
    assert.ok(srv.tap.recent(5).some((r) => r.line === 'RST2.srf request is not a usable token request: no Header/Security/UsernameToken'));
  });
});
