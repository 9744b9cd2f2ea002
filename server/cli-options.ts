// Command-line options of the headless server (npm run serve -- [options]).
import { randomBytes } from 'node:crypto';
import { defaultDataDir, defaultPublicHost, type ServerConfig } from './config';
import { parseUpstream } from './dns/upstream';

export const USAGE = `Usage: npm run serve -- [options]

  --data DIR           where accounts and certificates are kept (default: ${defaultDataDir()})
  --host ADDR          address the protocol listeners bind to (default 0.0.0.0: every network)
  --public-host ADDR   address clients are told to use (default: this computer's first LAN IPv4)
  --ns-port N          notification server, MSNP (default 1863)
  --sb-port N          switchboard (default 1864)
  --http-port N        Passport, address book and config over HTTP (default 80)
  --https-port N       the same over HTTPS (default 443)
  --panel-port N       control panel on 127.0.0.1 (default 18630)
  --panel-token T      token for the panel API (default: a new random one)
  --demo               create me@local (password "butterfly") with eight demo contacts
  --log-traffic        print every protocol line to stderr
  --xfr-dispatch       MSNP8-12: answer USR … I with XFR NS to ourselves, like the real dispatch server
  --dns                DNS mode: answer Microsoft's names with this server's address, so a client
                       only needs its DNS server set to this computer (UDP and TCP port 53)
  --dns-port N         DNS mode on port N instead of 53 (implies --dns)
  --dns-isolated       DNS mode refusing every other name instead of forwarding it (implies --dns)
  --dns-upstream ADDR  where other names are forwarded, e.g. 192.168.1.1 or 127.0.0.1:5353
                       (repeatable; default: this computer's own DNS servers)
  --max-clients N      at most N Messenger connections at once (default 1000; switchboards 4×N)
  --max-clients-per-address N
                       at most N Messenger connections from one computer (default 16), e.g. more
                       for many test clients on one machine or a whole house behind one address

Port 0 picks a free port. Ports below 1024 need administrator rights on macOS (before 10.14) and Linux.`;

export class UsageError extends Error {}

/**
 * A cap on notification-server connections (one per signed-in client) and the switchboard cap that
 * goes with it: each client may be in several conversations (defaults: NS 1000 / SB 4000 in total,
 * NS 16 / SB 200 per address; docs/security.md).
 */
function withClientCap(limits: ServerConfig['limits'], which: 'total' | 'perAddress', n: number): ServerConfig['limits'] {
  const sb = which === 'total' ? 4 * n : Math.max(200, 12 * n);
  const http = which === 'total' ? Math.max(256, n) : Math.max(32, n);
  return { ...limits, [which]: { ...limits?.[which], NS: n, SB: sb, HTTP: http, HTTPS: http } };
}

export function parseOptions(argv: string[]): ServerConfig {
  const cfg: ServerConfig = {
    dataDir: defaultDataDir(),
    host: '0.0.0.0',
    publicHost: '',
    nsPort: 1863,
    sbPort: 1864,
    httpPort: 80,
    httpsPort: 443,
    panelPort: 18630,
    panelToken: randomBytes(18).toString('base64url'),
    demo: false,
    logTraffic: false,
    dispatchRedirect: false,
  };
  const ports: Record<string, keyof ServerConfig> = {
    '--ns-port': 'nsPort',
    '--sb-port': 'sbPort',
    '--http-port': 'httpPort',
    '--https-port': 'httpsPort',
    '--panel-port': 'panelPort',
    '--dns-port': 'dnsPort',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag in ports) {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`${flag} takes a port number from 0 to 65535, not "${v}".`);
      (cfg as unknown as Record<string, number>)[ports[flag]!] = n;
      if (flag === '--dns-port') cfg.dnsEnabled = true;
      continue;
    }
    switch (flag) {
      case '--data':
        cfg.dataDir = value();
        break;
      case '--host':
        cfg.host = value();
        break;
      case '--public-host':
        cfg.publicHost = value();
        break;
      case '--panel-token': {
        const t = value();
        if (t.length < 8) throw new UsageError('--panel-token must be at least 8 characters.');
        cfg.panelToken = t;
        break;
      }
      case '--demo':
        cfg.demo = true;
        break;
      case '--log-traffic':
        cfg.logTraffic = true;
        break;
      case '--xfr-dispatch':
        cfg.dispatchRedirect = true;
        break;
      case '--dns':
        cfg.dnsEnabled = true;
        break;
      case '--dns-isolated':
        cfg.dnsEnabled = true;
        cfg.dnsIsolated = true;
        break;
      case '--dns-upstream': {
        const v = value();
        if (!parseUpstream(v)) throw new UsageError(`--dns-upstream takes an IP address with an optional port (1.1.1.1, 127.0.0.1:5353, [::1]:53), not "${v}".`);
        cfg.dnsUpstream = [...(cfg.dnsUpstream ?? []), v];
        break;
      }
      case '--max-clients':
      case '--max-clients-per-address': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 1_000_000) throw new UsageError(`${flag} takes a number of connections from 1 to 1000000, not "${v}".`);
        cfg.limits = withClientCap(cfg.limits, flag === '--max-clients' ? 'total' : 'perAddress', n);
        break;
      }
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`Unknown option ${arg}.`);
    }
  }
  if (!cfg.publicHost) cfg.publicHost = cfg.host !== '0.0.0.0' && cfg.host !== '::' ? cfg.host : defaultPublicHost();
  return cfg;
}
