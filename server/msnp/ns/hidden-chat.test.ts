// Someone who appears offline (HDN) starting a conversation: refused with 913 up to MSNP12 (MSN 5-7.5),
// allowed from MSNP13 (WLM 8 on; see Msnp13.hiddenMayStartChats for the sources). The person called
// is rung as usual, although the caller still looks offline in their list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { signInWlm2009 } from '../../test-support/wlm2009-client';
import { answerRing, openSwitchboard } from '../../test-support/sb-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const shy = await app.core.directory.createAccount('shy@lan', 'pw-shy', 'Shy');
  const bob = await app.core.directory.createAccount('bob@lan', 'pw-bob', 'Bob');
  app.core.directory.addToLists(shy.id, bob.id, List.FL | List.AL);
  app.core.directory.addToLists(bob.id, shy.id, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const ports = () => ({ nsPort: app.ports.ns, httpPort: app.ports.http });

test('MSN 7.5 (MSNP12) appearing offline: XFR SB is 913', async () => {
  const shy = await signInClient({ ...ports(), email: 'shy@lan', password: 'pw-shy', version: 'MSNP12', status: 'HDN' });
  shy.send('XFR 20 SB');
  assert.equal((await shy.take('913 ')).line, '913 20');
  shy.close();
});

test('WLM 2009 (MSNP18) appearing offline starts a chat; the contact is rung, yet still sees them offline', async () => {
  const bob = await signInClient({ ...ports(), email: 'bob@lan', password: 'pw-bob', version: 'MSNP8' });
  const shy = await signInWlm2009({ ...ports(), email: 'shy@lan', password: 'pw-shy', guid: '{0D0D0D0D-AAAA-4BBB-8CCC-000000000001}', status: 'HDN' });
  const { sb } = await openSwitchboard(shy, { handle: 'shy@lan;{0D0D0D0D-AAAA-4BBB-8CCC-000000000001}', trid: 21 });
  sb.send('CAL 2 bob@lan');
  assert.match(await sb.nextLine(), /^CAL 2 RINGING \d+$/);
  const { sb: bobSb, rng } = await answerRing(bob, { handle: 'bob@lan' });
  assert.match(rng, /^RNG \d+ \S+ CKI \S+ shy@lan Shy$/);
  assert.equal(await bobSb.nextLine(), 'IRO 1 1 1 shy@lan Shy');
  assert.ok(!bob.all.some((r) => r.line.includes('shy@lan') && /^(ILN|NLN)/.test(r.line)), 'shy never appeared online to Bob');
  for (const c of [sb, bobSb, shy, bob]) c.close();
});
