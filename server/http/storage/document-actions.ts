// Documents and relationships of the storage service: how a client uploads its picture and makes it
// the profile's photo (MSNPSharp 2.5.8 StorageService.CreateProfile; WLM 8.5/2009 the same sequence):
//   CreateDocument  <parentHandle><RelationshipName>/UserTiles</RelationshipName>…</parentHandle>
//                   <document xsi:type="Photo"><Name>me</Name><DocumentStreams><DocumentStream xsi:type="PhotoStream">
//                   <DocumentStreamType>UserTileStatic</DocumentStreamType><MimeType>png</MimeType><Data>base64</Data>…
//                   -> <CreateDocumentResult>9C1F…!201</CreateDocumentResult>
//   CreateRelationships  <Relationship><SourceID>9C1F…!118</SourceID><SourceType>SubProfile</SourceType>
//                   <TargetID>9C1F…!201</TargetID><TargetType>Photo</TargetType><RelationshipName>ProfilePhoto</RelationshipName>
//   UpdateDocument  a new stream for an existing document;  FindDocuments  the account's documents;
//   DeleteRelationships  <sourceHandle>…</sourceHandle><targetHandles><ObjectHandle><ResourceID>…
import { CoreError } from '../../core/errors';
import { RoamingProfile } from '../../core/roaming-profile';
import { childrenNamed, path, type XmlElement } from '../../xml/xml';
import { el, type SoapReply } from '../soap/envelope';
import { storageFault, storageOk } from './storage-envelope';
import { documentIdOf, documentResourceId, expressionProfileId, profileId } from './storage-ids';
import type { StorageRequest } from './profile-actions';

/** Relationships one request may create or delete. */
const MAX_RELATIONSHIPS = 16;

interface Stream {
  streamType: string;
  mimeType: string;
  data: Buffer;
}

/** The first stream of a <document>, its Data decoded; a reason when it is unusable. */
function firstStream(doc: XmlElement | undefined): Stream | string {
  const stream = childrenNamed(path(doc, 'DocumentStreams'), 'DocumentStream')[0];
  if (!stream) return 'the document has no DocumentStream';
  const b64 = path(stream, 'Data')?.text.replace(/\s+/g, '') ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return 'the stream Data is not base64';
  return {
    streamType: path(stream, 'DocumentStreamType')?.text.trim() || 'UserTileStatic',
    mimeType: path(stream, 'MimeType')?.text.trim() || 'png',
    data: Buffer.from(b64, 'base64'),
  };
}

/** The profile's photo may be new: the account's picture in the panel follows it (core/client-pictures.ts). */
function photoChanged(r: StorageRequest): void {
  const photo = RoamingProfile.of(r.core).photoOf(r.user.id);
  if (photo) void r.core.clientPictures.tileStored(r.user, photo.data);
}

function refused(e: unknown): SoapReply {
  if (e instanceof CoreError) return storageFault(e.code === 'list-full' ? 'QuotaExceeded' : 'BadArgument', e.message);
  throw e;
}

export function createDocument(r: StorageRequest): SoapReply {
  const doc = path(r.body, 'document');
  const stream = firstStream(doc);
  if (typeof stream === 'string') return storageFault('BadArgument', `CreateDocument refused: ${stream}.`);
  const name = (path(doc, 'Name')?.text.trim() || 'Messenger User Tile').slice(0, 200);
  try {
    const id = RoamingProfile.of(r.core).addDocument(r.user, { name, ...stream });
    photoChanged(r);
    return storageOk(
      `<CreateDocumentResponse xmlns="${r.ns}">${el('CreateDocumentResult', documentResourceId(r.user, id))}</CreateDocumentResponse>`,
      r.user.guid,
      r.ns,
    );
  } catch (e) {
    return refused(e);
  }
}

