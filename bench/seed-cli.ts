// npm run seed -- --data DIR --accounts N --contacts K [--groups] [--watchers W] --password P
// Fills DIR (a Butterfly data folder, created if missing) for benchmarks or for trying the panel
// with a big list. See bench/seed.ts for what it makes.
import path from 'node:path';
import { Core } from '../server/core/core';
import { seed } from '../server/core/seed';

const USAGE = `Usage: npm run seed -- --data DIR --accounts N --contacts K [--groups] [--watchers W] --password P
  Makes bench0@example.com … bench{N-1}@example.com with password P, each with K contacts;
  --groups puts every contact in a group; --watchers W puts star@example.com on the lists of bench0 … bench{W-1}.`;

function parse(argv: string[]) {
  const o: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--groups') o.groups = true;
    else if (['--data', '--accounts', '--contacts', '--watchers', '--password'].includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value.`);
      o[a.slice(2)] = v;
    } else throw new Error(`Unknown option ${a}.`);
  }
  const num = (k: string, d?: number) => {
    if (o[k] === undefined && d !== undefined) return d;
    const n = Number(o[k]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} needs a whole number (got ${String(o[k] ?? 'nothing')}).`);
    return n;
  };
  if (typeof o.data !== 'string') throw new Error('--data DIR is required (the data folder to fill).');
  if (typeof o.password !== 'string' || !o.password) throw new Error('--password P is required (every account gets it).');
  return { data: o.data, accounts: num('accounts'), contacts: num('contacts', 0), watchers: num('watchers', 0), groups: !!o.groups, password: o.password };
}

let opts;
try {
  opts = parse(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
const core = Core.open(path.join(path.resolve(opts.data), 'butterfly.sqlite'));
try {
  await seed(core, { ...opts, log: (l) => process.stderr.write(`seed: ${l}\n`) });
} finally {
  core.close();
}
