// Signs a scripted client in (VER … USR OK … CHG) so tests can start from a signed-in, live
// session: Messenger for Mac by default, or a Windows client of any dialect (MSNP8–16).
// The full line-by-line sign-ins are asserted in the ns/*.test.ts transcripts.
import assert from 'node:assert/strict';
import { MsnpTestClient } from './msnp-client';
import { passportLogin } from './passport-login';
import { answerMd5, answerMsnp11 } from '../msnp/challenge';

export interface SignInOptions {
  nsPort: number;
  httpPort: number;
  email: string;
  password: string;
  version?: `MSNP${8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16}`;
  status?: string;
}

/** Which MSN Messenger for Windows spoke each pre-address-book dialect. */
const WINDOWS_CLIENT: Record<number, string> = { 8: '5.0.0544', 9: '6.0.0602', 10: '6.2.0208', 11: '7.0.0816', 12: '7.5.0324' };

export async function signInMac(o: SignInOptions): Promise<MsnpTestClient> {
  const version = o.version ?? 'MSNP16';
  const c = await MsnpTestClient.connect(o.nsPort);
  c.send(`VER 1 ${version} CVR0`);
  assert.equal(await c.nextLine(), `VER 1 ${version} CVR0`);
  const n = Number(version.slice(4));
  c.send(
    n >= 13
      ? `CVR 2 0x0409 mac 10.14.6 i386 macmsgs 8.0.1 macmsgs ${o.email}`
      : `CVR 2 0x0409 winnt 5.1 i386 MSNMSGR ${WINDOWS_CLIENT[n]} MSMSGS ${o.email}`,
  );
  await c.until('CVR 2 ');
  c.send(`USR 3 TWN I ${o.email}`);
  let reply = await c.next();
  while (reply.line.startsWith('GCF ')) reply = await c.next();
  if (reply.line.startsWith('XFR 3 NS ')) {
    // Sent through the dispatch server: sign in again where it says (it is this server).
    c.close();
    return signInMac(o);
  }
  assert.match(reply.line, /^USR 3 TWN S /);
  const challenge = reply.line.slice('USR 3 TWN S '.length);
  const login = await passportLogin(o.httpPort, o.email, o.password, challenge);
  assert.equal(login.status, 200, `Passport login of ${o.email}`);
  c.send(`USR 4 TWN S ${login.fromPP}`);
  assert.match((await c.until('USR 4 ')).line, new RegExp(`^USR 4 OK ${o.email.replace(/[.]/g, '\\.')}( \\S+)? 1 0$`));
  await c.until('MSG Hotmail Hotmail');
  if (version === 'MSNP16') await c.until('UBX ');
  // MSNP16 clients send caps:extcaps; earlier ones a single number.
  c.send(`CHG 5 ${o.status ?? 'NLN'} ${n >= 16 ? '1085276192:131088' : '1085276192'}`);
  await c.until('CHG 5 ');
  if (n <= 12) {
    // Windows clients answer the server's challenge as MSN 5-7.5 did (other lines stay queued).
    const challenge = (await c.take('CHL 0 ')).line.slice('CHL 0 '.length);
    const [id, answer] =
      n <= 10
        ? ['msmsgs@msnmsgr.com', answerMd5(challenge, 'Q1P7W2E4J9R8U3S5')]
        : ['PROD0090YUAUV{2B', answerMsnp11(challenge, 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL')];
    c.sendPayload(`QRY 900 ${id}`, answer);
    await c.take('QRY 900');
  }
  return c;
}

/** The same for any dialect: signInClient({ …, version: 'MSNP8' }). */
export const signInClient = signInMac;
