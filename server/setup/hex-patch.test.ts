// The hex patch on synthetic Messenger-like binaries: every name is found at its offset (ASCII,
// UTF-16 in each slice's byte order, inside URLs), the patched copy differs only inside the edits,
// keeps its length, leaves the original alone, and refuses what does not fit with the hosts-file advice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticBinaryWithoutNames, syntheticMessengerBinary } from '../test-support/synthetic-macho';
import { MICROSOFT_HOSTS } from '../tls/hostnames';
import { applyEdits, planHexPatch, sha1 } from './hex-patch';
import { patchMacBinary } from './mac-binary';
import { describeExecutable } from './macho';
import { SetupInputError } from './input-error';

const TARGET = { host: '192.168.1.20', nsPort: 1863, httpPort: 80, httpsPort: 443 };

test('every name is found once, at its offset, in its encoding; decoys are not', () => {
  const { buf, names } = syntheticMessengerBinary();
  assert.equal(describeExecutable(buf).kind, 'Mach-O universal binary (ppc, i386)');
  const plan = planHexPatch(buf, MICROSOFT_HOSTS, TARGET);
  assert.deepEqual(
    plan.occurrences.map((o) => [o.host, o.encoding, o.offset]),
    names.map((n) => [n.host, n.encoding, n.offset]),
  );
  // The PowerPC slice's UTF-16 is big-endian, the Intel one's little-endian.
  assert.deepEqual([...new Set(plan.occurrences.filter((o) => o.encoding !== 'ascii').map((o) => o.encoding))], ['utf16be', 'utf16le']);
});

test('the patched copy keeps its length and differs from the original only inside the edits', () => {
  const { buf } = syntheticMessengerBinary();
  const before = sha1(buf);
  const plan = planHexPatch(buf, MICROSOFT_HOSTS, TARGET);
  const patched = applyEdits(buf, plan.edits);
  assert.equal(patched.length, buf.length);
  assert.equal(sha1(buf), before, 'the original buffer is untouched');
  const inEdit = (i: number) => plan.edits.some((e) => i >= e.offset && i < e.offset + e.old.length);
  for (let i = 0; i < buf.length; i++) if (buf[i] !== patched[i]) assert.ok(inEdit(i), `byte ${i} changed outside every edit`);
  for (const e of plan.edits) {
    assert.deepEqual(buf.subarray(e.offset, e.offset + e.old.length), e.old);
    assert.deepEqual(patched.subarray(e.offset, e.offset + e.new.length), e.new);
    assert.equal(e.old.length, e.new.length);
  }
  // What a program reading the C strings now sees.
  const cstring = (at: number) => patched.subarray(at, patched.indexOf(0, at)).toString('latin1');
  const byHost = (h: string, enc = 'ascii') => plan.occurrences.filter((o) => o.host === h && o.encoding === enc);
  for (const o of byHost('messenger.hotmail.com')) assert.match(cstring(o.textStart), /^192\.168\.1\.20(:1863)?$/);
  for (const o of byHost('nexus.passport.com')) assert.equal(cstring(o.textStart), 'https://192.168.1.20/rdr/pprdr.asp');
  for (const o of byHost('config.messenger.msn.com')) assert.equal(cstring(o.textStart), 'http://192.168.1.20/Config/MsgrConfig.asmx');
  // The padding is NULs up to the old terminator, and the next string starts where it did.
  const gw = byHost('gateway.messenger.hotmail.com')[0]!;
  assert.deepEqual(patched.subarray(gw.offset + 12, gw.terminator + 1), Buffer.alloc(gw.terminator + 1 - gw.offset - 12));
  assert.equal(patched.subarray(gw.terminator + 1, gw.terminator + 8).toString('latin1'), 'http://');
  // UTF-16, both byte orders.
  for (const o of plan.occurrences.filter((x) => x.host === 'login.live.com')) {
    const text = patched.subarray(o.textStart, o.terminator);
    const s = o.encoding === 'utf16le' ? text.toString('utf16le') : Buffer.from(text).swap16().toString('utf16le');
    assert.equal(s.replace(/\0+$/, ''), 'https://192.168.1.20/RST.srf');
  }
});

