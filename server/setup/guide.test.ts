// Each client family's guide: the hosts file lists only Microsoft names (every one the family
// uses), in the OS's own format and path with its cache flush; Windows families get a .reg file
// that clears the cached server; Mac families get their plist folder; ports that differ are said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import forge from 'node-forge';
import { MICROSOFT_HOSTS } from '../tls/hostnames';
import { CLIENT_FAMILY_IDS } from '../panel/setup-types';
import type { DnsStatus } from '../dns/dns-server';
import { clientSetupGuide } from './guide';
import { CLIENT_FAMILIES } from './client-families';

function testCaPem(): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2020-01-01');
  cert.validity.notAfter = new Date('2040-01-01');
  cert.setSubject([{ name: 'commonName', value: 'Guide Test CA' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Guide Test CA' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const certs = { caCertPem: testCaPem() };
const dns: DnsStatus = { running: false, port: 53, host: '0.0.0.0', isolated: false, answer: '192.168.1.20', upstream: ['192.168.1.1:53'] };
const guide = (family: (typeof CLIENT_FAMILY_IDS)[number], ports = { ns: 1863, http: 80, https: 443 }) =>
  clientSetupGuide({ family, address: '192.168.1.20', ports, dns, certs });
const text = (f: { base64: string }) => Buffer.from(f.base64, 'base64').toString('latin1');

test('every family: hosts entries for its Microsoft names only, in order, with the address filled in', () => {
  for (const id of CLIENT_FAMILY_IDS) {
    const g = guide(id);
    // MSN 1.0–4.7 reach only the notification server (and web links): no Passport, no HTTPS.
    const web = CLIENT_FAMILIES[id].caOs.length > 0;
    assert.ok(g.hosts.names.length >= (web ? 5 : 2), id);
    for (const n of g.hosts.names) assert.ok(MICROSOFT_HOSTS.includes(n), `${id}: ${n} is in MICROSOFT_HOSTS (and so in the certificate)`);
    assert.ok(g.hosts.names.includes('messenger.hotmail.com'));
    const body = text(g.hosts.file);
    const entries = body.split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
    assert.deepEqual(entries.map((l) => l.split(/\s+/)), g.hosts.names.map((n) => ['192.168.1.20', n]));
    assert.equal(g.address, '192.168.1.20');
    assert.deepEqual(g.portWarnings, []);
    assert.deepEqual(g.check.map((c) => c.id).slice(0, 4), web ? ['dns', 'ns', 'usr', 'tls'] : ['dns', 'ns', 'usr', 'signed-in']);
  }
  assert.ok(guide('msn-5-6').hosts.names.includes('nexus.passport.com'));
  assert.ok(!guide('wlm').hosts.names.includes('nexus.passport.com'), 'WLM uses RST.srf, not the nexus');
  assert.ok(guide('wlm').hosts.names.includes('contacts.msn.com'));
  assert.deepEqual(guide('mac-8').check.map((c) => c.id), ['dns', 'ns', 'usr', 'tls', 'nexus', 'passport', 'signed-in', 'soap']);
  assert.deepEqual(guide('wlm').check.map((c) => c.id), ['dns', 'ns', 'usr', 'tls', 'passport', 'signed-in', 'soap']);
});

test('Windows: CRLF hosts file, its path, ipconfig /flushdns, the CA as .crt, and a .reg that clears the cached server', () => {
  const g = guide('msn-5-6');
  assert.equal(g.family.os, 'windows');
  assert.match(text(g.hosts.file), /^\r\n# Butterfly[^\n]*\r\n192\.168\.1\.20 +messenger\.hotmail\.com\r\n/);
  assert.equal(g.hosts.path, '%SystemRoot%\\System32\\drivers\\etc\\hosts');
  assert.ok(g.hosts.steps.some((s) => s.includes('ipconfig /flushdns')));
  assert.deepEqual(g.certificates.map((c) => [c.os, c.file.name]), [['windows', 'butterfly-ca.crt']]);
  assert.equal(new crypto.X509Certificate(text(g.certificates[0]!.file)).subject, 'CN=Guide Test CA');
  const reg = text(g.registry!.file);
  assert.match(reg, /^REGEDIT4\r\n/);
  assert.match(reg, /\[HKEY_CURRENT_USER\\Software\\Microsoft\\MSNMessenger\]\r\n"Server"=-\r\n/);
  assert.match(reg, /\[-HKEY_CURRENT_USER\\Software\\Microsoft\\MSNMessenger\\ListCache\]/);
  assert.doesNotMatch(reg, /PerPassportSettings/, "each account's own settings are left alone");
  assert.match(text(guide('wlm').registry!.file), /\[-HKEY_CURRENT_USER\\Software\\Microsoft\\IdentityCRL\]/);
  assert.ok(guide('wlm').registry!.steps.some((s) => s.includes('Windows Live Contacts')));
  assert.ok(g.dns.steps.some((s) => s.includes('Preferred DNS server to 192.168.1.20')));
  assert.equal(g.plist, undefined);
});

test('Mac: LF hosts file in /etc/hosts with the flush for each OS X, both CA steps, the plist folder per version', () => {
  const g = guide('mac-6-7');
  assert.match(text(g.hosts.file), /^\n# Butterfly[^\n]*\n192\.168\.1\.20 +messenger\.hotmail\.com\n/);
  assert.doesNotMatch(text(g.hosts.file), /\r/);
  assert.equal(g.hosts.path, '/etc/hosts');
  const steps = g.hosts.steps.join('\n');
  assert.match(steps, /sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder/);
  assert.match(steps, /lookupd -flushcache/);
  assert.deepEqual(g.certificates.map((c) => [c.os, c.file.name]), [['macos', 'butterfly-ca.cer'], ['macos-tiger', 'butterfly-ca.cer']]);
  assert.equal(g.plist!.path, '~/Library/Preferences/Microsoft/com.microsoft.Messenger.plist');
  assert.equal(guide('mac-8').plist!.path, '~/Library/Preferences/com.microsoft.Messenger.plist');
  assert.match(g.plist!.withoutFile.join(' '), /creates the file the first time/);
  assert.equal(g.registry, undefined);
  assert.ok(g.dns.steps.some((s) => s.includes('192.168.1.20')));
});

test('ports other than the clients\' own are called out; family data is consistent', () => {
  const g = guide('mac-8', { ns: 1863, http: 8080, https: 8443 });
  assert.equal(g.portWarnings.length, 2);
  assert.match(g.portWarnings.join(' '), /--https-port 443/);
  for (const f of Object.values(CLIENT_FAMILIES)) assert.equal(new Set(f.hosts).size, f.hosts.length, `${f.id} lists each name once`);
});
