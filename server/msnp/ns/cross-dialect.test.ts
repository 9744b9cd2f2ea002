// A LAN party: MSN Messenger 5.0 (MSNP8) and Messenger for Mac 8 (MSNP16) who have each other see
// each other sign in, change status and name, and sign out, each in its own syntax.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../test-support/test-server';
import { signInClient } from '../../test-support/mac-client';
import { List } from '../../core/model';
import type { Butterfly } from '../../app';

let app: Butterfly & { cleanup(): Promise<void> };
before(async () => {
  app = await startTestServer();
  const win = await app.core.directory.createAccount('win@lan', 'pw', 'Win');
  const mac = await app.core.directory.createAccount('mac@lan', 'pw', 'Mac');
  app.core.directory.addToLists(win.id, mac.id, List.FL | List.AL);
  app.core.directory.addToLists(mac.id, win.id, List.FL | List.AL);
});
after(async () => {
  await app.cleanup();
});

const login = (email: string, version: 'MSNP8' | 'MSNP11' | 'MSNP16') =>
  signInClient({ nsPort: app.ports.ns, httpPort: app.ports.http, email, password: 'pw', version });

test('MSNP8 and MSNP16 see each other\'s sign-in, status, name and sign-out', async () => {
  const win = await login('win@lan', 'MSNP8');
  const mac = await login('mac@lan', 'MSNP16');
  // Mac's burst has Win (MSNP16 syntax: network id, caps:ext, MSN object).
  assert.equal(await mac.nextLine(), 'ILN 5 NLN win@lan 1 Win 1085276192:0 %3Cmsnobj%2F%3E');
  assert.equal((await mac.next()).line, 'UBX win@lan 1 53');
  // Win sees Mac arrive in MSNP8 syntax: no network id, caps without ext, no MSN object, no UBX.
  assert.equal(await win.nextLine(), 'NLN NLN mac@lan Mac 1085276192');

  mac.send('CHG 6 BSY 1085276192:131088');
  await mac.take('CHG 6');
  assert.equal(await win.nextLine(), 'NLN BSY mac@lan Mac 1085276192');
  win.send('CHG 7 AWY 1085276192');
  await win.take('CHG 7');
  assert.equal(await mac.nextLine(), 'NLN AWY win@lan 1 Win 1085276192:0 %3Cmsnobj%2F%3E');
  await mac.take('UBX win@lan');

  // Names: REA on MSNP8, PRP MFN on MSNP16.
  win.send('REA 8 win@lan Windows%20XP%20Guy');
  await win.take('REA 8');
  assert.equal(await mac.nextLine(), 'NLN AWY win@lan 1 Windows%20XP%20Guy 1085276192:0 %3Cmsnobj%2F%3E');
  await mac.take('UBX win@lan');
  mac.send('PRP 9 MFN Mac%20Mini');
  await mac.take('PRP 9');
  assert.equal(await win.nextLine(), 'NLN BSY mac@lan Mac%20Mini 1085276192');

  // A PSM from the Mac never reaches MSNP8 (it has no UBX), and no NLN is sent for it either.
  mac.sendPayload('UUX 10', '<Data><PSM>hello</PSM><CurrentMedia></CurrentMedia></Data>');
  await mac.take('UUX 10');
  assert.deepEqual(await win.quiet(150), []);

  mac.send('OUT');
  assert.equal(await win.nextLine(), 'FLN mac@lan');
  win.close();
  const mac2 = await login('mac@lan', 'MSNP16');
  await mac2.quiet(100);
  assert.ok(!mac2.transcript().includes('ILN 5 NLN win@lan'), 'Win left: no presence for him');
  mac2.close();
});

test('an MSNP11 Windows client and a Mac exchange personal messages', async () => {
  const win = await login('win@lan', 'MSNP11');
  const mac = await login('mac@lan', 'MSNP16');
  await win.take('NLN NLN mac@lan');
  await win.take('UBX mac@lan');
  await mac.take('ILN 5 NLN win@lan');
  await mac.take('UBX win@lan');
  win.sendPayload('UUX 8', '<Data><PSM>from XP</PSM><CurrentMedia></CurrentMedia></Data>');
  await win.take('UUX 8');
  assert.equal((await mac.take('UBX win@lan')).payload, '<Data><PSM>from XP</PSM><CurrentMedia></CurrentMedia></Data>');
  mac.sendPayload('UUX 9', '<Data><PSM>from a Mac</PSM><CurrentMedia></CurrentMedia></Data>');
  await mac.take('UUX 9');
  assert.deepEqual(await win.take('UBX mac@lan'), { line: 'UBX mac@lan 63', payload: '<Data><PSM>from a Mac</PSM><CurrentMedia></CurrentMedia></Data>' });
  win.close();
  mac.close();
});
