// Signs a scripted Messenger for Mac client in (VER … USR OK … CHG) so tests can start from a
// signed-in, live session. The full line-by-line sign-in is asserted in mac-signin.test.ts.
import assert from 'node:assert/strict';
import { MsnpTestClient } from './msnp-client';
import { passportLogin } from './passport-login';

export interface SignInOptions {
  nsPort: number;
  httpPort: number;
  email: string;
  password: string;
  version?: 'MSNP13' | 'MSNP14' | 'MSNP15' | 'MSNP16';
  status?: string;
}

export async function signInMac(o: SignInOptions): Promise<MsnpTestClient> {
  const version = o.version ?? 'MSNP16';
  const c = await MsnpTestClient.connect(o.nsPort);
  c.send(`VER 1 ${version} CVR0`);
  assert.equal(await c.nextLine(), `VER 1 ${version} CVR0`);
  c.send(`CVR 2 0x0409 mac 10.14.6 i386 macmsgs 8.0.1 macmsgs ${o.email}`);
  await c.until('CVR 2 ');
  c.send(`USR 3 TWN I ${o.email}`);
  const challenge = (await c.until('USR 3 TWN S ')).line.slice('USR 3 TWN S '.length);
  const login = await passportLogin(o.httpPort, o.email, o.password, challenge);
  assert.equal(login.status, 200, `Passport login of ${o.email}`);
  c.send(`USR 4 TWN S ${login.fromPP}`);
  assert.equal((await c.until('USR 4 ')).line, `USR 4 OK ${o.email} 1 0`);
  await c.until('MSG Hotmail Hotmail');
  if (version === 'MSNP16') await c.until('UBX ');
  c.send(`CHG 5 ${o.status ?? 'NLN'} 1085276192:131088`);
  await c.until('CHG 5 ');
  return c;
}
