// IP address helpers for certificate subjectAltNames. An iPAddress SAN holds the raw
// network-order bytes (4 or 16), so "fe80::1" and "fe80:0:0:0:0:0:0:1" must compare equal;
// comparing bytes instead of strings makes the "does the leaf still cover this LAN
// address?" check immune to how an address happened to be written.

import net from 'node:net';

/** Network-order bytes of an IPv4/IPv6 address (zone id like "%eth0" ignored), or null. */
export function ipToBytes(input: string): Buffer | null {
  const ip = stripZone(input.trim());
  const kind = net.isIP(ip);
  if (kind === 4) return Buffer.from(ip.split('.').map((p) => Number(p)));
  if (kind !== 6) return null;

  // An IPv6 address may end in dotted IPv4 ("::ffff:192.168.1.2"); turn that into two groups.
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = tail.split('.').map((p) => Number(p));
    text = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const groups = [...headGroups, ...new Array<string>(missing).fill('0'), ...restGroups];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** The canonical text form (IPv6 compressed, lower case), or null when not an address. */
export function canonicalIp(input: string): string | null {
  const bytes = ipToBytes(input);
  if (!bytes) return null;
  if (bytes.length === 4) return [...bytes].join('.');
  // WHATWG URL parsing produces the RFC 5952 form for IPv6.
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

function stripZone(ip: string): string {
  const pct = ip.indexOf('%');
  return pct < 0 ? ip : ip.slice(0, pct);
}
