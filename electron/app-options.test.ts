import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appArguments } from './app-options';

test('the desktop app keeps Butterfly\'s options and drops Electron\'s and Chromium\'s switches', () => {
  assert.deepEqual(
    appArguments(['.', '--inspect=0', '--remote-debugging-port=0', '--data', '/tmp/x', '--ns-port=0', '--demo', '--no-sandbox', '--panel-port', '0']),
    ['--data', '/tmp/x', '--ns-port=0', '--demo', '--panel-port', '0'],
  );
  assert.deepEqual(appArguments([]), []);
});
