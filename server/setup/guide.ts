// One client family's setup guide, with this server's address and ports filled in: the ways to
// lead Microsoft's names here (DNS mode, the hosts file), the certificate authority for that OS,
// the caches to clear (registry or plist), and the steps of the connection check.
import { exportCa, caInstallSteps, CA_FILE_NAMES, type InstallOs } from '../tls/ca-export';
import type { CertBundle } from '../tls/ca';
import type { DnsStatus } from '../dns/dns-server';
import type { ClientFamilyId, ClientSetupGuide } from '../panel/setup-types';
import { CLIENT_FAMILIES } from './client-families';
import { hostsFileGuide } from './hosts-file';
import { registryFile } from './reg-file';
import { plistLocation } from './plist-location';

export interface GuideInput {
  family: ClientFamilyId;
  address: string;
  ports: { ns: number; http: number; https: number };
  dns: DnsStatus;
  certs: Pick<CertBundle, 'caCertPem'>;
}

const OS_LABEL: Record<InstallOs, string> = {
  windows: 'Windows',
  macos: 'Mac OS X 10.5 and later',
  'macos-tiger': 'Mac OS X 10.4 Tiger',
  linux: 'Linux',
};

export function clientSetupGuide(x: GuideInput): ClientSetupGuide {
  const f = CLIENT_FAMILIES[x.family];
  const ca = exportCa(x.certs);
  const { hosts, caOs, check, ...family } = f;
  return {
    family,
    address: x.address,
    ports: x.ports,
    portWarnings: portWarnings(x.ports, caOs.length > 0),
    dns: { status: x.dns, steps: dnsSteps(f.os, x.dns.answer) },
    // A hosts file needs an IP address: the one DNS mode answers with (publicHost when it is one).
    hosts: { names: [...hosts], ...hostsFileGuide(x.dns.answer, hosts, f.os) },
    certificates: caOs.map((os) => ({
      os,
      label: OS_LABEL[os],
      file:
        os === 'windows'
          ? { name: CA_FILE_NAMES.crt, mime: 'application/x-x509-ca-cert', base64: Buffer.from(ca.crt).toString('base64') }
          : { name: CA_FILE_NAMES.der, mime: 'application/pkix-cert', base64: ca.der.toString('base64') },
      steps: caInstallSteps(os),
    })),
    ...(f.os === 'windows' ? { registry: registryFile(x.family, x.dns.answer) } : {}),
    ...(f.os === 'macos'
      ? {
          plist: {
            path: plistLocation(x.family).path,
            withoutFile: [
              'No file there? Then Messenger has not run on that Mac yet, and there is nothing to fix: it creates the file the first time it starts, with the servers it reaches then (Butterfly, once the names lead here).',
              `After a hex patch, names cached from before the patch still lead to Microsoft: quit Messenger and delete the file (it forgets its preferences and makes a new one): rm ${plistLocation(x.family).path}`,
              'In Finder the Library folder is hidden from 10.7 on: Go > Go to Folder…, and type the folder above.',
            ],
          },
        }
      : {}),
    check: [...check],
  };
}

/** The client always uses its own ports; a hosts file or DNS cannot change that. `web`: it also uses HTTP(S). */
function portWarnings(p: GuideInput['ports'], web: boolean): string[] {
  const out: string[] = [];
  if (p.ns !== 1863) out.push(`Messenger connects to port 1863, but Butterfly's notification server is on port ${p.ns}. Start Butterfly with --ns-port 1863 (the default).`);
  // MSN 1.0–4.7 sign in over MSNP alone.
  if (!web) return out;
  if (p.https !== 443) out.push(`Sign-in goes to HTTPS port 443, but Butterfly's HTTPS is on port ${p.https}. Start Butterfly with administrator rights and --https-port 443 (the default).`);
  if (p.http !== 80) out.push(`Messenger's HTTP requests go to port 80, but Butterfly's HTTP is on port ${p.http}. Start Butterfly with --http-port 80 (the default).`);
  return out;
}

function dnsSteps(os: 'windows' | 'macos', address: string): string[] {
  if (os === 'windows') {
    return [
      `1. Windows XP: Control Panel > Network Connections, right-click the connection > Properties > "Internet Protocol (TCP/IP)" > Properties.`,
      '   Vista and 7: Control Panel > Network and Sharing Center > Change adapter settings, right-click the connection > Properties > "Internet Protocol Version 4" > Properties.',
      `2. Choose "Use the following DNS server addresses", set Preferred DNS server to ${address} and leave Alternate empty (Windows would ask it behind Butterfly's back). OK.`,
      '   Windows 98 and ME: Control Panel > Network > TCP/IP > Properties > DNS Configuration > Enable DNS, add the address, remove the others, restart.',
      '3. In a command prompt: ipconfig /flushdns',
      `4. Check it; the answer should come from ${address}: ping messenger.hotmail.com`,
    ];
  }
  return [
    '1. Apple menu > System Preferences > Network, select the connection in use (Ethernet or AirPort/Wi-Fi).',
    `2. Mac OS X 10.5 and later: Advanced… > DNS, remove the servers listed, add ${address}, OK, Apply. On 10.4 Tiger: the TCP/IP tab, DNS Servers: ${address}, Apply Now.`,
    '3. In Terminal, make the Mac forget old answers. On 10.7 and later: sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder',
    '   On 10.5 and 10.6: dscacheutil -flushcache',
    '   On 10.4 Tiger: lookupd -flushcache',
    `4. Check it; the answer should come from ${address}: ping -c 1 messenger.hotmail.com`,
  ];
}
