import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientProgress, ClientSetupGuide } from '../../../../server/panel/contract';
import { stepViews, stopPoint } from './check-progress';

const check: ClientSetupGuide['check'] = [
  { id: 'dns', label: 'DNS', note: 'DNS mode only' },
  { id: 'ns', label: 'NS' },
  { id: 'usr', label: 'USR' },
  { id: 'tls', label: 'TLS' },
  { id: 'nexus', label: 'Nexus', note: '7.0 only' },
  { id: 'passport', label: 'Login' },
  { id: 'signed-in', label: 'Signed in' },
];
const at = 1;
const p = (steps: ClientProgress['steps']): ClientProgress => ({ address: '10.0.0.9', firstSeen: at, lastSeen: at, steps });

test('the first step not reached is where it stopped; DNS counts only in DNS mode', () => {
  const views = stepViews(p({ ns: { state: 'ok', at, detail: '' }, usr: { state: 'ok', at, detail: '' } }), check, false);
  assert.deepEqual(views.map((v) => v.state), ['skipped', 'ok', 'ok', 'waiting', 'waiting', 'waiting', 'waiting']);
  assert.equal(stopPoint(views)!.step.id, 'tls');
  assert.equal(stopPoint(stepViews(p({}), check, true))!.step.id, 'dns');
});

test('a failed step is where it stopped, with what usually causes it; an optional nexus is skipped once login is seen', () => {
  const views = stepViews(
    p({
      ns: { state: 'ok', at, detail: '' },
      usr: { state: 'ok', at, detail: '' },
      tls: { state: 'ok', at, detail: '' },
      passport: { state: 'failed', at, detail: '401' },
    }),
    check,
    false,
  );
  assert.equal(views.find((v) => v.id === 'nexus')!.state, 'skipped');
  const stop = stopPoint(views)!;
  assert.equal(stop.step.id, 'passport');
  assert.match(stop.why, /password/);
  const done = stepViews(p(Object.fromEntries(check.map((c) => [c.id, { state: 'ok' as const, at, detail: '' }]))), check, true);
  assert.equal(stopPoint(done), undefined);
});
