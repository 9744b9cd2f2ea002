// Every verb a dialect accepts has a real handler: no "502 not handled" for a command the version
// defines (issue 12). A verb leaves a dialect's set only with a source saying the real service
// refused it there (see the comments in dialects/msnp8.ts, msnp13.ts, msnp14.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiate, SUPPORTED_VERSIONS } from '../dialects';
import { handlesVerb } from './ns-session';

/** UUM (offline messages, MSNP14+/18) is being built with the OIM service (issue 15). */
const BUILT_ELSEWHERE = new Set(['UUM']);

test('each verb of each dialect MSNP8-16 has a handler', () => {
  const missing: string[] = [];
  for (const name of SUPPORTED_VERSIONS) {
    const d = negotiate([name])!;
    for (const verb of d.commands) if (!handlesVerb(verb) && !BUILT_ELSEWHERE.has(verb)) missing.push(`${name} ${verb}`);
  }
  assert.deepEqual(missing, []);
});

test('verbs the real service did not take in a version are not in its set', () => {
  const has = (v: string, verb: string) => negotiate([v])!.commands.has(verb);
  assert.equal(has('MSNP9', 'SBP'), false, 'SBP came with MSNP10 GUIDs');
  assert.equal(has('MSNP10', 'SBP'), true);
  assert.equal(has('MSNP13', 'SBP'), false, 'address-book generation: ABContactUpdate');
  assert.equal(has('MSNP13', 'FQY'), false, 'FQY is MSNP14+');
  assert.equal(has('MSNP14', 'FQY'), true);
  assert.equal(has('MSNP12', 'IMS'), true);
  assert.equal(has('MSNP13', 'SYN'), false);
});
