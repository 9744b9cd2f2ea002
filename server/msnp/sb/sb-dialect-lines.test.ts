// Switchboard lines in each dialect: XFR and RNG forms (MSNP8-12, 13, 14+), IRO/JOI capabilities
// (MSNP12+, caps:ext from 16), and MSNP16's "email;{guid}" names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiate } from '../dialects';

const d = (v: number) => negotiate([`MSNP${v}`])!;
const alice = { email: 'alice@lan', friendlyName: 'Alice A', capabilities: '1342177280:48' };
const wlm = { ...alice, guid: 'F52973B6-C926-4BAD-9BA8-7C1E840E4AB0' };

test('XFR SB and RNG per version', () => {
  const rows: [number, string, string][] = [
    [8, 'XFR 5 SB 10.0.0.2:1864 CKI 1.2.3', 'RNG 99 10.0.0.2:1864 CKI 1.2.3 alice@lan Alice%20A'],
    [12, 'XFR 5 SB 10.0.0.2:1864 CKI 1.2.3', 'RNG 99 10.0.0.2:1864 CKI 1.2.3 alice@lan Alice%20A'],
    [13, 'XFR 5 SB 10.0.0.2:1864 CKI 1.2.3 U messenger.msn.com', 'RNG 99 10.0.0.2:1864 CKI 1.2.3 alice@lan Alice%20A U messenger.hotmail.com'],
    [14, 'XFR 5 SB 10.0.0.2:1864 CKI 1.2.3 U messenger.msn.com 1', 'RNG 99 10.0.0.2:1864 CKI 1.2.3 alice@lan Alice%20A U messenger.hotmail.com 1'],
    [16, 'XFR 5 SB 10.0.0.2:1864 CKI 1.2.3 U messenger.msn.com 1', 'RNG 99 10.0.0.2:1864 CKI 1.2.3 alice@lan Alice%20A U messenger.hotmail.com 1'],
  ];
  for (const [v, xfr, rng] of rows) {
    assert.equal(d(v).xfrSb('5', '10.0.0.2:1864', '1.2.3'), xfr, `MSNP${v}`);
    assert.equal(d(v).ring('99', '10.0.0.2:1864', '1.2.3', 'alice@lan', 'Alice A'), rng, `MSNP${v}`);
  }
});

test('JOI, IRO and BYE per version', () => {
  assert.deepEqual(d(11).sbJoined(wlm), ['JOI alice@lan Alice%20A']);
  assert.deepEqual(d(12).sbJoined(wlm), ['JOI alice@lan Alice%20A 1342177280']);
  assert.deepEqual(d(16).sbJoined(alice), ['JOI alice@lan Alice%20A 1342177280:48']);
  assert.deepEqual(d(16).sbJoined(wlm), [`JOI alice@lan;{${wlm.guid}} Alice%20A 1342177280:48`, 'JOI alice@lan Alice%20A 1342177280:48']);
  const bob = { email: 'bob@lan', friendlyName: 'Bob', capabilities: '0' };
  assert.deepEqual(d(16).sbRoster('3', [wlm, bob]), [
    `IRO 3 1 3 alice@lan;{${wlm.guid}} Alice%20A 1342177280:48`,
    'IRO 3 2 3 alice@lan Alice%20A 1342177280:48',
    'IRO 3 3 3 bob@lan Bob 0:0',
  ]);
  assert.deepEqual(d(8).sbRoster('3', [wlm, bob]), ['IRO 3 1 2 alice@lan Alice%20A', 'IRO 3 2 2 bob@lan Bob']);
  assert.deepEqual(d(16).sbLeft(wlm), [`BYE alice@lan;{${wlm.guid}}`, 'BYE alice@lan']);
  assert.deepEqual(d(15).sbLeft(wlm), ['BYE alice@lan']);
  assert.equal(d(15).callsSelf, false);
  assert.equal(d(16).callsSelf, true);
});
