// The Messenger for Mac plist tool: XML and binary round trips in which only the values naming
// a Microsoft server change, the commands that do the same by hand, and clear refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build as buildXml, parse as parseXml } from 'plist';
import bplistCreator from 'bplist-creator';
import { parseBuffer } from 'bplist-parser';
import { inspectMacPlist, plistLocation } from './mac-plist';
import { SetupInputError } from './input-error';
import { syntheticMessengerBinary } from '../test-support/synthetic-macho';

const TARGET = { host: '192.168.1.20', nsPort: 1863, httpPort: 80, httpsPort: 443 };

/** A Messenger-like preferences file: cached servers among ordinary preferences. */
function prefs(): Record<string, any> {
  return {
    'NS Server': 'messenger.hotmail.com:1863',
    'ABCH Server': 'https://contacts.msn.com/abservice/abservice.asmx',
    'Gateway Server': 'gateway.messenger.hotmail.com',
    'Last NS Server': '207.46.104.20:1863',
    'Login Name': 'someone@hotmail.com',
    'Window Frame': '{{120, 300}, {260, 540}}',
    'Show Offline Contacts': true,
    'Launch Count': 42,
    Volume: 0.75,
    'Last Launch': new Date('2009-06-01T10:00:00Z'),
    Accounts: [{ Name: 'me@local', 'Passport Nexus': 'https://nexus.passport.com/rdr/pprdr.asp' }, { Name: 'other@local' }],
    Sounds: { Online: 'Ding', Server: '64.4.13.58' },
  };
}

function changedPaths(a: unknown, b: unknown, path: string[] = [], out: string[] = []): string[] {
  if (a && typeof a === 'object' && !(a instanceof Date) && !(a instanceof Uint8Array)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    for (const k of keys) changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)?.[k], [...path, k], out);
  } else {
    const same =
      a instanceof Date ? a.getTime() === (b as Date)?.getTime?.() : a instanceof Uint8Array ? b instanceof Uint8Array && Buffer.compare(a, b) === 0 : a === b;
    if (!same) out.push(path.join('/'));
  }
  return out;
}

const EXPECTED_CHANGES = [
  'NS Server',
  'ABCH Server',
  'Gateway Server',
  'Last NS Server',
  'Accounts/0/Passport Nexus',
  'Sounds/Server',
];

test('XML plist: only the server values change, and the commands match', () => {
  const original = Buffer.from(buildXml(prefs()));
  const r = inspectMacPlist(original, 'mac-8', TARGET);
  assert.equal(r.format, 'xml');
  assert.deepEqual(r.values.map((v) => v.keyPath.join('/')).sort(), [...EXPECTED_CHANGES].sort());
  const fixed = parseXml(Buffer.from(r.fixed!.base64, 'base64').toString()) as Record<string, unknown>;
  assert.deepEqual(changedPaths(parseXml(original.toString()), fixed).sort(), [...EXPECTED_CHANGES].sort());
  assert.equal(fixed['NS Server'], '192.168.1.20:1863');
  assert.equal(fixed['ABCH Server'], 'https://192.168.1.20/abservice/abservice.asmx');
  assert.equal(fixed['Last NS Server'], '192.168.1.20:1863');
  assert.equal((fixed.Accounts as Record<string, string>[])[0]!['Passport Nexus'], 'https://192.168.1.20/rdr/pprdr.asp');
  assert.equal(fixed['Login Name'], 'someone@hotmail.com', 'an e-mail address is not a server');
  assert.match(r.commands.join('\n'), /^defaults write com\.microsoft\.Messenger 'NS Server' -string '192\.168\.1\.20:1863'$/m);
  assert.match(r.commands.join('\n'), /^plutil -replace 'Accounts\.0\.Passport Nexus' -string 'https:\/\/192\.168\.1\.20\/rdr\/pprdr\.asp' "\$HOME"\/Library\/Preferences\/com\.microsoft\.Messenger\.plist$/m);
  assert.match(r.commands.join('\n'), /PlistBuddy -c 'Set :Sounds:Server 192\.168\.1\.20'/);
  assert.match(r.commands.at(-1)!, /killall cfprefsd/);
});

