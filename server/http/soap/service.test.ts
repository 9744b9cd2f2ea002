// Who may read which address book, and what the SOAP endpoints do with hostile or unknown input.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loginTicket, startServer, type TestServer } from '../testkit';
import { soapActionName } from './service';
import { textAt } from '../../xml/xml';
import {
  AB_FIND_ALL_BODY,
  contacts,
  faultCode,
  FIND_MEMBERSHIP_BODY,
  memberships,
  postSoap,
  seedScenario,
  soapRequest,
} from './soapkit';

let srv: TestServer;
let s: Awaited<ReturnType<typeof seedScenario>>;
let meToken: string;
before(async () => {
  srv = await startServer();
  s = await seedScenario(srv);
  meToken = await loginTicket(srv, 'me@local', 'secret-me');
});
after(() => srv.close());

const emailsOf = (doc: Parameters<typeof contacts>[0]) => contacts(doc).map((c) => textAt(c, 'contactInfo', 'passportName'));

test('MSNP13–14 / Mac: no TicketToken, Cookie: MSPAuth=<ticket>$ authenticates', async () => {
  // The NS profile message carries MSPAuth: <ticket>$ — the t= part of the ticket, '$' appended.
  const ticket = srv.core.tickets.issue(s.me.id, 'messenger');
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY), {
    Cookie: `MSPAuth=${ticket}$; MSPProf=xyz`,
  });
  assert.equal(res.status, 200);
  assert.deepEqual(emailsOf(doc), ['alice@local', 'dave@local', 'me@local']);
});

test("another user's ticket shows that user's list, never the victim's", async () => {
  const eveToken = await loginTicket(srv, 'eve@local', 'pw-eve');
  // Eve asks for "me"'s address book by id and carries a cookie with a junk MSPAuth for me: still Eve's book.
  const body = AB_FIND_ALL_BODY.replace('00000000-0000-0000-0000-000000000000', s.me.guid);
  const ab = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(body, { ticketToken: eveToken }));
  assert.equal(ab.res.status, 200);
  assert.deepEqual(emailsOf(ab.doc), ['mallory@local', 'eve@local']);
  assert.doesNotMatch(ab.res.body, /alice@local|dave@local|me@local/);
  const fm = await postSoap(srv, '/abservice/SharingService.asmx', 'FindMembership', soapRequest(FIND_MEMBERSHIP_BODY, { ticketToken: eveToken }));
  assert.deepEqual(memberships(fm.doc), { Allow: ['mallory@local'] });
  assert.ok(srv.tap.recent().filter((r) => r.direction === 'out').slice(-1)[0]!.account === 'eve@local');
});

test('a forged, tampered or expired ticket is refused with PassportAuthFail', async () => {
  const real = meToken.slice(2, meToken.indexOf('&'));
  const [payload, sig] = real.split('.');
  // Same payload shape, claiming to be me, signed with the wrong key.
  const forgedPayload = Buffer.from(`v1|${s.me.id}|messenger|${Date.now() + 3600_000}|AAAA`).toString('base64url');
  const cases = [
    `t=${forgedPayload}.${sig}&p=x`,
    `t=${payload}x.${sig}&p=x`,
    `t=${srv.core.tickets.issue(s.me.id, 'messenger', -1000)}&p=x`,
    't=&p=',
    'garbage',
  ];
  for (const ticketToken of cases) {
    const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken }));
    assert.equal(res.status, 500, ticketToken);
    assert.equal(faultCode(doc), 'PassportAuthFail', ticketToken);
    assert.equal(textAt(doc, 'Body', 'Fault', 'faultcode'), 'soap:Client');
    assert.doesNotMatch(res.body, /alice@local/);
  }
  const cookie = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY), {
    Cookie: `MSPAuth=${forgedPayload}.${sig}$`,
  });
  assert.equal(faultCode(cookie.doc), 'PassportAuthFail');
  const none = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY));
  assert.equal(faultCode(none.doc), 'PassportAuthFail');
  assert.ok(srv.tap.recent().some((r) => r.direction === 'note' && /ABFindAll refused: no TicketToken/.test(r.line)));
});

