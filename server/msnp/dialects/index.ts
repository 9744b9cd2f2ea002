// The dialects this server speaks, and VER negotiation: the highest version both sides know.
import type { Dialect } from './dialect';
import { Msnp8 } from './msnp8';
import { Msnp9 } from './msnp9';
import { Msnp10 } from './msnp10';
import { Msnp11 } from './msnp11';
import { Msnp12 } from './msnp12';
import { Msnp13 } from './msnp13';
import { Msnp14 } from './msnp14';
import { Msnp15 } from './msnp15';
import { Msnp16 } from './msnp16';

const DIALECTS: readonly Dialect[] = [
  new Msnp16(), new Msnp15(), new Msnp14(), new Msnp13(), new Msnp12(), new Msnp11(), new Msnp10(), new Msnp9(), new Msnp8(),
];

/** Every dialect, newest first (the protocol dictionary's test walks their commands). */
export const ALL_DIALECTS: readonly Dialect[] = DIALECTS;

export const SUPPORTED_VERSIONS = DIALECTS.map((d) => d.name);

/** "VER 1 MSNP16 MSNP15 CVR0" -> the MSNP16 dialect; undefined when nothing is shared. */
export function negotiate(offered: readonly string[]): Dialect | undefined {
  const names = new Set(offered.map((w) => w.toUpperCase()));
  return DIALECTS.find((d) => names.has(d.name));
}

export type { Dialect } from './dialect';
