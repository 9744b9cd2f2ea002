// Binding listeners with errors a person can act on, instead of a stack trace.
import type net from 'node:net';

export class BindError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BindError';
  }
}

const OPTION_FOR: Record<string, string> = {
  'notification server': '--ns-port',
  switchboard: '--sb-port',
  HTTP: '--http-port',
  HTTPS: '--https-port',
  panel: '--panel-port',
  DNS: '--dns-port',
};

export function bindErrorMessage(service: string, host: string, port: number, code: string): string {
  const option = OPTION_FOR[service] ?? 'the matching --*-port option';
  // Another port is no way out for DNS: old Windows and Mac OS X only let you set a DNS server's
  // address, never its port.
  if (service === 'DNS' && code === 'EACCES') {
    return (
      `Cannot open port ${port} for the DNS server: only administrators may use ports below 1024. Old computers can only ask a DNS server on port 53, ` +
      `so allow it: on Linux "sudo setcap cap_net_bind_service=+ep $(command -v node)", on macOS before 10.14 or Windows run Butterfly as administrator. ` +
      `Or leave DNS mode off and use the hosts file on the client instead.`
    );
  }
  if (service === 'DNS' && code === 'EADDRINUSE') {
    return (
      `Port ${port} for the DNS server is already used by another program (a local resolver such as systemd-resolved or dnsmasq, or Internet Sharing). ` +
      `Stop it, or bind Butterfly to this computer's LAN address only with --host <address>, or use the hosts file on the client instead.`
    );
  }
  switch (code) {
    case 'EACCES':
      return (
        `Cannot open port ${port} for the ${service}: this system only lets administrators use ports below 1024. ` +
        `Either start Butterfly with ${option} set to a port above 1024 (clients then need that port), or allow it: ` +
        `on Linux "sudo setcap cap_net_bind_service=+ep $(command -v node)", on macOS before 10.14 run as administrator.`
      );
    case 'EADDRINUSE':
      return (
        `Port ${port} for the ${service} is already used by another program (another Butterfly or messenger server?). ` +
        `Close that program, or choose another port with ${option}.`
      );
    case 'EADDRNOTAVAIL':
      return `The address ${host} is not one of this computer's addresses, so the ${service} cannot listen on it. Use --host 0.0.0.0 or one of this computer's addresses.`;
    default:
      return `Cannot open port ${port} on ${host} for the ${service} (${code}).`;
  }
}

/** Listens and resolves with the bound port (port 0 picks a free one). */
export function listen(server: net.Server, service: string, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const code = err.code ?? 'UNKNOWN';
      reject(new BindError(service, port, code, bindErrorMessage(service, host, port, code)));
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Closes a listener; resolves even when it was never listening. */
export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
