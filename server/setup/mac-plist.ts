// The Messenger for Mac preferences tool: reads a dropped com.microsoft.Messenger.plist (XML with
// the plist library, binary with bplist-parser/bplist-creator), lists every value that names a
// Microsoft server, and gives back the same plist with only those values pointed here, plus the
// Terminal commands that make the same change by hand. The key names Messenger uses ("NS Server",
// "ABCH Server", "Gateway Server" per the Mac write-up) are not documented, so values are found
// by what they say, not by their keys.
//
// Round trip: every other value comes back equal as data. Formatting is the library's (XML), and
// a real with a whole-number value (2.0) is written back as an integer (neither library keeps the
// difference); CFPreferences reads either as the same number.
import { build as buildXml, parse as parseXml, type PlistValue } from 'plist';
import { parseBuffer } from 'bplist-parser';
import bplistCreator from 'bplist-creator';
import type { ClientFamilyId, PlistInspection, PlistServerValue } from '../panel/setup-types';
import type { PatchTarget } from './hex-patch';
import { rewriteServerValue } from './server-values';
import { SetupInputError } from './input-error';
import { describeExecutable } from './macho';
import { bplistGraphProblem } from './bplist-guard';
import { PLIST_NAME, plistLocation } from './plist-location';

export { PLIST_NAME, plistLocation };

type Tree = PlistValue | Buffer | { UID: number } | null;

export function inspectMacPlist(bytes: Buffer, family: ClientFamilyId, target: PatchTarget): PlistInspection {
  const { format, tree } = readPlist(bytes);
  const values: PlistServerValue[] = [];
  const fixedTree = rewrite(tree, [], target, values);
  const where = plistLocation(family);
  if (values.length === 0) {
    return {
      format,
      values,
      commands: [],
      install: [],
      message:
        'No value in this file names a Microsoft server, so there is nothing to change and no file was made. ' +
        'Messenger fills this cache the first time it signs in; if it has never signed in on that Mac, that is why.',
    };
  }
  const fixed = format === 'xml' ? Buffer.from(buildXml(fixedTree as PlistValue)) : writeBinary(fixedTree);
  return {
    format,
    values,
    fixed: { name: PLIST_NAME, mime: format === 'xml' ? 'application/xml' : 'application/octet-stream', base64: fixed.toString('base64') },
    commands: commandsFor(values, where),
    install: [
      'Quit Messenger (it writes its preferences when it quits).',
      `Keep the old file: cp ${where.path} ~/Desktop/${PLIST_NAME}.old`,
      `Put the fixed one in its place: cp ~/Downloads/${PLIST_NAME} ${where.path}`,
      'On OS X 10.9 and later, make the system re-read it: killall cfprefsd',
    ],
    message: `${values.length} ${values.length === 1 ? 'value names' : 'values name'} a Microsoft server; the fixed file points ${values.length === 1 ? 'it' : 'them'} at ${target.host} and changes nothing else.`,
  };
}

function readPlist(bytes: Buffer): { format: 'xml' | 'binary'; tree: Tree } {
  if (bytes.length === 0) throw new SetupInputError('The file is empty: that is not a property list.');
  if (bytes.subarray(0, 8).toString('latin1') === 'bplist00') {
    const problem = bplistGraphProblem(bytes);
    if (problem) throw new SetupInputError(`This binary property list is damaged and was not read: ${problem}.`);
    try {
      return { format: 'binary', tree: parseBuffer(bytes)[0] as Tree };
    } catch (e) {
      throw new SetupInputError(`This binary property list is damaged and could not be read (${(e as Error).message}).`);
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!/^\s*(<\?xml|<!DOCTYPE plist|<plist)/.test(text)) {
    if (describeExecutable(bytes).kind) throw new SetupInputError('This is a program, not a property list: drop it on the hex patch tool below instead.');
    throw new SetupInputError(`This is not a property list (.plist): it starts neither with "bplist00" nor with XML. Look for ${PLIST_NAME} in the folder named above.`);
  }
  try {
    return { format: 'xml', tree: parseXml(text) as Tree };
  } catch (e) {
    throw new SetupInputError(`This XML is not a property list Butterfly can read (${(e as Error).message}).`);
  }
}

/** A copy of the tree with server values rewritten; each change is added to `found`. */
function rewrite(node: Tree, path: string[], t: PatchTarget, found: PlistServerValue[]): Tree {
  if (typeof node === 'string') {
    const now = rewriteServerValue(node, path[path.length - 1] ?? '', t);
    if (now === undefined || now === node) return node;
    found.push({ keyPath: path, old: node, new: now });
    return now;
  }
  if (Array.isArray(node)) return node.map((v, i) => rewrite(v as Tree, [...path, String(i)], t, found)) as Tree;
  if (node && typeof node === 'object' && !(node instanceof Date) && !(node instanceof Uint8Array) && !isUid(node)) {
    const out: Record<string, Tree> = {};
    for (const [k, v] of Object.entries(node)) out[k] = rewrite(v as Tree, [...path, k], t, found);
    return out as Tree;
  }
  return node;
}

function isUid(n: object): n is { UID: number } {
  return Object.keys(n).length === 1 && typeof (n as { UID?: unknown }).UID === 'number';
}

function writeBinary(tree: Tree): Buffer {
  try {
    return bplistCreator(tree as Record<string, unknown>);
  } catch (e) {
    throw new SetupInputError(`This plist holds a value that cannot be written back in binary form (${(e as Error).message}); use the commands instead.`);
  }
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function commandsFor(values: PlistServerValue[], where: { path: string; domain: string }): string[] {
  const file = where.path.replace(/^~/, '"$HOME"');
  const out = ['# Quit Messenger first: it writes its preferences when it quits.'];
  for (const v of values) {
    if (v.keyPath.length === 1) {
      out.push(`defaults write ${where.domain} ${sq(v.keyPath[0]!)} -string ${sq(v.new)}`);
    } else {
      // defaults cannot reach inside a dictionary or array: plutil (10.9+) or PlistBuddy (10.5+) can.
      out.push(`plutil -replace ${sq(v.keyPath.join('.'))} -string ${sq(v.new)} ${file}`);
      out.push(`/usr/libexec/PlistBuddy -c ${sq(`Set :${v.keyPath.join(':')} ${v.new}`)} ${file}   # before 10.9`);
    }
  }
  out.push('killall cfprefsd   # OS X 10.9 and later, so the change is not overwritten from memory');
  return out;
}
