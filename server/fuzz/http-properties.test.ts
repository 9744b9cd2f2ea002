// Property-based test of the Passport and SOAP handlers (login2.srf, RST.srf, RST2.srf, the address
// book) against a real server: every fuzzed request gets a proper answer and a genuine sign-in still
// works afterwards. Short here; `npm run fuzz` sends many more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { startTestServer } from '../test-support/test-server';
import { passportLogin } from '../test-support/passport-login';
import { checkFuzzRequest, httpRequests } from './http-targets';
import type { Butterfly } from '../app';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
let app: Butterfly & { cleanup(): Promise<void> };
let ticket = '';
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
before(async () => {
  app = await startTestServer({ demo: true });
  ticket = (await passportLogin(app.ports.http, 'me@local', 'butterfly')).fromPP!;
});
after(async () => {
  agent.destroy();
  await app.cleanup();
});

test('property: Passport and SOAP handlers answer any request properly', { timeout: 120_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(httpRequests(() => ticket), (r) => checkFuzzRequest(app, agent, r)),
    { numRuns: RUNS },
  );
  // Wrong passwords among the fuzz may have slowed this address; the right one still gets in in time.
  const deadline = Date.now() + 40_000;
  let status = 0;
  while (Date.now() < deadline && (status = (await passportLogin(app.ports.http, 'me@local', 'butterfly')).status) !== 200) {
    await new Promise((r) => setTimeout(r, 1_000));
  }
  assert.equal(status, 200);
});
