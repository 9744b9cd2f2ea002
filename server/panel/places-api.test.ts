// The panel lists the places a WLM 2009 account is signed in at (machine name, client) and signs
// out one of them; the other place, and what the account's contacts see, are unaffected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../test-support/test-server';
import { signInWlm2009 } from '../test-support/wlm2009-client';
import type { Butterfly } from '../app';

let app: Butterfly & { cleanup(): Promise<void> };
const TOKEN = 'test-token-places-1';
before(async () => {
  app = await startTestServer({ panelToken: TOKEN });
  await app.core.directory.createAccount('me@lan', 'pw-me', 'Me');
});
after(async () => {
  await app.cleanup();
});

async function api(method: string, path: string) {
  const res = await fetch(`http://127.0.0.1:${app.ports.panel}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as any };
}

test('GET /api/sessions names each place; DELETE signs out that place only', async () => {
  const ports = { nsPort: app.ports.ns, httpPort: app.ports.http };
  const home = await signInWlm2009({ ...ports, email: 'me@lan', password: 'pw-me', guid: '{11111111-AAAA-4BBB-8CCC-000000000001}', epName: 'HOME-PC' });
  const work = await signInWlm2009({ ...ports, email: 'me@lan', password: 'pw-me', guid: '{22222222-AAAA-4BBB-8CCC-000000000002}', epName: 'WORK-PC' });
  const sessions = (await api('GET', '/api/sessions')).body.filter((s: any) => s.account === 'me@lan');
  assert.deepEqual(
    sessions.map((s: any) => [s.machineName, s.machineGuid, s.client, s.dialect]).sort(),
    [
      ['HOME-PC', '11111111-aaaa-4bbb-8ccc-000000000001', 'MSNMSGR 14.0.8117.0416 (winnt 6.1)', 'MSNP18'],
      ['WORK-PC', '22222222-aaaa-4bbb-8ccc-000000000002', 'MSNMSGR 14.0.8117.0416 (winnt 6.1)', 'MSNP18'],
    ],
  );
  const workId = sessions.find((s: any) => s.machineName === 'WORK-PC').id;
  assert.equal((await api('DELETE', `/api/sessions/${workId}`)).status, 200);
  assert.equal((await work.until('OUT')).line, 'OUT');
  await work.waitClosed();
  const me = app.core.users.byEmail('me@lan')!;
  assert.equal(app.core.presence.endpointsOf(me.id).length, 1);
  assert.equal(app.core.presence.snapshot(me.id)!.status, 'NLN', 'still online at home');
  home.send('PNG');
  assert.equal((await home.until('QNG')).line, 'QNG 60');
  home.close();
});
