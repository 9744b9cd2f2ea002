// node --import tsx bench/smaps-summary.ts DIR/idle.smaps DIR/after-leave.smaps …
// The resident memory of copies of /proc/PID/smaps (BENCH_LAN_SMAPS_DIR), side by side, in KB,
// grouped by what each mapping is: the node binary's code and read-only data, the V8 heap (its
// 256 KB pages), malloc's main arena ([heap]) and the arenas of other threads (64 MB reservations),
// JIT code, shared libraries. docs/performance.md, "Idle and after leaving, third pass".
import fs from 'node:fs';
import path from 'node:path';

/** What a mapping is, from its name, permissions and size. */
export function kindOf(name: string, perms: string, kb: number): string {
  if (name === '[heap]') return 'malloc: main arena ([heap])';
  if (name.startsWith('[')) return name;
  if (name) return `${path.basename(name)} ${perms}`;
  if (perms.includes('x')) return 'JIT code (anonymous rwx)';
  // glibc reserves 64 MB for each thread arena (and commits what it uses); V8 maps its heap in
  // 256 KB pages; thread stacks and small buffers are the rest.
  if (kb === 8192) return 'thread stacks (8 MB)';
  if (kb >= 1024 && kb <= 65536) return 'malloc: thread arenas (1-64 MB)';
  if (kb >= 256) return 'V8 heap pages (256 KB-1 MB)';
  return 'other anonymous (< 256 KB)';
}

export function summarize(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let kind = '';
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      kind = kindOf(m[4]!, m[3]!, (parseInt(m[2]!, 16) - parseInt(m[1]!, 16)) / 1024);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out.set(kind, (out.get(kind) ?? 0) + Number(rss[1]));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  const sums = files.map((f) => summarize(fs.readFileSync(f, 'utf8')));
  const kinds = [...new Set(sums.flatMap((s) => [...s.keys()]))].sort((a, b) => (sums.at(-1)!.get(b) ?? 0) - (sums.at(-1)!.get(a) ?? 0));
  const col = (v: string) => v.padStart(24);
  console.log(files.map((f) => col(path.basename(path.dirname(f)) + '/' + path.basename(f, '.smaps'))).join('') + '  mapping');
  for (const k of kinds) {
    const v = sums.map((s) => s.get(k) ?? 0);
    if (Math.max(...v) >= 100) console.log(v.map((x) => col(String(x))).join('') + '  ' + k);
  }
  console.log(sums.map((s) => col(String([...s.values()].reduce((a, b) => a + b, 0)))).join('') + '  total');
}
