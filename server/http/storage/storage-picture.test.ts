// A client that puts its user tile in the storage service (MSNPSharp 2.5.8, WLM 8.5/2009: CreateDocument,
// CreateRelationships ProfilePhoto, later UpdateDocument) gives the account its panel picture: the tile,
// normalised like a panel upload, with no P2P fetch when the tile is the very object the client announces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Jimp } from 'jimp';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { request } from '../testkit';
import { parseXml, path as at } from '../../xml/xml';
import { cidOf } from '../soap/ids';
import { encodeParam } from '../../msnp/codec';
import { formatMsnObject, pictureObject } from '../../core/msn-object';
import { apiClient } from '../../panel/panel-test-kit';

const NS = 'http://www.msn.com/webservices/storage/w10';
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('base64');

function envelope(ticket: string, body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Header>' +
    `<StorageApplicationHeader xmlns="${NS}"><ApplicationID>Messenger Client 8.5</ApplicationID><Scenario>Initial</Scenario></StorageApplicationHeader>` +
    `<StorageUserHeader xmlns="${NS}"><Puid>0</Puid><TicketToken>${ticket.replace(/&/g, '&amp;')}</TicketToken></StorageUserHeader>` +
    `</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

async function image(w: number, h: number, mime: 'image/png' | 'image/jpeg'): Promise<Buffer> {
  const img = new Jimp({ width: w, height: h, color: 0x336699ff });
  img.scan(0, 0, w, h, (x, y, idx) => {
    img.bitmap.data[idx] = (x * 5) & 0xff;
    img.bitmap.data[idx + 1] = (y * 3) & 0xff;
  });
  return img.getBuffer(mime);
}

test('the storage user tile becomes the account\'s panel picture; a 96×96 PNG tile the client announces is kept byte for byte, without asking the client', async () => {
  const app = await startTestServer({ demo: true });
  const api = apiClient(app);
  try {
    const me = app.core.users.byEmail('me@local')!;
    const ticket = `t=${app.core.tickets.issue(me.id, 'storage')}&p=`;
    const post = async (action: string, body: string) => {
      const res = await request(app.ports.http, {
        method: 'POST',
        path: '/storageservice/SchematizedStore.asmx',
        headers: { Host: 'storage.msn.com', 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/${action}"` },
        body: envelope(ticket, body),
      });
      assert.equal(res.status, 200, res.body);
      return parseXml(res.body);
    };
    const tile = await image(96, 96, 'image/png');
    const client = await signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
    const xml = formatMsnObject(pictureObject('me@local', tile));
    client.send(`CHG 6 NLN 1085276192 ${encodeParam(xml)}`);
    await client.take('CHG 6 ');

    const doc = (data: Buffer, mime: string, id = '') =>
      `<document xsi:type="Photo">${id}<Name>MSNPSharp</Name><DocumentStreams><DocumentStream xsi:type="PhotoStream">` +
      `<DocumentStreamType>UserTileStatic</DocumentStreamType><MimeType>${mime}</MimeType><Data>${data.toString('base64')}</Data><DataSize>0</DataSize>` +
      '</DocumentStream></DocumentStreams></document>';
    const created = await post(
      'CreateDocument',
      `<CreateDocument xmlns="${NS}"><parentHandle><RelationshipName>/UserTiles</RelationshipName><Alias><Name>${cidOf(me.guid)}</Name>` +
        `<NameSpace>MyCidStuff</NameSpace></Alias></parentHandle>${doc(tile, 'png')}<relationshipName>Messenger User Tile</relationshipName></CreateDocument>`,
    );
    const docId = at(created, 'Body', 'CreateDocumentResponse', 'CreateDocumentResult')!.text;
    const hex = me.guid.replace(/-/g, '').slice(0, 16).toUpperCase();
    await post(
      'CreateRelationships',
      `<CreateRelationships xmlns="${NS}"><relationships><Relationship><SourceID>${hex}!118</SourceID><SourceType>SubProfile</SourceType>` +
        `<TargetID>${docId}</TargetID><TargetType>Photo</TargetType><RelationshipName>ProfilePhoto</RelationshipName></Relationship></relationships></CreateRelationships>`,
    );
    const shown = async () => (await api('GET', '/api/accounts/me@local/picture')).body as { png: string | null; msnObject: string };
    const waitFor = async (want: (png: Buffer | undefined) => boolean) => {
      for (let i = 0; i < 50; i++) {
        const p = await shown();
        const png = p.png ? Buffer.from(p.png, 'base64') : undefined;
        if (want(png)) return { png, msnObject: p.msnObject };
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.fail('the panel picture never became the tile');
    };
    const first = await waitFor((png) => png?.equals(tile) ?? false);
    assert.equal(first.msnObject, xml, 'the client\'s own MSN object is left as announced');
    assert.equal(((await api('GET', '/api/accounts/me@local')).body as { picture?: string }).picture, sha1(tile));
    assert.deepEqual((await client.quiet(200)).filter((r) => r.line.startsWith('RNG ')), [], 'nothing asked of the client');

    // A new tile, a 200×150 JPEG: the panel picture becomes its 96×96 PNG.
    const jpeg = await image(200, 150, 'image/jpeg');
    await post('UpdateDocument', `<UpdateDocument xmlns="${NS}">${doc(jpeg, 'image/jpeg', `<ResourceID>${docId}</ResourceID>`)}</UpdateDocument>`);
    const second = await waitFor((png) => png !== undefined && !png.equals(tile));
    assert.deepEqual([second.png!.subarray(1, 4).toString(), second.png!.readUInt32BE(16), second.png!.readUInt32BE(20)], ['PNG', 96, 96]);

    // Signed out, the account is panel-driven and keeps that face: its MSN object names the stored picture.
    client.send('OUT');
    await client.waitClosed();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(app.core.pictures.msnObject(me.id), formatMsnObject(pictureObject('me@local', second.png!)));
  } finally {
    await app.cleanup();
  }
});
