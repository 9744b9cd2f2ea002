// A client signed in with a ticket the bench issued itself (the same HMAC key as the server, read
// from the data folder): sign-in figures without the password hash, which runs off the main
// thread and is measured by the tls bench.
import { MsnpTestClient } from '../server/test-support/msnp-client';

export async function signInWithTicket(nsPort: number, email: string, ticket: string): Promise<MsnpTestClient> {
  const c = await MsnpTestClient.connect(nsPort);
  c.send('VER 1 MSNP16 CVR0');
  await c.until('VER 1 ', 30_000);
  c.send(`CVR 2 0x0409 mac 10.14.6 i386 macmsgs 8.0.1 macmsgs ${email}`);
  await c.until('CVR 2 ', 30_000);
  c.send(`USR 3 TWN I ${email}`);
  await c.until('USR 3 TWN S ', 30_000);
  c.send(`USR 4 TWN S t=${ticket}&p=`);
  await c.until('USR 4 OK ', 30_000);
  c.send('CHG 5 NLN 1085276192:131088');
  await c.until('CHG 5 ', 30_000);
  c.all.length = 0; // the bench keeps thousands of these: don't hold their transcripts
  return c;
}
