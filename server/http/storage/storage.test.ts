// The storage service as MSNPSharp 2.5.8 and WLM 8.5 use it, over real HTTP against a whole server:
// GetProfile at sign-in (the own name), UpdateProfile reaching a watcher live and surviving a
// restart, the user-tile upload sequence, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { request, type TestResponse } from '../testkit';
import { parseXml, path as at, childrenNamed, type XmlElement } from '../../xml/xml';
import { cidOf } from '../soap/ids';
import type { Butterfly } from '../../app';
import { apiClient } from '../../panel/panel-test-kit';

const NS = 'http://www.msn.com/webservices/storage/w10';

/** The envelope MSNPSharp 2.5.8 sends, byte for byte but the ticket (AffinityCacheHeader, StorageApplicationHeader, StorageUserHeader). */
function envelope(ticket: string, body: string, scenario = 'Initial'): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Header>' +
    `<AffinityCacheHeader xmlns="${NS}"><CacheKey /></AffinityCacheHeader>` +
    `<StorageApplicationHeader xmlns="${NS}"><ApplicationID>Messenger Client 8.5</ApplicationID><Scenario>${scenario}</Scenario></StorageApplicationHeader>` +
    `<StorageUserHeader xmlns="${NS}"><Puid>0</Puid><TicketToken>${ticket.replace(/&/g, '&amp;')}</TicketToken></StorageUserHeader>` +
    `</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

const getProfileBody = (cid: string) =>
  `<GetProfile xmlns="${NS}"><profileHandle><Alias><Name>${cid}</Name><NameSpace>MyCidStuff</NameSpace></Alias>` +
  '<RelationshipName>MyProfile</RelationshipName></profileHandle><profileAttributes><ResourceID>true</ResourceID>' +
  '<DateModified>true</DateModified><ExpressionProfileAttributes><ResourceID>true</ResourceID><DateModified>true</DateModified>' +
  '<DisplayName>true</DisplayName><DisplayNameLastModified>true</DisplayNameLastModified><PersonalStatus>true</PersonalStatus>' +
  '<PersonalStatusLastModified>true</PersonalStatusLastModified><StaticUserTilePublicURL>true</StaticUserTilePublicURL>' +
  '<Photo>true</Photo><Flag>true</Flag></ExpressionProfileAttributes></profileAttributes></GetProfile>';

async function post(app: Butterfly, action: string, xml: string, host = 'storage.msn.com'): Promise<{ res: TestResponse; doc: XmlElement }> {
  const res = await request(app.ports.http, {
    method: 'POST',
    path: '/storageservice/SchematizedStore.asmx',
    headers: { Host: host, 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/${action}"` },
    body: xml,
  });
  return { res, doc: parseXml(res.body) };
}

const result = (doc: XmlElement, action: string) => at(doc, 'Body', `${action}Response`, `${action}Result`);
const fault = (doc: XmlElement) => at(doc, 'Body', 'Fault', 'detail', 'errorcode')?.text;

async function world(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-storage-'))) {
  const app = await startTestServer({ dataDir });
  let me = app.core.users.byEmail('me@local');
  if (!me) {
    me = await app.core.directory.createAccount('me@local', 'pw-me', 'Me');
    await app.core.directory.createAccount('bob@local', 'pw-bob', 'Bob');
  }
  const ticket = `t=${app.core.tickets.issue(me.id, 'storage')}&p=`;
  return { app, me, ticket, dataDir, cid: cidOf(me.guid) };
}

