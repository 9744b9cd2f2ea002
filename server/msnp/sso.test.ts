import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ssoBlob, ssoNonce, verifySsoBlob } from './sso';

test('an SSO blob has the fixed header real clients send and verifies only with the right key and nonce', () => {
  const key = randomBytes(24);
  const nonce = ssoNonce();
  assert.equal(nonce.length, 64);
  const blob = ssoBlob(key, nonce);
  // Real WLM blobs start with these bytes (the header words).
  assert.ok(blob.startsWith('HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAA'));
  assert.equal(Buffer.from(blob, 'base64').length, 128);
  assert.equal(verifySsoBlob(key, nonce, blob), true);
  assert.equal(verifySsoBlob(randomBytes(24), nonce, blob), false, 'another key');
  assert.equal(verifySsoBlob(key, ssoNonce(), blob), false, 'another nonce');
  const tampered = Buffer.from(blob, 'base64');
  tampered[100]! ^= 1;
  assert.equal(verifySsoBlob(key, nonce, tampered.toString('base64')), false, 'a changed byte');
  assert.equal(verifySsoBlob(key, nonce, 'not base64 at all!'), false);
  assert.equal(verifySsoBlob(key, nonce, ''), false);
});
