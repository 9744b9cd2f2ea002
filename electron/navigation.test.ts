import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedNavigation } from './navigation';

test('the panel window only navigates within the panel origin', () => {
  const panel = 'http://127.0.0.1:18630/#token=abc';
  assert.equal(isAllowedNavigation('http://127.0.0.1:18630/accounts', panel), true);
  assert.equal(isAllowedNavigation('http://127.0.0.1:18631/', panel), false);
  assert.equal(isAllowedNavigation('https://example.com/', panel), false);
  assert.equal(isAllowedNavigation('file:///etc/passwd', panel), false);
  assert.equal(isAllowedNavigation('not a url', panel), false);
});
