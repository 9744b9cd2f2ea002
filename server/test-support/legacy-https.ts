// HTTPS the way Messenger for Mac speaks it: TLS 1.0 with AES128-SHA, trusting only our CA,
// asking for a Microsoft host name (the certificate must cover it).
import https from 'node:https';

export interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  protocol?: string;
  cipher?: string;
}

export function legacyHttps(opts: {
  port: number;
  ca: string;
  host: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: opts.port,
        servername: opts.host,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: opts.host, ...opts.headers },
        ca: opts.ca,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1',
        ciphers: 'AES128-SHA@SECLEVEL=0',
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const sock = res.socket as import('node:tls').TLSSocket;
        const protocol = sock.getProtocol?.() ?? undefined;
        const cipher = sock.getCipher?.()?.name;
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), protocol, cipher }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
