// Rewrites one preference value that names a Microsoft server so that it names this server:
// "messenger.hotmail.com:1863" → "192.168.1.20:1863", "https://contacts.msn.com/abservice/…"
// → "https://192.168.1.20/abservice/…" (with this server's port where it is not the scheme's
// default). A preference can hold any length, unlike a string inside a program. Values under a
// "…Server" key that are a bare IP address (Microsoft's, cached) are pointed here too.
import { isMicrosoftName } from '../tls/hostnames';
import type { PatchTarget } from './hex-patch';

const NAME = /[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;
const IP_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3})(:\d{1,5})?$/;
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

function portFor(port: number, t: PatchTarget): number {
  if (port === 1863) return t.nsPort;
  if (port === 80) return t.httpPort;
  if (port === 443) return t.httpsPort;
  return port;
}

/** The value pointed at this server, or undefined when it names no Microsoft server. */
export function rewriteServerValue(value: string, key: string, t: PatchTarget): string | undefined {
  let changed = false;
  const out = value.replace(NAME, (name, offset: number, whole: string) => {
    // "someone@hotmail.com" is an account, not a server.
    if (!isMicrosoftName(name) || whole[offset - 1] === '@') return name;
    changed = true;
    const scheme = /(https?):\/\/$/i.exec(whole.slice(0, offset))?.[1]?.toLowerCase();
    const hasPort = whole[offset + name.length] === ':';
    if (!hasPort && scheme && portFor(DEFAULT_PORT[scheme]!, t) !== DEFAULT_PORT[scheme]) return `${t.host}:${portFor(DEFAULT_PORT[scheme]!, t)}`;
    return t.host;
  });
  if (changed) {
    // Explicit ports after our address: Microsoft's port numbers become this server's.
    return out.replace(new RegExp(`(${escape(t.host)}):(\\d{1,5})(?!\\d)`, 'g'), (_m, h: string, p: string) => `${h}:${portFor(Number(p), t)}`);
  }
  const ip = IP_WITH_PORT.exec(value.trim());
  if (ip && /server/i.test(key) && ip[1] !== t.host) {
    return ip[2] ? `${t.host}:${portFor(Number(ip[2].slice(1)), t)}` : t.host;
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
