// Windows Messenger 4.7 (MSNP7, MD5 sign-in) and Windows Live Messenger 8.5 (MSNP15) chat over the
// switchboard, each starting the conversation once: XFR, USR, CAL, RNG, ANS, IRO, JOI, a message
// with its font, typing, BYE, every line in the syntax of the client that receives it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { signInMd5 } from '../../test-support/md5-client';
import { answerRing, openSwitchboard, textPayload, typingPayload } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const old = await app.core.directory.createAccount('old@lan', 'old-pw', 'Old Timer');
  const wlm = await app.core.directory.createAccount('wlm@lan', 'wlm-pw', 'Live');
  app.core.md5.allow(old.id, 'old-pw');
  app.core.directory.addToLists(old.id, wlm.id, List.FL | List.AL);
  app.core.directory.addToLists(wlm.id, old.id, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const signInOld = () => signInMd5({ nsPort: app.ports.ns, email: 'old@lan', password: 'old-pw', version: 7 });
const signInWlm = () => signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'wlm@lan', password: 'wlm-pw', version: 'MSNP15' });

test('MSNP7 calls MSNP15: XFR and RNG in each dialect, IRO/JOI, text with its font, typing, BYE', async () => {
  const wlm = await signInWlm();
  const old = await signInOld();
  const { sb: oldSb, xfr, usrOk } = await openSwitchboard(old, { handle: 'old@lan', trid: 10 });
  assert.match(xfr, new RegExp(`^XFR 10 SB 127\\.0\\.0\\.1:${app.ports.sb} CKI \\d+\\.\\d+\\.\\d+$`));
  assert.equal(usrOk, 'USR 1 OK old@lan Old%20Timer');
  oldSb.send('CAL 2 wlm@lan');
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(await oldSb.nextLine())?.[1];
  assert.ok(sessionId);

  const { sb: wlmSb, rng } = await answerRing(wlm, { handle: 'wlm@lan' });
  assert.match(rng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ old@lan Old%20Timer U messenger\\.hotmail\\.com 1$`));
  assert.equal(await wlmSb.nextLine(), 'IRO 1 1 1 old@lan Old%20Timer 0');
  assert.equal(await wlmSb.nextLine(), 'ANS 1 OK');
  assert.equal(await oldSb.nextLine(), 'JOI wlm@lan Live');

  const hello = textPayload('hello from 2002', 'FN=MS%20Sans%20Serif; EF=; CO=0; CS=0; PF=0');
  oldSb.sendPayload('MSG 3 A', hello);
  assert.equal(await oldSb.nextLine(), 'ACK 3');
  assert.deepEqual(await wlmSb.next(), { line: `MSG old@lan Old%20Timer ${Buffer.byteLength(hello)}`, payload: hello });
  wlmSb.sendPayload('MSG 4 U', typingPayload('wlm@lan'));
  assert.deepEqual(await oldSb.next(), { line: `MSG wlm@lan Live ${Buffer.byteLength(typingPayload('wlm@lan'))}`, payload: typingPayload('wlm@lan') });
  const reply = textPayload('hi from Live ✓', 'FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0');
  wlmSb.sendPayload('MSG 5 N', reply);
  assert.deepEqual(await oldSb.next(), { line: `MSG wlm@lan Live ${Buffer.byteLength(reply)}`, payload: reply });

  wlmSb.send('OUT');
  assert.equal(await oldSb.nextLine(), 'BYE wlm@lan');
  oldSb.send('OUT');
  old.close();
  wlm.close();
});

test('MSNP15 calls MSNP7: RNG in the MSNP7 syntax, JOI with capabilities for MSNP15', async () => {
  const old = await signInOld();
  const wlm = await signInWlm();
  const { sb: wlmSb } = await openSwitchboard(wlm, { handle: 'wlm@lan', trid: 11 });
  wlmSb.send('CAL 2 old@lan');
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(await wlmSb.nextLine())?.[1];
  const { sb: oldSb, rng } = await answerRing(old, { handle: 'old@lan' });
  assert.match(rng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ wlm@lan Live$`));
  assert.equal(await oldSb.nextLine(), 'IRO 1 1 1 wlm@lan Live');
  assert.equal(await oldSb.nextLine(), 'ANS 1 OK');
  assert.equal(await wlmSb.nextLine(), 'JOI old@lan Old%20Timer 0');
  const text = textPayload('anyone there?');
  wlmSb.sendPayload('MSG 3 N', text);
  assert.deepEqual(await oldSb.next(), { line: `MSG wlm@lan Live ${Buffer.byteLength(text)}`, payload: text });
  oldSb.send('OUT');
  assert.equal(await wlmSb.nextLine(), 'BYE old@lan');
  wlmSb.send('OUT');
  old.close();
  wlm.close();
});
