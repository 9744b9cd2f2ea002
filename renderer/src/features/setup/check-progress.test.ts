import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientProgress } from '../../../../server/panel/contract';
import { verdictOf } from '../../../../server/setup/check-family';
import { stepViews, stopPoint } from './check-progress';

const check: ClientProgress['check'] = [
  { id: 'dns', label: 'DNS', note: 'DNS mode only' },
  { id: 'ns', label: 'NS' },
  { id: 'usr', label: 'USR' },
  { id: 'tls', label: 'TLS' },
  { id: 'nexus', label: 'Nexus', note: '7.0 only' },
  { id: 'passport', label: 'Login' },
  { id: 'signed-in', label: 'Signed in' },
];
const at = 1;
/** A progress as the server lists it: the verdict worked out from the steps. */
const p = (steps: ClientProgress['steps']): ClientProgress => ({
  address: '10.0.0.9',
  family: 'msn-7',
  familyLabel: 'MSN Messenger 7.0 and 7.5',
  firstSeen: at,
  lastSeen: at,
  steps,
  check,
  ...verdictOf(steps, check),
});
const ok = { state: 'ok' as const, at, detail: '' };

test('the first step not reached after the furthest one is what it waits for; DNS counts only in DNS mode', () => {
  const progress = p({ ns: ok, usr: ok });
  const views = stepViews(progress, false);
  assert.deepEqual(views.map((v) => v.state), ['skipped', 'ok', 'ok', 'waiting', 'waiting', 'waiting', 'waiting']);
  assert.equal(stopPoint(progress, views)!.step.id, 'tls');
  assert.equal(stopPoint(p({}), stepViews(p({}), true))!.step.id, 'dns');
});

test('in DNS mode, a client that got further without asking Butterfly\'s DNS (a hosts file) is not blamed on DNS', () => {
  const progress = p({ ns: ok, usr: ok, tls: ok });
  const views = stepViews(progress, true);
  assert.equal(views[0]!.state, 'skipped');
  assert.equal(stopPoint(progress, views)!.step.id, 'nexus');
});

test('a wrong password is where it failed, in the server\'s words; an earlier TLS failure is history, not blamed', () => {
  const progress = p({
    ns: ok,
    usr: ok,
    tls: { state: 'failed', at, detail: 'HandshakeFailed (an earlier try)' },
    nexus: ok,
    passport: { state: 'failed', at, detail: 'token service (RST.srf): 200 — wrong password for bob@lan: type it again in Messenger, or set a new one in Accounts' },
  });
  assert.deepEqual([progress.reached?.id, progress.failed?.id], ['nexus', 'passport']);
  const stop = stopPoint(progress, stepViews(progress, false))!;
  assert.equal(stop.step.id, 'passport');
  assert.match(stop.why, /^Token service \(RST\.srf\): 200 — wrong password for bob@lan/);
  assert.doesNotMatch(stop.why, /certificate|TLS|DNS/);
});

test('an optional nexus is skipped once login is seen; every step done: no stop point', () => {
  const progress = p({ ns: ok, usr: ok, tls: ok, passport: { state: 'failed', at, detail: 'x' } });
  assert.equal(stepViews(progress, false).find((v) => v.id === 'nexus')!.state, 'skipped');
  const done = p(Object.fromEntries(check.map((c) => [c.id, ok])));
  assert.equal(stopPoint(done, stepViews(done, true)), undefined);
});

test('a failed handshake after the furthest step gets the usual causes and what was seen', () => {
  const progress = p({ ns: ok, usr: ok, tls: { state: 'failed', at, detail: 'HandshakeFailed: unknown CA' } });
  const stop = stopPoint(progress, stepViews(progress, false))!;
  assert.equal(stop.step.id, 'tls');
  assert.match(stop.why, /certificate authority is not installed.*\(HandshakeFailed: unknown CA\)$/);
});
