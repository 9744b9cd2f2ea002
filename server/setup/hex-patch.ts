// Plans the hex patch of a Messenger for Mac executable: each Microsoft host name becomes this
// server's address without changing the file's length or any byte outside the strings that hold
// the names, and a patched copy is made in memory (the user's file is never touched).
//
// The rules, per NUL-terminated string that holds one or more names:
//   - same length: the name's bytes are overwritten, nothing else moves;
//   - shorter (an IP address is shorter than most Microsoft names): the string is rebuilt with the
//     new name and whatever followed it moved left ("https://nexus.passport.com/rdr/pprdr.asp"
//     becomes "https://192.168.1.20/rdr/pprdr.asp"), then padded with NULs up to the old
//     terminator. Code that reads the string up to its first NUL (C strings, CFSTR, NSString
//     stringWithUTF8String) sees exactly the new text, and nothing after the old end moves;
//   - longer: refused; the hosts file (or DNS mode) handles that name instead;
//   - shorter, but the end of the string is not a NUL within reach (binary data, not text): refused,
//     since shifting there could corrupt something that is not a string.
// Inside a URL the port is written too when this server does not use that scheme's default port
// (it may fit, since an IP address is short); a bare name cannot carry a port, which the result
// says. UTF-16 strings follow the same rules in 16-bit units.
import crypto from 'node:crypto';
import { encodeText, findHostOccurrences, isTextUnit, readText, unitAt, unitSize, type HostOccurrence } from './binary-scan';
import { describeExecutable } from './macho';

export interface PatchTarget {
  /** What the client must reach: an IPv4 address or a host name. */
  host: string;
  nsPort: number;
  httpPort: number;
  httpsPort: number;
}

export interface Edit {
  offset: number;
  old: Buffer;
  new: Buffer;
}

export interface OccurrencePlan extends HostOccurrence {
  /** The text around the name before and after (printable part only). */
  before: string;
  after?: string;
  /** The bytes this string's patch changes (shared by names in the same string: on the first one). */
  edit?: Edit;
  /** Why this one is not patched. */
  refused?: string;
}

export interface HexPatchPlan {
  kind?: string;
  occurrences: OccurrencePlan[];
  edits: Edit[];
  warnings: string[];
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };
const HOST_RE = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export function targetProblem(host: string): string | undefined {
  if (!HOST_RE.test(host)) return `"${host}" is not an IP address or host name (letters, digits, dots and dashes only).`;
  return undefined;
}

export function planHexPatch(buf: Buffer, hosts: readonly string[], target: PatchTarget): HexPatchPlan {
  const info = describeExecutable(buf);
  const found = findHostOccurrences(buf, hosts, info);
  const plans: OccurrencePlan[] = found.map((o) => ({ ...o, before: readText(buf, o.textStart, o.terminator >= 0 ? o.terminator : o.offset + o.byteLength, o.encoding) }));
  const edits: Edit[] = [];
  const warnings = new Set<string>();
  const bare = new Set<string>();
  // Names in the same string are rewritten together (one string, one edit).
  const groups = new Map<string, OccurrencePlan[]>();
  for (const p of plans) {
    const key = p.terminator >= 0 ? `${p.encoding}:${p.terminator}` : `${p.encoding}@${p.offset}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const edit = planString(buf, group, target, bare);
    if (edit) edits.push(edit);
  }
  const portNote = barePortWarning([...bare], target);
  if (portNote) warnings.add(portNote);
  if (plans.some((p) => !p.refused && p.host.includes('messenger.hotmail.com')) && target.nsPort !== 1863) {
    warnings.add(`Messenger connects to port 1863, but Butterfly's notification server is on port ${target.nsPort}: start Butterfly with --ns-port 1863.`);
  }
  return { kind: info.kind, occurrences: plans, edits, warnings: [...warnings] };
}