test('GetProfile at sign-in (MSNPSharp 2.5.8): the account\'s own name and personal message, text/xml, a cache key', async () => {
  const { app, ticket, cid, me } = await world();
  await app.core.directory.setPersonalMessage(me.id, 'at work', '');
  const { res, doc } = await post(app, 'GetProfile', envelope(ticket, getProfileBody(cid)));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
  assert.match(at(doc, 'Header', 'AffinityCacheHeader', 'CacheKey')!.text, /^1r1:\S{32}$/);
  const r = result(doc, 'GetProfile')!;
  const hex = me.guid.replace(/-/g, '').slice(0, 16).toUpperCase();
  assert.equal(at(r, 'ResourceID')!.text, `${hex}!106`);
  const exp = at(r, 'ExpressionProfile')!;
  assert.deepEqual(
    exp.children.map((c) => c.name),
    ['ResourceID', 'DateModified', 'Flags', 'PersonalStatus', 'PersonalStatusLastModified', 'DisplayName', 'DisplayNameLastModified'],
    'MSNPSharp schema order; no Photo until one is set',
  );
  assert.equal(at(exp, 'ResourceID')!.text, `${hex}!118`);
  assert.equal(at(exp, 'DisplayName')!.text, 'Me');
  assert.equal(at(exp, 'PersonalStatus')!.text, 'at work');
  assert.match(at(exp, 'DateModified')!.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  await app.cleanup();
});

test('UpdateProfile: the new name and PSM reach a watcher at once (NLN, UBX), and GetProfile still has them after a restart', async () => {
  const w = await world();
  const bob = w.app.core.users.byEmail('bob@local')!;
  w.app.core.directory.addToLists(bob.id, w.me.id, 3);
  w.app.core.directory.addToLists(w.me.id, bob.id, 3);
  const me = await signInClient({ nsPort: w.app.ports.ns, httpPort: w.app.ports.http, email: 'me@local', password: 'pw-me', version: 'MSNP15' });
  const watcher = await signInClient({ nsPort: w.app.ports.ns, httpPort: w.app.ports.http, email: 'bob@local', password: 'pw-bob', version: 'MSNP12' });
  await watcher.quiet(200);
  const body =
    `<UpdateProfile xmlns="${NS}"><profile><ResourceID>${w.me.guid.replace(/-/g, '').slice(0, 16).toUpperCase()}!106</ResourceID>` +
    '<ExpressionProfile><FreeText>Update</FreeText><DisplayName>Me &amp; Co</DisplayName><PersonalStatus>roaming</PersonalStatus>' +
    '<Flags>0</Flags></ExpressionProfile></profile></UpdateProfile>';
  const { res, doc } = await post(w.app, 'UpdateProfile', envelope(w.ticket, body, 'RoamingIdentityChanged'));
  assert.equal(res.status, 200);
  assert.ok(at(doc, 'Body', 'UpdateProfileResponse'));
  assert.equal((await watcher.take('NLN ')).line, 'NLN NLN me@local Me%20%26%20Co 1085276192 %3Cmsnobj%2F%3E');
  const ubx = await watcher.take('UBX me@local');
  assert.equal(ubx.payload, '<Data><PSM>roaming</PSM><CurrentMedia></CurrentMedia></Data>');
  me.close();
  watcher.close();
  await w.app.stop();

  const again = await world(w.dataDir);
  // MSNPSharp 2.5.8's own UpdateProfile after a PSM change: no ResourceID, an empty DisplayName (no name change).
  const msnpsharp =
    `<UpdateProfile xmlns="${NS}"><profile><ExpressionProfile><FreeText>Update</FreeText><DisplayName /><PersonalStatus>wlm psm</PersonalStatus>` +
    '<Flags>0</Flags></ExpressionProfile></profile></UpdateProfile>';
  assert.equal((await post(again.app, 'UpdateProfile', envelope(again.ticket, msnpsharp, 'RoamingIdentityChanged'))).res.status, 200);
  assert.equal(again.app.core.users.byEmail('me@local')!.psm, 'wlm psm');
  assert.equal(again.app.core.users.byEmail('me@local')!.friendlyName, 'Me & Co');
  await again.app.core.directory.setPersonalMessage(again.me.id, 'roaming', '');
  const r = result((await post(again.app, 'GetProfile', envelope(again.ticket, getProfileBody(again.cid)))).doc, 'GetProfile')!;
  assert.equal(at(r, 'ExpressionProfile', 'DisplayName')!.text, 'Me & Co');
  assert.equal(at(r, 'ExpressionProfile', 'PersonalStatus')!.text, 'roaming');
  // Deleting the PSM attribute clears it.
  const del =
    `<UpdateProfile xmlns="${NS}"><profile><ResourceID>x</ResourceID><ExpressionProfile><FreeText>Update</FreeText></ExpressionProfile></profile>` +
    '<profileAttributesToDelete><ExpressionProfileAttributes><PersonalStatus>true</PersonalStatus></ExpressionProfileAttributes></profileAttributesToDelete></UpdateProfile>';
  assert.equal(fault((await post(again.app, 'UpdateProfile', envelope(again.ticket, del))).doc), 'ItemDoesNotExist', 'another resource id');
  const del2 = del.replace('<ResourceID>x</ResourceID>', '');
  assert.equal((await post(again.app, 'UpdateProfile', envelope(again.ticket, del2))).res.status, 200);
  assert.equal(again.app.core.users.byEmail('me@local')!.psm, '');
  await again.app.cleanup();
  fs.rmSync(w.dataDir, { recursive: true, force: true });
});

test('the user tile: CreateDocument, CreateRelationships ProfilePhoto, GetProfile points at it, the picture is served; replace and unlink', async () => {
  const { app, ticket, cid, me } = await world();
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const createDoc =
    `<CreateDocument xmlns="${NS}"><parentHandle><RelationshipName>/UserTiles</RelationshipName><Alias><Name>${cid}</Name>` +
    '<NameSpace>MyCidStuff</NameSpace></Alias></parentHandle><document xsi:type="Photo"><Name>MSNPSharp</Name><DocumentStreams>' +
    `<DocumentStream xsi:type="PhotoStream"><DocumentStreamType>UserTileStatic</DocumentStreamType><MimeType>png</MimeType><Data>${png.toString('base64')}</Data>` +
    '<DataSize>0</DataSize></DocumentStream></DocumentStreams></document><relationshipName>Messenger User Tile</relationshipName></CreateDocument>';
  assert.equal(fault((await post(app, 'FindDocuments', envelope(ticket, `<FindDocuments xmlns="${NS}"/>`))).doc), 'ItemDoesNotExist');
  const created = await post(app, 'CreateDocument', envelope(ticket, createDoc));
  const hex = me.guid.replace(/-/g, '').slice(0, 16).toUpperCase();
  const docId = result(created.doc, 'CreateDocument')!.text;
  assert.equal(docId, `${hex}!201`);
  const rel = (target: string) =>
    `<CreateRelationships xmlns="${NS}"><relationships><Relationship><SourceID>${hex}!118</SourceID><SourceType>SubProfile</SourceType>` +
    `<TargetID>${target}</TargetID><TargetType>Photo</TargetType><RelationshipName>ProfilePhoto</RelationshipName></Relationship></relationships></CreateRelationships>`;
  assert.equal((await post(app, 'CreateRelationships', envelope(ticket, rel(docId)))).res.status, 200);
  // The panel shows it with the account.
  const accounts = (await apiClient(app)('GET', '/api/accounts')).body as { email: string; profilePicture?: string }[];
  assert.equal(accounts.find((a) => a.email === 'me@local')!.profilePicture, `data:image/png;base64,${png.toString('base64')}`);
  assert.equal(accounts.find((a) => a.email === 'bob@local')!.profilePicture, undefined);

  const photo = at(result((await post(app, 'GetProfile', envelope(ticket, getProfileBody(cid)))).doc, 'GetProfile'), 'ExpressionProfile', 'Photo')!;
  assert.equal(at(photo, 'ResourceID')!.text, docId);
  const url = at(photo, 'DocumentStreams', 'DocumentStream', 'PreAuthURL')!.text;
  assert.equal(url, `http://127.0.0.1:${app.ports.http}/storage/usertile/${docId}/static`);
  const tile = await new Promise<Buffer>((resolve, reject) => {
    import('node:http').then(({ get }) =>
      get(`${url}?t=abc`, (res) => {
        assert.equal(res.headers['content-type'], 'image/png');
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject),
    );
  });
  assert.deepEqual(tile, png);

  const found = result((await post(app, 'FindDocuments', envelope(ticket, `<FindDocuments xmlns="${NS}"/>`))).doc, 'FindDocuments')!;
  assert.deepEqual(childrenNamed(found, 'Document').map((d) => at(d, 'ResourceID')!.text), [docId]);
  const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
  const update = createDoc
    .replace('<CreateDocument', '<UpdateDocument')
    .replace('</CreateDocument>', '</UpdateDocument>')
    .replace('<document xsi:type="Photo">', `<document xsi:type="Photo"><ResourceID>${docId}</ResourceID>`)
    .replace(png.toString('base64'), jpeg.toString('base64'))
    .replace('<MimeType>png</MimeType>', '<MimeType>image/jpeg</MimeType>');
  assert.equal((await post(app, 'UpdateDocument', envelope(ticket, update))).res.status, 200);
  const served = await request(app.ports.http, { path: `/storage/usertile/${docId}/static` });
  assert.equal(served.headers['content-type'], 'image/jpeg');

  const unlink =
    `<DeleteRelationships xmlns="${NS}"><sourceHandle><ResourceID>${hex}!118</ResourceID></sourceHandle>` +
    `<targetHandles><ObjectHandle><ResourceID>${docId}</ResourceID></ObjectHandle></targetHandles></DeleteRelationships>`;
  assert.equal((await post(app, 'DeleteRelationships', envelope(ticket, unlink))).res.status, 200);
  const after = result((await post(app, 'GetProfile', envelope(ticket, getProfileBody(cid)))).doc, 'GetProfile')!;
  assert.equal(at(after, 'ExpressionProfile', 'Photo'), undefined);
  assert.equal(fault((await post(app, 'DeleteRelationships', envelope(ticket, unlink))).doc), 'ItemDoesNotExist', 'already gone');
  await app.cleanup();
});

test('bad input: no ticket, a forged one, broken XML, a relationship to someone else\'s document, a document with no data', async () => {
  const { app, ticket, cid } = await world();
  const noTicket = envelope('', getProfileBody(cid)).replace(/<TicketToken>.*<\/TicketToken>/, '');
  assert.equal(fault((await post(app, 'GetProfile', noTicket)).doc), 'PassportAuthFail');
  assert.equal(fault((await post(app, 'GetProfile', envelope('t=forged&p=', getProfileBody(cid)))).doc), 'PassportAuthFail');
  const broken = await request(app.ports.http, {
    method: 'POST',
    path: '/storageservice/SchematizedStore.asmx',
    headers: { Host: 'storage.msn.com', 'Content-Type': 'text/xml' },
    body: '<soap:Envelope><soap:Body><GetProfile>',
  });
  assert.equal(broken.status, 500);
  assert.equal(fault(parseXml(broken.body)), 'BadArgument');
  const rel =
    `<CreateRelationships xmlns="${NS}"><relationships><Relationship><SourceID>0000000000000001!118</SourceID><SourceType>SubProfile</SourceType>` +
    '<TargetID>0000000000000001!201</TargetID><TargetType>Photo</TargetType><RelationshipName>ProfilePhoto</RelationshipName></Relationship></relationships></CreateRelationships>';
  assert.equal(fault((await post(app, 'CreateRelationships', envelope(ticket, rel))).doc), 'ItemDoesNotExist');
  const empty = `<CreateDocument xmlns="${NS}"><document><Name>x</Name><DocumentStreams><DocumentStream><MimeType>png</MimeType><Data></Data></DocumentStream></DocumentStreams></document></CreateDocument>`;
  assert.equal(fault((await post(app, 'CreateDocument', envelope(ticket, empty))).doc), 'BadArgument');
  assert.equal((await request(app.ports.http, { path: '/storage/usertile/0000000000000001!201/static' })).status, 404);
  await app.cleanup();
});

test('the redirection hosts: MSNPSharp\'s first call of a method gets its cache key and preferred host from an answer it cannot take as SOAP', async () => {
  const { app, ticket, cid } = await world();
  // MSNPSharp 2.5.8 reads <PreferredHostName> and <CacheKey> out of the exception text, which Mono fills
  // with the body only when the content type is not text/xml.
  const rdr = await post(app, 'GetProfile', envelope(ticket, getProfileBody(cid)), 'tkrdr.storage.msn.com');
  assert.equal(rdr.res.status, 200);
  assert.equal(rdr.res.headers['content-type'], 'application/xml; charset=utf-8');
  assert.equal(at(result(rdr.doc, 'GetProfile'), 'ExpressionProfile', 'DisplayName')!.text, 'Me', 'an ordinary document otherwise');
  const ab = await request(app.ports.http, {
    method: 'POST',
    path: '/abservice/SharingService.asmx',
    // MSNPSharp 2.5.8's probe, as it arrived in the real run (its first FindMembership).
    headers: {
      Host: 'byrdr.omega.contacts.msn.com',
      'User-Agent': 'MSN Explorer/9.0 (MSN 8.0; TmstmpExt)',
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"http://www.msn.com/webservices/AddressBook/FindMembership"',
    },
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>' +
      '<ABApplicationHeader xmlns="http://www.msn.com/webservices/AddressBook"><ApplicationId>CFE80F9D-180F-4399-82AB-413F33A1FA11</ApplicationId>' +
      '<IsMigration>false</IsMigration><PartnerScenario>Initial</PartnerScenario><CacheKey /><BrandId>MSFT</BrandId></ABApplicationHeader>' +
      `<ABAuthHeader xmlns="http://www.msn.com/webservices/AddressBook"><ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>${ticket.replace(/&/g, '&amp;')}</TicketToken></ABAuthHeader>` +
      '</soap:Header><soap:Body><FindMembership xmlns="http://www.msn.com/webservices/AddressBook"><serviceFilter><Types><ServiceType>Messenger</ServiceType></Types></serviceFilter><View>Full</View></FindMembership></soap:Body></soap:Envelope>',
  });
  assert.equal(ab.status, 200);
  assert.equal(ab.headers['content-type'], 'application/xml; charset=utf-8');
  const text = ab.body.slice(ab.body.indexOf('<?xml'), ab.body.toLowerCase().indexOf('</soap:envelope>') + '</soap:envelope>'.length);
  const doc = parseXml(text.replace(/&amp;/g, '&').replace(/&/g, '&amp;'));
  assert.equal(at(doc, 'Header', 'ServiceHeader', 'PreferredHostName')!.text, '127.0.0.1');
  assert.match(at(doc, 'Header', 'ServiceHeader', 'CacheKey')!.text, /^12r1:/);
  // MSNPSharp 3.0 asks in the 2008 schema and is answered in it.
  const v2008 = await post(app, 'GetProfile', envelope(ticket, getProfileBody(cid).replace(NS, 'http://www.msn.com/webservices/storage/2008')));
  assert.equal(at(v2008.doc, 'Body', 'GetProfileResponse')!.attrs.xmlns, 'http://www.msn.com/webservices/storage/2008');
  // The same request on the main host is ordinary SOAP (Messenger for Mac and WLM use either).
  const main = await post(app, 'GetProfile', envelope(ticket, getProfileBody(cid)), 'storage.msn.com');
  assert.equal(main.res.headers['content-type'], 'text/xml; charset=utf-8');
  await app.cleanup();
});

test('UpdateDynamicItem after UpdateProfile (MSNPSharp 2.5.8, on contacts.msn.com): the caller\'s own item is confirmed, anyone else\'s refused', async () => {
  const { app, ticket } = await world();
  const call = (passport: string) =>
    request(app.ports.http, {
      method: 'POST',
      path: '/abservice/abservice.asmx',
      headers: { Host: 'contacts.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://www.msn.com/webservices/AddressBook/UpdateDynamicItem"' },
      body:
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Header>' +
        '<ABApplicationHeader xmlns="http://www.msn.com/webservices/AddressBook"><ApplicationId>CFE80F9D-180F-4399-82AB-413F33A1FA11</ApplicationId>' +
        '<IsMigration>false</IsMigration><PartnerScenario>RoamingIdentityChanged</PartnerScenario><CacheKey>12r1:x</CacheKey></ABApplicationHeader>' +
        `<ABAuthHeader xmlns="http://www.msn.com/webservices/AddressBook"><ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>${ticket.replace(/&/g, '&amp;')}</TicketToken></ABAuthHeader>` +
        '</soap:Header><soap:Body><UpdateDynamicItem xmlns="http://www.msn.com/webservices/AddressBook"><abId>00000000-0000-0000-0000-000000000000</abId>' +
        `<dynamicItems><DynamicItem xsi:type="PassportDynamicItem"><Type>Passport</Type><PassportName>${passport}</PassportName><Notifications><NotificationData>` +
        '<StoreService><Info><Handle><Id>0</Id><Type>Profile</Type><ForeignId>MyProfile</ForeignId></Handle><InverseRequired>false</InverseRequired><IsBot>false</IsBot></Info>' +
        '<Changes /></StoreService><Status>Exist Access</Status><LastChanged>2026-12-02T06:55:32.4000000Z</LastChanged></NotificationData></Notifications>' +
        '<Changes>Notifications</Changes></DynamicItem></dynamicItems></UpdateDynamicItem></soap:Body></soap:Envelope>',
    });
  const ok = await call('me@local');
  assert.equal(ok.status, 200);
  assert.ok(at(parseXml(ok.body), 'Body', 'UpdateDynamicItemResponse'));
  const other = await call('bob@local');
  assert.equal(other.status, 500);
  assert.equal(at(parseXml(other.body), 'Body', 'Fault', 'detail', 'errorcode')!.text, 'BadArgument');
  await app.cleanup();
});
