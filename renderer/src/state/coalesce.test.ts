import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coalesce } from './coalesce';

test('calls during a run fold into one more run, per argument', async () => {
  const runs: string[] = [];
  let release: () => void = () => {};
  const load = coalesce(async (who: string) => {
    runs.push(who);
    await new Promise<void>((r) => (release = r));
  });
  void load('a');
  void load('a');
  void load('a');
  assert.deepEqual(runs, ['a']);
  release();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(runs, ['a', 'a']);
  release();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(runs, ['a', 'a']);
});