test('a ticket for a deleted account is refused', async () => {
  const gone = await srv.core.directory.createAccount('gone@local', 'pw-gone');
  const t = await loginTicket(srv, 'gone@local', 'pw-gone');
  srv.core.users.delete(gone.id);
  const { doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', soapRequest(AB_FIND_ALL_BODY, { ticketToken: t }));
  assert.equal(faultCode(doc), 'PassportAuthFail');
});

test('XXE: a DOCTYPE with an external entity is refused and nothing of /etc/passwd comes back', async () => {
  const evil =
    '<?xml version="1.0"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
    soapRequest(AB_FIND_ALL_BODY.replace('<abView>Full</abView>', '<abView>&xxe;</abView>'), { ticketToken: meToken }).replace(
      /^<\?xml[^>]*>\r\n/,
      '',
    );
  srv.tap.clear();
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', evil);
  assert.equal(res.status, 500);
  assert.equal(faultCode(doc), 'XmlRefused');
  assert.doesNotMatch(res.body, /root:|\/bin\/(ba)?sh|nologin/);
  assert.doesNotMatch(res.body, /alice@local/);
  assert.ok(srv.tap.recent().some((r) => r.direction === 'note' && /refused: DOCTYPE/.test(r.line)));
});

test('broken XML gets a fault, recorded in the tap', async () => {
  srv.tap.clear();
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', '<soap:Envelope><soap:Body><ABFindAll></soap:Body>');
  assert.equal(res.status, 500);
  assert.equal(faultCode(doc), 'XmlMalformed');
  assert.ok(srv.tap.recent().some((r) => r.direction === 'out' && r.line === 'HTTP/1.1 500 Internal Server Error'));
  const notSoap = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindAll', '<hello/>');
  assert.equal(faultCode(notSoap.doc), 'BadRequest');
});

test('an unknown SOAPAction gets a fault naming it, and a tap note', async () => {
  srv.tap.clear();
  // An action no client of ours needs (a bulk lookup WLM's web pages used).
  const body = '<ABFindByContacts xmlns="http://www.msn.com/webservices/AddressBook"><abId>00000000-0000-0000-0000-000000000000</abId></ABFindByContacts>';
  const { res, doc } = await postSoap(srv, '/abservice/abservice.asmx', 'ABFindByContacts', soapRequest(body, { ticketToken: meToken }));
  assert.equal(res.status, 500);
  assert.equal(faultCode(doc), 'Forbidden');
  assert.match(textAt(doc, 'Body', 'Fault', 'faultstring')!, /ABFindByContacts is not supported by this server yet/);
  const note = srv.tap.recent().find((r) => r.direction === 'note')!;
  assert.equal(note.line, 'SOAP action ABFindByContacts on /abservice/abservice.asmx is not supported yet');
  assert.equal(note.account, 'me@local');
  // Names that happen to be Object.prototype members are just unknown actions too.
  const proto = await postSoap(srv, '/abservice/abservice.asmx', 'constructor', soapRequest('<constructor/>', { ticketToken: meToken }));
  assert.equal(faultCode(proto.doc), 'Forbidden');
});

test('SOAPAction and body element must agree; a missing SOAPAction falls back to the body', async () => {
  const mismatch = await postSoap(srv, '/abservice/abservice.asmx', 'FindMembership', soapRequest(AB_FIND_ALL_BODY, { ticketToken: meToken }));
  assert.equal(faultCode(mismatch.doc), 'BadRequest');
  const noHeader = await postSoap(srv, '/abservice/abservice.asmx', undefined, soapRequest(AB_FIND_ALL_BODY, { ticketToken: meToken }));
  assert.equal(noHeader.res.status, 200);
  const unquoted = await postSoap(srv, '/abservice/abservice.asmx', undefined, soapRequest(AB_FIND_ALL_BODY, { ticketToken: meToken }), {
    SOAPAction: 'http://www.msn.com/webservices/AddressBook/ABFindAll',
  });
  assert.equal(unquoted.res.status, 200);
});

test('soapActionName', () => {
  assert.equal(soapActionName('"http://www.msn.com/webservices/AddressBook/FindMembership"'), 'FindMembership');
  assert.equal(soapActionName('http://www.msn.com/webservices/AddressBook/ABFindAll'), 'ABFindAll');
  assert.equal(soapActionName('""'), undefined);
  assert.equal(soapActionName(undefined), undefined);
});
