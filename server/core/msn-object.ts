// The MSN object: the descriptor of a display picture that rides in presence (CHG/ILN/NLN from
// MSNP9) and that a client names in an MSNSLP INVITE to fetch the picture.
//   <msnobj Creator="bob@x" Size="2391" Type="3" Location="TFR2C2.tmp" Friendly="AAA=" SHA1D="…" SHA1C="…"/>
// SHA1D is the base64 SHA-1 of the picture bytes; SHA1C the base64 SHA-1 of the other fields
// written name-then-value in that order ("Creator" + creator + "Size" + size + …) — the form the
// MSNP9+ clients check (msnpiki "MSN object"; ESC computes it the same way).
import { createHash } from 'node:crypto';

/** Type 3 = display picture (2 emoticon, 5 background, 8 wink). */
export const MSNOBJ_DISPLAY_PICTURE = 3;
/** Where the picture lives on the creator's disk; clients ignore it, but every real object has one. */
const LOCATION = 'TFR2C2.tmp';
/** An empty friendly name: base64 of one UTF-16 NUL, as Messenger writes it for pictures. */
const FRIENDLY = 'AAA=';

export interface MsnObject {
  creator: string;
  size: number;
  type: number;
  location: string;
  friendly: string;
  sha1d: string;
  sha1c: string;
}

function sha1Base64(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('base64');
}

/** The MSN object of a display picture owned by `creator`. */
export function pictureObject(creator: string, picture: Buffer): MsnObject {
  const base = { creator, size: picture.length, type: MSNOBJ_DISPLAY_PICTURE, location: LOCATION, friendly: FRIENDLY, sha1d: sha1Base64(picture) };
  const sha1c = sha1Base64(
    `Creator${base.creator}Size${base.size}Type${base.type}Location${base.location}Friendly${base.friendly}SHA1D${base.sha1d}`,
  );
  return { ...base, sha1c };
}

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The XML, attributes in the order clients write them. */
export function formatMsnObject(o: MsnObject): string {
  return (
    `<msnobj Creator="${xmlAttr(o.creator)}" Size="${o.size}" Type="${o.type}" Location="${xmlAttr(o.location)}" ` +
    `Friendly="${xmlAttr(o.friendly)}" SHA1D="${o.sha1d}" SHA1C="${o.sha1c}"/>`
  );
}

/**
 * Reads an MSN object's attributes (from presence or an INVITE's Context); undefined when it is not
 * one. Values are compared as sent; only the attributes a lookup needs must be there.
 */
export function parseMsnObject(xml: string): { creator: string; type: number; sha1d: string } | undefined {
  const m = /^\s*<msnobj\s([^>]*)\/?>/.exec(xml);
  if (!m) return undefined;
  const attrs = new Map<string, string>();
  for (const a of m[1]!.matchAll(/([A-Za-z0-9]+)="([^"]*)"/g)) attrs.set(a[1]!, unescapeXml(a[2]!));
  const creator = attrs.get('Creator');
  const type = Number(attrs.get('Type'));
  const sha1d = attrs.get('SHA1D');
  if (!creator || !Number.isInteger(type) || !sha1d) return undefined;
  return { creator, type, sha1d };
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The SHA1D an MSN object names (what the panel uses to know a picture changed). */
export function sha1dOf(xml: string): string | undefined {
  return /SHA1D="([^"]+)"/.exec(xml)?.[1];
}
