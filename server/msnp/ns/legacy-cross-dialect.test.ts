// A LAN party across the generations: Windows Messenger 4.7 (MSNP7) and MSN Messenger 1.0 (MSNP2)
// next to MSN 5.0 (MSNP8) and MSN 7.5 (MSNP12). Each sees the others sign in, change status and
// name, and sign out in its own syntax; the old ones without capabilities or MSN objects.
// And with Windows Live Messenger 2009 (MSNP18), which names contacts "1:email".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { signInMd5 } from '../../test-support/md5-client';
import { List } from '../../core/model';
import { signInWlm2009, WLM2009_CAPS } from '../../test-support/wlm2009-client';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
const PEOPLE = ['old@lan', 'ancient@lan', 'five@lan', 'seven@lan', 'mac@lan', 'wlm@lan'];
before(async () => {
  app = await startTestServer();
  const ids: number[] = [];
  for (const email of PEOPLE) {
    const u = await app.core.directory.createAccount(email, 'pw', email.split('@')[0]!.toUpperCase());
    app.core.md5.allow(u.id, 'pw');
    ids.push(u.id);
  }
  for (const a of ids) for (const b of ids) if (a !== b) app.core.directory.addToLists(a, b, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const modern = (email: string, version: 'MSNP8' | 'MSNP12' | 'MSNP16') =>
  signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: 'pw', version });

test('MSNP7 with MSNP8, MSNP12 and MSNP16: presence both ways, each in its own syntax', async () => {
  const five = await modern('five@lan', 'MSNP8');
  const seven = await modern('seven@lan', 'MSNP12');
  const mac = await modern('mac@lan', 'MSNP16');
  await seven.take('ILN 5 NLN five@lan');
  await mac.take('ILN 5 NLN five@lan');
  await mac.take('ILN 5 NLN seven@lan');

  const old = await signInMd5({ nsPort: app.ports.ns, email: 'old@lan', password: 'pw', version: 7 });
  // The MSNP7 burst: no capabilities, no MSN object.
  const burst = old.all.filter((r) => r.line.startsWith('ILN 5 ')).map((r) => r.line).sort();
  assert.deepEqual(burst, ['ILN 5 NLN five@lan FIVE', 'ILN 5 NLN mac@lan MAC', 'ILN 5 NLN seven@lan SEVEN']);
  // They see the MSNP7 client arrive with capabilities 0 in their own syntax.
  assert.equal((await five.take('NLN NLN old@lan')).line, 'NLN NLN old@lan OLD 0');
  assert.equal((await seven.take('NLN NLN old@lan')).line, 'NLN NLN old@lan OLD 0 %3Cmsnobj%2F%3E');
  assert.equal((await mac.take('NLN NLN old@lan')).line, 'NLN NLN old@lan 1 OLD 0:0 %3Cmsnobj%2F%3E');

  // Old -> new: status and name.
  old.send('CHG 20 BSY');
  assert.equal((await old.take('CHG 20')).line, 'CHG 20 BSY');
  assert.equal((await five.take('NLN BSY old@lan')).line, 'NLN BSY old@lan OLD 0');
  assert.equal((await seven.take('NLN BSY old@lan')).line, 'NLN BSY old@lan OLD 0 %3Cmsnobj%2F%3E');
  assert.equal((await mac.take('NLN BSY old@lan')).line, 'NLN BSY old@lan 1 OLD 0:0 %3Cmsnobj%2F%3E');
  old.send('REA 21 old@lan Old%20Timer');
  await old.take('REA 21');
  assert.equal((await five.take('NLN BSY old@lan')).line, 'NLN BSY old@lan Old%20Timer 0');
  assert.equal((await mac.take('NLN BSY old@lan')).line, 'NLN BSY old@lan 1 Old%20Timer 0:0 %3Cmsnobj%2F%3E');

  // New -> old: MSNP7 hears NLN without capabilities; a PSM (UBX) never reaches it.
  five.send('CHG 30 AWY 1085276192');
  await five.take('CHG 30');
  assert.equal((await old.take('NLN AWY five@lan')).line, 'NLN AWY five@lan FIVE');
  seven.send('CHG 31 PHN 1085276192 0');
  await seven.take('CHG 31');
  assert.equal((await old.take('NLN PHN seven@lan')).line, 'NLN PHN seven@lan SEVEN');
  mac.send('PRP 32 MFN Mac%20Mini');
  await mac.take('PRP 32');
  assert.equal((await old.take('NLN NLN mac@lan')).line, 'NLN NLN mac@lan Mac%20Mini');
  mac.sendPayload('UUX 33', '<Data><PSM>hi</PSM><CurrentMedia></CurrentMedia></Data>');
  await mac.take('UUX 33');
  assert.ok(!(await old.quiet(150)).some((r) => r.line.startsWith('UBX')), 'no UBX for MSNP7');

  // Sign-outs both ways.
  mac.send('OUT');
  assert.equal((await old.take('FLN mac@lan')).line, 'FLN mac@lan');
  old.send('OUT');
  assert.equal((await five.take('FLN old@lan')).line, 'FLN old@lan');
  assert.equal((await seven.take('FLN old@lan')).line, 'FLN old@lan');
  five.close();
  seven.close();
});

test('MSNP2 and MSNP7 see each other; MSNP2 and MSNP12 too', async () => {
  const old = await signInMd5({ nsPort: app.ports.ns, email: 'old@lan', password: 'pw', version: 7 });
  const ancient = await signInMd5({ nsPort: app.ports.ns, email: 'ancient@lan', password: 'pw', version: 2 });
  // Old renamed himself in the test before: MSNP2's burst shows the new name, without capabilities.
  assert.equal((await ancient.take('ILN 5 NLN old@lan')).line, 'ILN 5 NLN old@lan Old%20Timer');
  assert.match((await old.take('NLN NLN ancient@lan')).line, /^NLN NLN ancient@lan ANCIENT$/);
  const seven = await modern('seven@lan', 'MSNP12');
  assert.equal((await ancient.take('NLN NLN seven@lan')).line, 'NLN NLN seven@lan SEVEN');
  ancient.send('CHG 9 LUN');
  await ancient.take('CHG 9');
  assert.equal((await seven.take('NLN LUN ancient@lan')).line, 'NLN LUN ancient@lan ANCIENT 0 %3Cmsnobj%2F%3E');
  assert.equal((await old.take('NLN LUN ancient@lan')).line, 'NLN LUN ancient@lan ANCIENT');
  ancient.close();
  assert.equal((await seven.take('FLN ancient@lan')).line, 'FLN ancient@lan');
  old.close();
  seven.close();
});

test('MSNP7 with MSNP18 (WLM 2009): presence both ways, "1:" names on MSNP18, none on MSNP7', async () => {
  const wlm = await signInWlm2009({ nsPort: app.ports.ns, httpPort: app.ports.http, email: 'wlm@lan', password: 'pw', guid: '{0B6D3E0A-2F41-4C5B-9E3A-7D21C4F8A611}' });
  const old = await signInMd5({ nsPort: app.ports.ns, email: 'old@lan', password: 'pw', version: 7 });
  // MSNP7's burst lists WLM 2009 without capabilities; WLM 2009 hears MSNP7 arrive as "1:old@lan", caps 0:0
  // (under the name the first test gave it).
  assert.ok(old.all.some((r) => r.line === 'ILN 5 NLN wlm@lan WLM'), 'the MSNP7 burst names the WLM 2009 user plainly');
  assert.equal((await wlm.take('NLN NLN 1:old@lan')).line, 'NLN NLN 1:old@lan Old%20Timer 0:0 %3Cmsnobj%2F%3E');

  old.send('CHG 20 AWY');
  await old.take('CHG 20');
  assert.equal((await wlm.take('NLN AWY 1:old@lan')).line, 'NLN AWY 1:old@lan Old%20Timer 0:0 %3Cmsnobj%2F%3E');
  wlm.send(`CHG 30 BSY ${WLM2009_CAPS} 0`);
  await wlm.take('CHG 30');
  assert.equal((await old.take('NLN BSY wlm@lan')).line, 'NLN BSY wlm@lan WLM');

  old.send('OUT');
  assert.equal((await wlm.take('FLN 1:old@lan')).line, 'FLN 1:old@lan 0:0');
  wlm.send('OUT');
  wlm.close();
});
