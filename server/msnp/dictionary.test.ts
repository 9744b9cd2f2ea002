// The protocol dictionary covers the protocol this server speaks: every verb any dialect or the
// switchboard accepts, every verb the server writes, and every error code it answers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_DIALECTS } from './dialects/index';
import { SB_AUTH_COMMANDS } from './sb/sb-auth-commands';
import { SB_CHAT_COMMANDS } from './sb/sb-chat-commands';
import { ERRORS, VERBS, explainLine } from './dictionary';

const here = import.meta.dirname;

/** The server's own source files under server/msnp (tests left out). */
function sources(dir = here, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sources(full, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'dictionary.ts') out.push(full);
  }
  return out;
}

test('every verb a dialect or the switchboard accepts has a dictionary entry', () => {
  const accepted = new Map<string, string>();
  for (const d of ALL_DIALECTS) for (const v of d.commands) accepted.set(v, d.name);
  for (const v of Object.keys({ ...SB_AUTH_COMMANDS, ...SB_CHAT_COMMANDS })) accepted.set(v, 'switchboard');
  assert.ok(accepted.size > 20, 'the dialects were found');
  const missing = [...accepted].filter(([v]) => !VERBS[v]).map(([v, where]) => `${v} (${where})`);
  assert.deepEqual(missing, [], 'add one line per verb to VERBS in server/msnp/dictionary.ts');
});

test('every verb the server writes at the start of a line has an entry', () => {
  // Lines the server builds look like `RNG ${…}`, 'ILN ', "UBX …": a template or string opening with a verb.
  const written = new Set<string>();
  for (const file of sources()) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/[`'"]([A-Z]{3}) (?:\$\{|[^`'"\n]*[`'"])/g)) written.add(m[1]!);
  }
  for (const v of ['ILN', 'NLN', 'FLN', 'RNG', 'JOI', 'IRO', 'BYE', 'ACK']) assert.ok(written.has(v), `found ${v} in the sources`);
  const missing = [...written].filter((v) => !VERBS[v] && !NOT_VERBS.has(v));
  assert.deepEqual(missing, [], 'add one line per verb to VERBS in server/msnp/dictionary.ts');
});
/** Three capitals at the start of a string that are not MSNP verbs (list names, statuses, TLS words, source names such as ESC = Escargot in comments, P2P v2's TLV). */
const NOT_VERBS = new Set(['TWN', 'SSO', 'MD5', 'NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN', 'MFN', 'MOB', 'MBE', 'WWE', 'PHH', 'PHW', 'PHM', 'GET', 'PUT', 'CVQ', 'RSA', 'DES', 'SHA', 'TLS', 'SSL', 'XML', 'API', 'CRT', 'PEM', 'DER', 'MSN', 'ESC', 'TLV']);

test('every error code the server answers with has an entry', () => {
  const codes = new Set<string>();
  for (const file of sources()) {
    const text = fs.readFileSync(file, 'utf8');
    // s.conn.error(911, …), error(e.code === 'x' ? 209 : 201, …), refusals { code: 217, … }, code tables 'list-full': 210.
    for (const m of text.matchAll(/error\(([^,]*),/g)) for (const c of m[1]!.matchAll(/\b([2-9]\d\d)\b/g)) codes.add(c[1]!);
    for (const m of text.matchAll(/\bcode: ([2-9]\d\d)\b/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/'[a-z-]+': ([2-9]\d\d),/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/RefusedWith\(([^,]*),/g)) for (const c of m[1]!.matchAll(/\b([2-9]\d\d)\b/g)) codes.add(c[1]!);
  }
  for (const c of ['201', '911', '540', '715']) assert.ok(codes.has(c), `found ${c} in the sources`);
  const missing = [...codes].filter((c) => !ERRORS[c]).sort();
  assert.deepEqual(missing, [], 'add one line per code to ERRORS in server/msnp/dictionary.ts');
});

test('a line is explained by its verb, or by its error code; the switchboard has its own meanings', () => {
  assert.deepEqual(explainLine('NS', '911 3'), { title: 'Error 911', meaning: ERRORS['911'], error: true });
  assert.equal(explainLine('NS', 'RNG 11752013 127.0.0.1:1864 CKI 849102291.520491113 me@local Me')?.title, 'RNG · Ring');
  assert.match(explainLine('SB', 'MSG 4 N 120')!.meaning, /conversation/);
  assert.match(explainLine('NS', 'MSG Hotmail Hotmail 450')!.meaning, /profile/);
  assert.equal(explainLine('HTTP', 'GET /rdr/pprdr.asp HTTP/1.1'), undefined);
});
