// Resource ids of the storage service: "<CID in hex>!<number>", as the service wrote them
// (fact sheet §5.6: profile "<cid>!106", expression profile "<cid>!118"). Documents are numbered
// from 201 so they never meet the two fixed ones.
//   profile 9C1F2E3D4B5A6978!106   expression profile 9C1F2E3D4B5A6978!118   a user tile 9C1F2E3D4B5A6978!203
import type { User } from '../../core/model';

const FIRST_DOCUMENT = 200;

/** The user's CID as 16 upper-case hex digits (the same 64 bits cidOf writes in decimal). */
export function cidHex(user: User): string {
  return user.guid.replace(/[^0-9a-f]/gi, '').slice(0, 16).padEnd(16, '0').toUpperCase();
}

export const profileId = (user: User) => `${cidHex(user)}!106`;
export const expressionProfileId = (user: User) => `${cidHex(user)}!118`;
export const documentResourceId = (user: User, id: number) => `${cidHex(user)}!${FIRST_DOCUMENT + id}`;

/** The document number behind a resource id of this user's, or undefined. */
export function documentIdOf(user: User, resourceId: string): number | undefined {
  const m = /^([0-9A-F]{16})!(\d{1,12})$/i.exec(resourceId.trim());
  if (!m || m[1]!.toUpperCase() !== cidHex(user)) return undefined;
  const n = Number(m[2]) - FIRST_DOCUMENT;
  return n >= 1 ? n : undefined;
}

export { imageMimeType } from '../../core/roaming-profile';
