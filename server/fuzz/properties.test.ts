// Property-based tests (fast-check) over everything that reads bytes from the network: the MSNP
// codec, the XML reader, the TLS record and ClientHello parsers, the DNS query parser. Short here
// (a few hundred inputs each); `npm run fuzz` runs the same targets over a million inputs.
import { test } from 'node:test';
import fc from 'fast-check';
import { PARSER_TARGETS } from './targets';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

for (const target of PARSER_TARGETS) {
  test(`property: ${target.name}`, { timeout: 60_000 }, () => {
    fc.assert(fc.property(target.input, (input) => target.check(input)), { numRuns: RUNS });
  });
}
