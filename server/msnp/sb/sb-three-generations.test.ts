// One conversation across three generations: WLM 2009 (MSNP18, signed in with a machine GUID),
// MSN Messenger 5.0 (MSNP8) and Messenger for Mac 8 (MSNP16 over TWN, no GUID). Each hears the
// others in its own dialect: the WLM 2009 place twice (";{guid}" and plain) where MSNP16+ names
// places, once for MSNP8; capabilities as each version writes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { signInWlm2009, WLM2009_CAPS } from '../../test-support/wlm2009-client';
import { answerRing, openSwitchboard, textPayload } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const GUID = '{765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}';

before(async () => {
  app = await startTestServer();
  const ids: number[] = [];
  for (const [email, name] of [['wlm@lan', 'Wlm'], ['old@lan', 'Old'], ['mac@lan', 'Mac']] as const) {
    ids.push((await app.core.directory.createAccount(email, `pw-${name}`, name)).id);
  }
  for (const a of ids) for (const b of ids) if (a !== b) app.core.directory.addToLists(a, b, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

test('WLM 2009 (MSNP18) starts a chat, brings in MSN 5 (MSNP8) and Messenger for Mac 8 (MSNP16); every message reaches the other two', async () => {
  const ports = { nsPort: app.ports.ns, httpPort: app.ports.http };
  const wlm = await signInWlm2009({ ...ports, email: 'wlm@lan', password: 'pw-Wlm', guid: GUID });
  const old = await signInClient({ ...ports, email: 'old@lan', password: 'pw-Old', version: 'MSNP8' });
  const mac = await signInClient({ ...ports, email: 'mac@lan', password: 'pw-Mac', version: 'MSNP16' });

  const { sb: wlmSb, xfr } = await openSwitchboard(wlm, { handle: `wlm@lan;${GUID}`, trid: 40 });
  assert.match(xfr, /^XFR 40 SB 127\.0\.0\.1:\d+ CKI \S+ U messenger\.msn\.com 1$/);
  // The self-call with no other place: RINGING and a JOI of itself, plain.
  wlmSb.send('CAL 2 wlm@lan');
  const sessionId = /^CAL 2 RINGING (\d+)$/.exec(await wlmSb.nextLine())![1]!;
  assert.equal(await wlmSb.nextLine(), `JOI wlm@lan Wlm ${WLM2009_CAPS}`);

  wlmSb.send('CAL 3 old@lan');
  assert.equal(await wlmSb.nextLine(), `CAL 3 RINGING ${sessionId}`);
  const { sb: oldSb, rng: oldRng } = await answerRing(old, { handle: 'old@lan' });
  assert.match(oldRng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ wlm@lan Wlm$`));
  assert.equal(await oldSb.nextLine(), 'IRO 1 1 1 wlm@lan Wlm');
  assert.equal(await oldSb.nextLine(), 'ANS 1 OK');
  assert.equal(await wlmSb.nextLine(), 'JOI old@lan Old 1085276192:0');

  wlmSb.send('CAL 4 mac@lan');
  assert.equal(await wlmSb.nextLine(), `CAL 4 RINGING ${sessionId}`);
  const { sb: macSb, rng: macRng } = await answerRing(mac, { handle: 'mac@lan' });
  assert.match(macRng, new RegExp(`^RNG ${sessionId} 127\\.0\\.0\\.1:${app.ports.sb} CKI \\S+ wlm@lan Wlm U messenger\\.hotmail\\.com 1$`));
  assert.equal(await macSb.nextLine(), `IRO 1 1 3 wlm@lan;${GUID} Wlm ${WLM2009_CAPS}`);
  assert.equal(await macSb.nextLine(), `IRO 1 2 3 wlm@lan Wlm ${WLM2009_CAPS}`);
  assert.equal(await macSb.nextLine(), 'IRO 1 3 3 old@lan Old 1085276192:0');
  assert.equal(await macSb.nextLine(), 'ANS 1 OK');
  assert.equal(await wlmSb.nextLine(), 'JOI mac@lan Mac 1085276192:131088');
  assert.equal(await oldSb.nextLine(), 'JOI mac@lan Mac');

  const fromWlm = textPayload('hi from 2009', 'FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0');
  wlmSb.sendPayload('MSG 5 A', fromWlm);
  assert.equal(await wlmSb.nextLine(), 'ACK 5');
  for (const sb of [oldSb, macSb]) assert.deepEqual(await sb.next(), { line: `MSG wlm@lan Wlm ${Buffer.byteLength(fromWlm)}`, payload: fromWlm });
  const fromOld = textPayload('hi from 2003');
  oldSb.sendPayload('MSG 2 A', fromOld);
  assert.equal(await oldSb.nextLine(), 'ACK 2');
  for (const sb of [wlmSb, macSb]) assert.deepEqual(await sb.next(), { line: `MSG old@lan Old ${Buffer.byteLength(fromOld)}`, payload: fromOld });
  const fromMac = textPayload('hi from a Mac');
  macSb.sendPayload('MSG 2 N', fromMac);
  for (const sb of [wlmSb, oldSb]) assert.deepEqual(await sb.next(), { line: `MSG mac@lan Mac ${Buffer.byteLength(fromMac)}`, payload: fromMac });

  // WLM 2009 leaves: MSNP16 hears both of its names go, MSNP8 the plain one.
  wlmSb.send('OUT');
  assert.equal(await macSb.nextLine(), `BYE wlm@lan;${GUID}`);
  assert.equal(await macSb.nextLine(), 'BYE wlm@lan');
  assert.equal(await oldSb.nextLine(), 'BYE wlm@lan');
  for (const c of [oldSb, macSb, wlm, old, mac]) c.close();
});
