// Which command-line arguments of the Electron process are Butterfly's own options. Electron and
// Chromium add switches of their own (--inspect, --remote-debugging-port, --no-sandbox…), and the
// app path comes first in development, so only the options `npm run serve` documents are kept.
import { USAGE } from '../server/cli-options';

/** Options from the usage text: "--name" alone is a flag, "--name VALUE" takes a value. */
function knownOptions(): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const m of USAGE.matchAll(/^\s+(--[a-z][a-z-]*)( [A-Z]+)?/gm)) out.set(m[1]!, Boolean(m[2]));
  return out;
}

export function appArguments(argv: readonly string[]): string[] {
  const known = knownOptions();
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const takesValue = known.get(flag);
    if (takesValue === undefined) continue;
    out.push(arg);
    if (takesValue && !arg.includes('=') && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}