/** `bare` collects the names patched without a URL around them (they cannot carry a port). */
function planString(buf: Buffer, group: OccurrencePlan[], target: PatchTarget, bare: Set<string>): Edit | undefined {
  const first = group[0]!;
  const e = first.encoding;
  const u = unitSize(e);
  const end = first.terminator;
  const from = first.offset;
  const to = end >= 0 ? end : first.offset + first.byteLength;
  const oldText = readText(buf, from, to, e);
  // Rebuild the text from the first name to the end of the string.
  let newText = '';
  let cursor = from;
  const bareNames: string[] = [];
  for (const p of group) {
    newText += readText(buf, cursor, p.offset, e);
    const prefix = readText(buf, p.textStart, p.offset, e).toLowerCase();
    const scheme = /(https?):\/\/$/.exec(prefix)?.[1];
    let nameEnd = p.offset + p.byteLength;
    let replacement = target.host;
    // An explicit port after the name ("messenger.hotmail.com:1863") becomes this server's port.
    // (Only inside a string whose end is known: the port digits are part of what is rebuilt.)
    const portText = end >= 0 ? readPort(buf, nameEnd, e) : undefined;
    if (portText) {
      replacement += `:${mapPort(Number(portText), target)}`;
      nameEnd += (portText.length + 1) * u;
    } else if (scheme) {
      const ours = scheme === 'https' ? target.httpsPort : target.httpPort;
      if (ours !== DEFAULT_PORT[scheme]) replacement += `:${ours}`;
    } else if (p.host !== 'messenger.hotmail.com') {
      // (its port 1863 is checked once, in planHexPatch)
      bareNames.push(p.host);
    }
    newText += replacement;
    cursor = nameEnd;
  }
  newText += readText(buf, cursor, to, e);

  const refuse = (why: string) => {
    for (const p of group) p.refused = why;
    return undefined;
  };
  if (newText.length > oldText.length) {
    return refuse(
      `“${newText.slice(0, 80)}” is longer than “${oldText.slice(0, 80)}”, and a patch must not change the length of anything. ` +
        `Use the hosts file (or DNS mode) for ${group.map((p) => p.host).join(', ')}.`,
    );
  }
  if (newText.length < oldText.length && end < 0) {
    return refuse(
      `This ${group[0]!.host} is not inside a NUL-terminated text string (it may be in compressed or binary data), so a shorter name cannot be padded safely. ` +
        `Use the hosts file (or DNS mode) for it.`,
    );
  }
  const oldBytes = buf.subarray(from, to);
  const newBytes = Buffer.alloc(oldBytes.length); // NUL padding
  encodeText(newText, e).copy(newBytes);
  // The edit is exactly the bytes that differ.
  let a = 0;
  while (a < oldBytes.length && oldBytes[a] === newBytes[a]) a++;
  if (a === oldBytes.length) return undefined; // already pointing here
  let b = oldBytes.length;
  while (b > a && oldBytes[b - 1] === newBytes[b - 1]) b--;
  const edit: Edit = { offset: from + a, old: Buffer.from(oldBytes.subarray(a, b)), new: Buffer.from(newBytes.subarray(a, b)) };
  for (const n of bareNames) bare.add(n);
  first.edit = edit;
  for (const p of group) p.after = readText(buf, p.textStart, from, e) + newText;
  return edit;
}

function readPort(buf: Buffer, at: number, e: 'ascii' | 'utf16le' | 'utf16be'): string | undefined {
  if (unitAt(buf, at, e) !== 0x3a) return undefined;
  let digits = '';
  for (let i = at + unitSize(e); digits.length < 5; i += unitSize(e)) {
    const c = unitAt(buf, i, e);
    if (c < 0x30 || c > 0x39) break;
    digits += String.fromCharCode(c);
  }
  const next = unitAt(buf, at + (digits.length + 1) * unitSize(e), e);
  return digits && !(next >= 0x30 && next <= 0x39) && (next <= 0 || isTextUnit(next)) ? digits : undefined;
}

function mapPort(port: number, t: PatchTarget): number {
  if (port === 1863) return t.nsPort;
  if (port === 80) return t.httpPort;
  if (port === 443) return t.httpsPort;
  return port;
}

function barePortWarning(names: string[], t: PatchTarget): string | undefined {
  if (names.length === 0 || (t.httpsPort === 443 && t.httpPort === 80)) return undefined;
  const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const fix = [t.httpsPort !== 443 ? '--https-port 443' : '', t.httpPort !== 80 ? '--http-port 80' : ''].filter(Boolean).join(' ');
  return (
    `Bare names (${list}) cannot carry a port: Messenger reaches them on the standard ports, 443 for HTTPS and 80 for HTTP, ` +
    `but Butterfly is on ${t.httpsPort !== 443 ? `HTTPS ${t.httpsPort}` : ''}${t.httpsPort !== 443 && t.httpPort !== 80 ? ' and ' : ''}${t.httpPort !== 80 ? `HTTP ${t.httpPort}` : ''}. ` +
    `Start Butterfly with ${fix} for a patched client.`
  );
}

/** A patched copy; the input buffer is left as it was. */
export function applyEdits(buf: Buffer, edits: readonly Edit[]): Buffer {
  const out = Buffer.from(buf);
  for (const e of edits) e.new.copy(out, e.offset);
  return out;
}

export function sha1(buf: Buffer): string {
  return crypto.createHash('sha1').update(buf).digest('hex');
}
