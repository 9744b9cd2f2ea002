// The user tile: a stored picture served over plain HTTP at the URL GetProfile hands out
// (PreAuthURL / StaticUserTilePublicURL). Tiles are public, as contacts' pictures were; the
// ticket MSNPSharp appends ("?t=…") is not needed.
//   GET /storage/usertile/9C1F2E3D4B5A6978!201/static   ->   200 image/png <bytes>
import type { User } from '../../core/model';
import { RoamingProfile } from '../../core/roaming-profile';
import type { Core } from '../../core/core';
import type { HttpExchange } from '../exchange';
import { cidHex, documentIdOf, documentResourceId, imageMimeType } from './storage-ids';

export const USER_TILE_PREFIX = '/storage/usertile/';

export function userTileUrl(httpBase: string, user: User, documentId: number): string {
  return `${httpBase}${USER_TILE_PREFIX}${documentResourceId(user, documentId)}/static`;
}

export function handleUserTile(ex: HttpExchange, core: Core): void {
  const m = /^\/storage\/usertile\/([0-9a-f]{16})!(\d{1,12})\/(static|small)$/i.exec(ex.rawPath);
  const store = RoamingProfile.of(core).store;
  const resourceId = m ? `${m[1]}!${m[2]}` : '';
  // The document number alone finds it; the CID part must then be its owner's.
  const guess = m ? Number(m[2]) - 200 : 0;
  const doc = guess >= 1 ? store.document(guess) : undefined;
  const owner = doc ? core.users.byId(doc.userId) : undefined;
  if (!doc || !owner || m![1]!.toUpperCase() !== cidHex(owner) || documentIdOf(owner, resourceId) !== doc.id) {
    ex.note(`no user tile at ${ex.rawPath.slice(0, 120)}`);
    ex.reply(404, [['Content-Type', 'text/plain; charset=utf-8']], 'No such picture on this server (it may have been replaced; ask for the profile again).\n');
    return;
  }
  ex.setAccount(owner.email);
  const headers: [string, string][] = [['Content-Type', imageMimeType(doc.mimeType)], ['Cache-Control', 'no-cache']];
  ex.reply(200, headers, ex.method === 'HEAD' ? '' : doc.data);
}
