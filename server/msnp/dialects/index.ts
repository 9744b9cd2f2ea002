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
import { Msnp2 } from './msnp2';
import { Msnp3 } from './msnp3';
import { Msnp4 } from './msnp4';
import { Msnp5 } from './msnp5';
import { Msnp6 } from './msnp6';
import { Msnp7 } from './msnp7';

import { Msnp17 } from './msnp17';
import { Msnp18 } from './msnp18';

const DIALECTS: readonly Dialect[] = [
  new Msnp18(), new Msnp17(), new Msnp16(), new Msnp15(), new Msnp14(), new Msnp13(), new Msnp12(), new Msnp11(), new Msnp10(), new Msnp9(), new Msnp8(),
  new Msnp7(), new Msnp6(), new Msnp5(), new Msnp4(), new Msnp3(), new Msnp2(),
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
