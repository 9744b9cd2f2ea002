// The setup guide for MSN Messenger 1.0–4.7 / Windows Messenger 4.x: only the notification
// server's names, no certificate, a .reg that sets the registry server value to this computer,
// no warnings about HTTP(S) ports these clients never use, and a check without TLS or Passport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientSetupGuide } from './guide';
import type { DnsStatus } from '../dns/dns-server';
import forge from 'node-forge';

/** The guide exports the CA for the families that need it, so even this one is given a real one. */
function testCaPem(): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2020-01-01');
  cert.validity.notAfter = new Date('2040-01-01');
  cert.setSubject([{ name: 'commonName', value: 'Old Messengers Test CA' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Old Messengers Test CA' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
const caCertPem = testCaPem();

const dns: DnsStatus = { running: false, port: 53, host: '0.0.0.0', isolated: false, answer: '192.168.1.20', upstream: [] };
const guide = (ports = { ns: 1863, http: 80, https: 443 }) =>
  clientSetupGuide({ family: 'msn-1-4', address: '192.168.1.20', ports, dns, certs: { caCertPem } });

test('MSN 1.0–4.7: hosts for messenger.hotmail.com, no certificate, a .reg with the server value', () => {
  const g = guide();
  assert.equal(g.family.label, 'MSN Messenger 1.0–4.7 / Windows Messenger 4.x');
  assert.equal(g.family.os, 'windows');
  assert.ok(g.hosts.names.includes('messenger.hotmail.com'));
  assert.ok(!g.hosts.names.some((n) => n.includes('passport') || n.includes('login.live')), 'no Passport names');
  assert.deepEqual(g.certificates, [], 'no certificate needed');
  assert.ok(g.family.notes.some((n) => n.includes('no certificate is needed')));
  assert.ok(g.family.notes.some((n) => n.includes('Allow MSN Messenger 1.0–4.7')));
  const reg = Buffer.from(g.registry!.file.base64, 'base64').toString('latin1');
  assert.equal(g.registry!.file.name, 'butterfly-msn-1-4-server.reg');
  assert.match(reg, /^REGEDIT4\r\n/);
  assert.ok(reg.includes('\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService]\r\n"Server"="192.168.1.20:1863"\r\n'));
  assert.equal(g.registry!.title, 'Point Messenger at Butterfly (registry)');
  assert.ok(g.registry!.steps.some((s) => s.includes('reg delete "HKCU\\Software\\Microsoft\\MessengerService" /v Server /f')), 'how to undo it');
  assert.deepEqual(g.check.map((c) => c.id), ['dns', 'ns', 'usr', 'signed-in']);
});

test('MSN 1.0–4.7: only the MSNP port matters', () => {
  assert.deepEqual(guide({ ns: 1863, http: 8080, https: 8443 }).portWarnings, []);
  assert.equal(guide({ ns: 11863, http: 80, https: 443 }).portWarnings.length, 1);
});