export function updateDocument(r: StorageRequest): SoapReply {
  const doc = path(r.body, 'document');
  const resourceId = path(doc, 'ResourceID')?.text ?? '';
  const id = documentIdOf(r.user, resourceId);
  const stream = firstStream(doc);
  if (typeof stream === 'string') return storageFault('BadArgument', `UpdateDocument refused: ${stream}.`);
  try {
    if (id === undefined || !RoamingProfile.of(r.core).replaceDocument(r.user, id, stream)) {
      return storageFault('ItemDoesNotExist', `The document ${resourceId.slice(0, 40)} does not exist.`);
    }
  } catch (e) {
    return refused(e);
  }
  photoChanged(r);
  return storageOk(`<UpdateDocumentResponse xmlns="${r.ns}"/>`, r.user.guid, r.ns);
}

/** Every document of the caller's, newest last; "does not exist" when there are none (then clients create one). */
export function findDocuments(r: StorageRequest): SoapReply {
  const docs = RoamingProfile.of(r.core).store.documents(r.user.id);
  if (docs.length === 0) return storageFault('ItemDoesNotExist', 'No document exists in /UserTiles yet.');
  const items = docs
    .map((d) => `<Document xsi:type="Photo">${el('ResourceID', documentResourceId(r.user, d.id))}${el('Name', d.name)}</Document>`)
    .join('');
  return storageOk(`<FindDocumentsResponse xmlns="${r.ns}"><FindDocumentsResult>${items}</FindDocumentsResult></FindDocumentsResponse>`, r.user.guid, r.ns);
}

/** The ids a relationship may join: the caller's profile items and documents. */
function ownsItem(r: StorageRequest, id: string): boolean {
  return id === profileId(r.user) || id === expressionProfileId(r.user) || documentIdOf(r.user, id) !== undefined;
}

export function createRelationships(r: StorageRequest): SoapReply {
  const items = childrenNamed(path(r.body, 'relationships'), 'Relationship');
  if (items.length === 0 || items.length > MAX_RELATIONSHIPS) {
    return storageFault('BadArgument', `CreateRelationships needs 1 to ${MAX_RELATIONSHIPS} relationships, not ${items.length}.`);
  }
  const rels = items.map((x) => ({
    sourceId: path(x, 'SourceID')?.text.trim() ?? '',
    targetId: path(x, 'TargetID')?.text.trim() ?? '',
    name: path(x, 'RelationshipName')?.text.trim() ?? '',
  }));
  const bad = rels.find((x) => !x.name || !ownsItem(r, x.sourceId) || !ownsItem(r, x.targetId));
  if (bad) {
    return storageFault('ItemDoesNotExist', `A relationship names an item that does not exist: ${bad.sourceId || '(none)'} -> ${bad.targetId || '(none)'}.`);
  }
  const profile = RoamingProfile.of(r.core);
  profile.store.atomically(() => {
    for (const x of rels) profile.store.relate(r.user.id, x);
  });
  photoChanged(r);
  return storageOk(`<CreateRelationshipsResponse xmlns="${r.ns}"/>`, r.user.guid, r.ns);
}

/** The source is named by ResourceID, or as "MyProfile"/"/UserTiles" by relationship name (the expression profile). */
export function deleteRelationships(r: StorageRequest): SoapReply {
  const source = path(r.body, 'sourceHandle');
  const sourceId = path(source, 'ResourceID')?.text.trim() || expressionProfileId(r.user);
  const targets = childrenNamed(path(r.body, 'targetHandles'), 'ObjectHandle')
    .map((h) => path(h, 'ResourceID')?.text.trim() ?? '')
    .filter(Boolean)
    .slice(0, MAX_RELATIONSHIPS);
  if (targets.length === 0) return storageFault('BadArgument', 'DeleteRelationships names no target (targetHandles/ObjectHandle/ResourceID).');
  const removed = RoamingProfile.of(r.core).store.unrelate(r.user.id, sourceId, targets);
  if (removed === 0) return storageFault('ItemDoesNotExist', `No relationship from ${sourceId} to ${targets.join(', ')} exists.`);
  return storageOk(`<DeleteRelationshipsResponse xmlns="${r.ns}"/>`, r.user.guid, r.ns);
}
