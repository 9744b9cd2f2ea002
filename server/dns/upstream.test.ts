// Upstream resolvers: parsed from dns.getServers()-style text, and never Butterfly itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUpstream, withoutSelf } from './upstream';

test('addresses with and without ports, IPv4 and IPv6; names are not accepted', () => {
  assert.deepEqual(parseUpstream('1.1.1.1'), { host: '1.1.1.1', port: 53 });
  assert.deepEqual(parseUpstream('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
  assert.deepEqual(parseUpstream('[::1]:5353'), { host: '::1', port: 5353 });
  assert.deepEqual(parseUpstream('fe80::1'), { host: 'fe80::1', port: 53 });
  assert.equal(parseUpstream('dns.example.org'), undefined);
  assert.equal(parseUpstream('1.1.1.1:99999'), undefined);
});

test('a resolver that would be Butterfly itself is left out, so nothing loops', () => {
  const list = [parseUpstream('127.0.0.1')!, parseUpstream('192.168.1.20')!, parseUpstream('127.0.0.53')!, parseUpstream('192.168.1.1')!, parseUpstream('127.0.0.1:5353')!];
  const everywhere = withoutSelf(list, { port: 53, host: '0.0.0.0', addresses: ['192.168.1.20'] });
  assert.deepEqual(everywhere.map((u) => `${u.host}:${u.port}`), ['192.168.1.1:53', '127.0.0.1:5353']);
  const lanOnly = withoutSelf(list, { port: 53, host: '192.168.1.20', addresses: ['192.168.1.20'] });
  assert.deepEqual(lanOnly.map((u) => `${u.host}:${u.port}`), ['127.0.0.1:53', '127.0.0.53:53', '192.168.1.1:53', '127.0.0.1:5353']);
});
