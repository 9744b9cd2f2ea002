// npm run bench [-- name…]: runs every bench/*.bench.ts (or the named ones) one after another and
// prints their figures as JSON. Speed targets live here, never in timed tests.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const results: Record<string, unknown> = {};
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
  if (wanted.length && !wanted.includes(mod.name)) continue;
  process.stderr.write(`bench: ${mod.name}…\n`);
  results[mod.name] = await mod.run();
}
console.log(JSON.stringify(results, null, 2));
