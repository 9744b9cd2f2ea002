// Signs a scripted MSN Messenger 1.0–4.7 client in with MD5 (MSNP2–7) so tests can start from a
// live session: VER, INF, USR MD5 I/S, CHG and, from MSNP6, the challenge. The line-by-line
// sign-ins are asserted in msnp/ns/md5-signin.test.ts.
import assert from 'node:assert/strict';
import { MsnpTestClient } from './msnp-client';
import { md5Answer } from '../core/md5-signin';
import { answerMd5 } from '../msnp/challenge';

export interface Md5SignInOptions {
  nsPort: number;
  email: string;
  password: string;
  version: 2 | 3 | 4 | 5 | 6 | 7;
  status?: string;
}

export async function signInMd5(o: Md5SignInOptions): Promise<MsnpTestClient> {
  const c = await MsnpTestClient.connect(o.nsPort);
  c.send(`VER 1 MSNP${o.version} CVR0`);
  assert.equal(await c.nextLine(), `VER 1 MSNP${o.version} CVR0`);
  c.send('INF 2');
  assert.equal(await c.nextLine(), 'INF 2 MD5');
  c.send(`USR 3 MD5 I ${o.email}`);
  const salt = (await c.nextLine()).slice('USR 3 MD5 S '.length);
  c.send(`USR 4 MD5 S ${md5Answer(salt, o.password)}`);
  assert.match(await c.nextLine(), new RegExp(`^USR 4 OK ${o.email.replace(/[.]/g, '\\.')} `));
  await c.until('MSG Hotmail Hotmail');
  c.send(`CHG 5 ${o.status ?? 'NLN'}`);
  await c.until('CHG 5 ');
  if (o.version >= 6) {
    const challenge = (await c.take('CHL 0 ')).line.slice('CHL 0 '.length);
    c.sendPayload('QRY 900 msmsgs@msnmsgr.com', answerMd5(challenge, 'Q1P7W2E4J9R8U3S5'));
    await c.take('QRY 900');
  }
  return c;
}