test('a longer replacement is refused with the hosts-file advice; so is a shorter one outside a C string', () => {
  const { buf } = syntheticMessengerBinary();
  const plan = planHexPatch(buf, MICROSOFT_HOSTS, TARGET);
  const short = plan.occurrences.filter((o) => o.host === 'g.msn.com');
  assert.equal(short.length, 2);
  for (const o of short) {
    assert.match(o.refused!, /longer than “g\.msn\.com”/);
    assert.match(o.refused!, /hosts file/);
    assert.equal(o.edit, undefined);
  }
  const inData = plan.occurrences.filter((o) => o.host === 'login.passport.com');
  for (const o of inData) assert.match(o.refused!, /not inside a NUL-terminated text string.*hosts file/);
  const patched = applyEdits(buf, plan.edits);
  for (const o of [...short, ...inData]) assert.deepEqual(patched.subarray(o.offset, o.offset + o.byteLength), buf.subarray(o.offset, o.offset + o.byteLength));

  // A long host name does not fit most strings at all.
  const long = planHexPatch(buf, MICROSOFT_HOSTS, { ...TARGET, host: 'butterfly-server.home.example.lan' });
  assert.ok(long.occurrences.filter((o) => o.host === 'messenger.hotmail.com').every((o) => /longer than/.test(o.refused ?? '')));
});

test('ports: written into URLs when not the default, warned about for bare names', () => {
  const { buf } = syntheticMessengerBinary();
  const plan = planHexPatch(buf, MICROSOFT_HOSTS, { host: '10.0.0.5', nsPort: 1864, httpPort: 8080, httpsPort: 8443 });
  const after = (h: string) => plan.occurrences.find((o) => o.host === h && o.encoding === 'ascii')!.after!.replace(/\0+$/, '');
  assert.equal(after('nexus.passport.com'), 'https://10.0.0.5:8443/rdr/pprdr.asp');
  assert.equal(after('config.messenger.msn.com'), 'http://10.0.0.5:8080/Config/MsgrConfig.asmx');
  assert.ok(plan.occurrences.some((o) => o.after?.startsWith('10.0.0.5:1864')), 'an explicit :1863 becomes the NS port');
  assert.ok(plan.warnings.some((w) => /port 1863.*--ns-port 1863/.test(w)));
  const bare = plan.warnings.filter((w) => /cannot carry a port/.test(w));
  assert.equal(bare.length, 1, 'one warning for all the bare names');
  assert.match(bare[0]!, /^Bare names \(gateway\.messenger\.hotmail\.com, .*\) cannot carry a port.*HTTPS 8443 and HTTP 8080\. Start Butterfly with --https-port 443 --http-port 80/);
});

test('the tool: result, instructions and a copy; a binary without names or a bad target makes nothing', () => {
  const { buf, names } = syntheticMessengerBinary();
  const r = patchMacBinary(buf, 'Microsoft Messenger', TARGET);
  assert.equal(r.file.size, buf.length);
  assert.equal(r.occurrences.length, names.length);
  const patched = Buffer.from(r.patched!.base64, 'base64');
  assert.equal(patched.length, buf.length);
  const text = Buffer.from(r.instructions!.base64, 'base64').toString();
  for (const o of r.occurrences.filter((x) => x.edit)) {
    assert.ok(text.includes(`0x${o.edit!.offset.toString(16).toUpperCase().padStart(8, '0')} (${o.edit!.offset})`), `offset ${o.edit!.offset} in the instructions`);
    assert.ok(text.replace(/\s+/g, ' ').includes(o.edit!.old.match(/../g)!.join(' ').slice(0, 40)));
  }
  assert.match(text, /codesign --remove-signature/);
  assert.match(text, /codesign --force --deep --sign -/);
  assert.match(text, /UNDO/);
  assert.match(text, /NOT PATCHED[\s\S]*g\.msn\.com/);
  assert.match(r.message, /patched to 192\.168\.1\.20, the file keeps its \d+ bytes\. 4 names could not be replaced/);

  const none = patchMacBinary(syntheticBinaryWithoutNames(), 'Helper', TARGET);
  assert.equal(none.patched, undefined);
  assert.equal(none.instructions, undefined);
  assert.match(none.message, /No Microsoft server name was found in Helper.*no file was made/);

  const notMac = patchMacBinary(Buffer.from('just some text messenger.hotmail.com\0'), 'notes.txt', TARGET);
  assert.match(notMac.warnings[0]!, /not a Mac program/);
  assert.throws(() => patchMacBinary(buf, 'x', { ...TARGET, host: 'bad host!' }), SetupInputError);
  assert.throws(() => patchMacBinary(Buffer.alloc(0), 'x', TARGET), /empty/);
});
