// Passport 1.4 sign-in the way the clients do it: nexus for DALogin, then login2.srf with the
// credentials and the NS challenge string. Returns the from-PP value ("t=…&p=…") or the status.
import http from 'node:http';

export interface LoginResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The from-PP token without quotes, on success. */
  fromPP?: string;
}

export function httpGet(port: number, target: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function passportLogin(httpPort: number, email: string, password: string, challenge = 'lc=1033,id=507'): Promise<LoginResult> {
  const auth =
    `Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,` +
    `sign-in=${encodeURIComponent(email)},pwd=${encodeURIComponent(password)},${challenge}`;
  const res = await httpGet(httpPort, '/login2.srf', { Authorization: auth });
  const info = String(res.headers['authentication-info'] ?? '');
  const m = /from-PP='([^']*)'/.exec(info);
  return { status: res.status, headers: res.headers, fromPP: m?.[1] };
}
