import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSteps } from './InstallSteps';

test('numbered lines start steps; indented lines belong to the step before', () => {
  assert.deepEqual(parseSteps(['1. Copy it.', '2. Run: sudo x', '   Or double-click it.', '3. Done.']), [
    { text: 'Copy it.', more: [] },
    { text: 'Run: sudo x', more: ['Or double-click it.'] },
    { text: 'Done.', more: [] },
  ]);
});