test('binary plist: only the server values change; types survive; 6/7 commands use their folder', () => {
  const original = bplistCreator({ ...prefs(), Avatar: Buffer.from([0, 1, 2, 250]), Scale: new bplistCreator.Real(1.5) });
  const r = inspectMacPlist(original, 'mac-6-7', { ...TARGET, httpsPort: 8443 });
  assert.equal(r.format, 'binary');
  const fixedBytes = Buffer.from(r.fixed!.base64, 'base64');
  assert.equal(fixedBytes.subarray(0, 8).toString(), 'bplist00');
  const before = parseBuffer(original)[0];
  const after = parseBuffer(fixedBytes)[0];
  assert.deepEqual(changedPaths(before, after).sort(), [...EXPECTED_CHANGES].sort());
  assert.deepEqual(after.Avatar, Buffer.from([0, 1, 2, 250]));
  assert.equal(after['Last Launch'].toISOString(), '2009-06-01T10:00:00.000Z');
  assert.equal(after.Scale, 1.5);
  assert.equal(after['ABCH Server'], 'https://192.168.1.20:8443/abservice/abservice.asmx', 'a non-default HTTPS port is written into URLs');
  assert.equal(plistLocation('mac-6-7').path, '~/Library/Preferences/Microsoft/com.microsoft.Messenger.plist');
  assert.match(r.commands.join('\n'), /^defaults write ~\/Library\/Preferences\/Microsoft\/com\.microsoft\.Messenger 'Gateway Server' -string '192\.168\.1\.20'$/m);
  assert.ok(r.install.some((s) => s.includes('~/Library/Preferences/Microsoft/com.microsoft.Messenger.plist')));
});

test('bad input: not a plist, a program, a damaged binary plist, no server values', () => {
  assert.throws(() => inspectMacPlist(Buffer.from('hello, this is a text file'), 'mac-8', TARGET), (e: unknown) => e instanceof SetupInputError && /not a property list/.test((e as Error).message));
  assert.throws(() => inspectMacPlist(syntheticMessengerBinary().buf, 'mac-8', TARGET), /a program, not a property list: drop it on the hex patch tool/);
  assert.throws(() => inspectMacPlist(Buffer.from('bplist00\x00\x01garbage', 'latin1'), 'mac-8', TARGET), /damaged/);
  assert.throws(() => inspectMacPlist(Buffer.from('<?xml version="1.0"?><html></html>'), 'mac-8', TARGET), SetupInputError);
  assert.throws(() => inspectMacPlist(Buffer.alloc(0), 'mac-8', TARGET), /empty/);
  // Crafted graphs: an array that contains itself, and 40 levels of [x, x] (2^40 values once expanded).
  assert.throws(() => inspectMacPlist(handMadeBplist([[0xa1, 0]]), 'mac-8', TARGET), /damaged and was not read: it contains itself/);
  const levels = Array.from({ length: 40 }, (_, k) => [0xa2, k + 1, k + 1]);
  assert.throws(() => inspectMacPlist(handMadeBplist([...levels, [0x10, 0]]), 'mac-8', TARGET), /would expand to more than/);
  const none = inspectMacPlist(Buffer.from(buildXml({ 'Show Offline Contacts': true, Name: 'me' })), 'mac-8', TARGET);
  assert.deepEqual(none.values, []);
  assert.equal(none.fixed, undefined);
  assert.match(none.message, /No value in this file names a Microsoft server/);
});

/** A binary plist from raw objects (1-byte offsets and references), object 0 on top. */
function handMadeBplist(objects: number[][]): Buffer {
  const body: number[] = [];
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(8 + body.length);
    body.push(...o);
  }
  const tableAt = 8 + body.length;
  const trailer = Buffer.alloc(32);
  trailer[6] = 1;
  trailer[7] = 1;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(tableAt), 24);
  return Buffer.concat([Buffer.from('bplist00'), Buffer.from(body), Buffer.from(offsets), trailer]);
}
