// npm run bench [-- name…]: runs every bench/*.bench.ts (or the named ones) one after another and
// prints their figures as a table (stderr) and as JSON (stdout). Figures taken as { value, load }
// carry the machine's 1-minute load average beside them. Speed targets live here, never in timed tests.
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
process.stderr.write(table(results));
console.log(JSON.stringify(results, null, 2));

/** One row per figure: its path, its value, and the load beside it when the bench recorded one. */
function table(obj: Record<string, unknown>): string {
  const rows: [string, string, string][] = [];
  const walk = (o: unknown, at: string) => {
    if (o && typeof o === 'object' && 'value' in o && 'load' in o) {
      const f = o as { value: number; load: number };
      rows.push([at, String(f.value), String(f.load)]);
    } else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) walk(v, at ? `${at}.${k}` : k);
    } else rows.push([at, String(o), '']);
  };
  walk(obj, '');
  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  const line = (r: [string, string, string]) => `${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}\n`;
  return line(['figure', 'value', 'load (1 min)']) + rows.map(line).join('');
}
