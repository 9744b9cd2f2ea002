// Server configuration: where to listen, what address clients are told, where data lives.
import os from 'node:os';
import path from 'node:path';
import type { ServerLimits } from './limits/limits';

export interface ServerConfig {
  dataDir: string;
  /** Bind address of the protocol listeners. */
  host: string;
  /** The address clients are told to use (XFR, PassportURLs, SOAP URLs). */
  publicHost: string;
  nsPort: number;
  /** Switchboard port; the same as nsPort is allowed (one listener serves both). */
  sbPort: number;
  httpPort: number;
  httpsPort: number;
  panelPort: number;
  panelToken: string;
  demo: boolean;
  logTraffic: boolean;
  /** Answer USR TWN I on MSNP8-12 with XFR NS to ourselves first, as the real dispatch server did. */
  dispatchRedirect: boolean;
  /** Folder of the built control-panel UI (index.html), served on the panel port. */
  uiDir?: string;
  /** DNS mode at start (server/dns/): answer Microsoft names with publicHost. The panel can switch it later. */
  dnsEnabled?: boolean;
  /** Its port when on (default 53; 0 picks a free one). */
  dnsPort?: number;
  /** Refuse other names instead of forwarding them (a LAN without internet). */
  dnsIsolated?: boolean;
  /** Resolvers for other names ("192.168.1.1", "127.0.0.1:5353"); default: this computer's own. */
  dnsUpstream?: string[];
  /** Timeouts and connection caps (server/limits/limits.ts, docs/security.md); defaults when left out. */
  limits?: Partial<ServerLimits>;
}

/** The per-OS application data folder, as desktop apps use it. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Butterfly');
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Butterfly');
    default:
      return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'butterfly');
  }
}

/** Non-internal IPv4 addresses of this machine, LAN ranges first. */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) out.push(a.address);
    }
  }
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return [...out.filter(isPrivate), ...out.filter((ip) => !isPrivate(ip))];
}

export function defaultPublicHost(): string {
  return lanAddresses()[0] ?? '127.0.0.1';
}

/** "host:port", or just host for the default port of a scheme. */
export function hostPort(host: string, port: number, defaultPort?: number): string {
  return port === defaultPort ? host : `${host}:${port}`;
}
