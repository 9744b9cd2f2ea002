// npm run fuzz [-- --inputs 1000000 --http 20000]: the property-test targets over many more inputs,
// in process (codec, XML, TLS, DNS) and over HTTP against a real server (Passport, SOAP). Prints
// inputs, crashes (an invariant broken or an unexpected exception, with the input that did it),
// time and memory per target, and exits 1 on any crash.
import fc from 'fast-check';
import http from 'node:http';
import { PARSER_TARGETS } from './targets';
import { checkFuzzRequest, httpRequests } from './http-targets';
import { startTestServer } from '../test-support/test-server';
import { passportLogin } from '../test-support/passport-login';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : Number(process.env[`FUZZ_${name.toUpperCase()}`] ?? fallback);
}

const totalInputs = option('inputs', 1_050_000);
const httpInputs = option('http', 20_000);
const seed = option('seed', Date.now() % 2 ** 31);
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

interface Row {
  target: string;
  inputs: number;
  crashes: number;
  ms: number;
  heapMB: number;
  crash?: string;
}
const rows: Row[] = [];
const rssBefore = process.memoryUsage().rss;
const perTarget = Math.ceil(totalInputs / PARSER_TARGETS.length);

for (const target of PARSER_TARGETS) {
  const started = Date.now();
  const out = fc.check(fc.property(target.input, (input) => target.check(input)), { numRuns: perTarget, seed, endOnFailure: true });
  const row: Row = { target: target.name, inputs: out.numRuns, crashes: out.failed ? 1 : 0, ms: Date.now() - started, heapMB: mb(process.memoryUsage().heapUsed) };
  if (out.failed) row.crash = `${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)} — input ${fc.stringify(out.counterexample)}`;
  rows.push(row);
  process.stderr.write(`fuzz: ${row.target}: ${row.inputs} inputs, ${row.crashes} crashes, ${row.ms} ms\n`);
}

if (httpInputs > 0) {
  const app = await startTestServer({ demo: true, limits: { perAddress: { NS: 16, SB: 200, HTTP: 64, HTTPS: 32 } } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const ticket = (await passportLogin(app.ports.http, 'me@local', 'butterfly')).fromPP!;
    const started = Date.now();
    const rssServer = process.memoryUsage().rss;
    const out = await fc.check(
      fc.asyncProperty(httpRequests(() => ticket), (r) => checkFuzzRequest(app, agent, r)),
      { numRuns: httpInputs, seed, endOnFailure: true },
    );
    const row: Row = { target: 'Passport + SOAP handlers over HTTP', inputs: out.numRuns, crashes: out.failed ? 1 : 0, ms: Date.now() - started, heapMB: mb(process.memoryUsage().heapUsed) };
    if (out.failed) row.crash = `${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}`;
    rows.push(row);
    process.stderr.write(`fuzz: ${row.target}: ${row.inputs} inputs, ${row.crashes} crashes, ${row.ms} ms (rss ${mb(rssServer)} → ${mb(process.memoryUsage().rss)} MB)\n`);
  } finally {
    agent.destroy();
    await app.cleanup();
  }
}

global.gc?.();
const inputs = rows.reduce((n, r) => n + r.inputs, 0);
const crashes = rows.reduce((n, r) => n + r.crashes, 0);
const report = { seed, inputs, crashes, rssMB: { before: mb(rssBefore), after: mb(process.memoryUsage().rss) }, heapMB: mb(process.memoryUsage().heapUsed), targets: rows };
console.log(JSON.stringify(report, null, 2));
process.exit(crashes > 0 ? 1 : 0);
