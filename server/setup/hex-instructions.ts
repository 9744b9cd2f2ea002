// The hex patch as a text a person can follow: back up, either copy the patched file in or type
// each edit in a hex editor (offset, the bytes that must be there, the bytes to write), deal with
// the code signature, and how to undo it all.
import type { Edit, HexPatchPlan, OccurrencePlan } from './hex-patch';

export interface InstructionInput {
  fileName: string;
  size: number;
  sha1: string;
  patchedName: string;
  patchedSha1: string;
  target: string;
  plan: HexPatchPlan;
}

export const APP_PATH = '/Applications/Microsoft Messenger.app';

const hex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const offsetText = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')} (${n})`;
const ENCODING: Record<OccurrencePlan['encoding'], string> = { ascii: 'ASCII text', utf16le: 'UTF-16 little-endian text', utf16be: 'UTF-16 big-endian text' };

/** Wraps a long byte list so each line stays readable in a text editor. */
function byteLines(label: string, b: Buffer): string[] {
  const words = hex(b).split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 16) out.push(`${i === 0 ? label : ' '.repeat(label.length)}${words.slice(i, i + 16).join(' ')}`);
  return out;
}

export function hexInstructions(x: InstructionInput): string {
  const exe = `${APP_PATH}/Contents/MacOS/${x.fileName}`;
  const q = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
  const patched = x.plan.occurrences.filter((o) => o.edit);
  const refused = x.plan.occurrences.filter((o) => o.refused);
  const edits: { edit: Edit; occ: OccurrencePlan }[] = patched.map((o) => ({ edit: o.edit!, occ: o }));
  const lines: string[] = [
    `Butterfly hex patch for "${x.fileName}"`,
    `Original: ${x.size} bytes, SHA-1 ${x.sha1}`,
    `Patched:  ${x.size} bytes, SHA-1 ${x.patchedSha1} (${x.patchedName})`,
    `Every Microsoft server name below is replaced with ${x.target}. The file keeps its length; only the bytes listed change.`,
    '',
    'BEFORE YOU START',
    '  1. Quit Messenger (Messenger > Quit Messenger).',
    '  2. Keep the original. In Terminal (Applications > Utilities):',
    `       cp -p ${q(exe)} ~/Desktop/${q(`${x.fileName}.original`)}`,
    '',
    'EITHER: USE THE PATCHED COPY',
    `  3. Copy ${x.patchedName} from your Downloads folder over the program:`,
    `       cp ~/Downloads/${q(x.patchedName)} ${q(exe)}`,
    `       chmod +x ${q(exe)}`,
    '',
    'OR: MAKE THE SAME CHANGES IN A HEX EDITOR (Hex Fiend, 0xED, HexEdit)',
    `  3. Open ${q(exe)} (in Finder: right-click the app > Show Package Contents > Contents > MacOS).`,
    '     Use overwrite mode: never insert or delete a byte. For each edit, go to the offset, check that the',
    '     old bytes are there (if not, this is a different version of Messenger: stop), and type the new bytes.',
    '',
  ];
  edits.forEach(({ edit, occ }, i) => {
    lines.push(`  Edit ${i + 1} of ${edits.length}: offset ${offsetText(edit.offset)}, ${edit.old.length} bytes, ${ENCODING[occ.encoding]}`);
    lines.push(`    was: ${JSON.stringify(occ.before)}`);
    lines.push(`    now: ${JSON.stringify((occ.after ?? '').replace(/\0+$/, ''))}${occ.after && /\0/.test(occ.after) ? ' (then NUL bytes up to the old length)' : ''}`);
    lines.push(...byteLines('    old bytes: ', edit.old));
    lines.push(...byteLines('    new bytes: ', edit.new));
    lines.push('');
  });
  lines.push(
    'THEN: THE CODE SIGNATURE',
    '  A patched program no longer matches its signature. Messenger for Mac 6 and 7 are not signed; for a signed',
    '  copy, on Mac OS X 10.5 and later either remove the signature:',
    `       codesign --remove-signature ${q(exe)}`,
    '  or sign it again for this Mac only ("ad-hoc"; codesign comes with Xcode or its command-line tools):',
    `       codesign --force --deep --sign - ${q(APP_PATH)}`,
    '  If the Mac then says the app is damaged or from an unidentified developer:',
    `       xattr -dr com.apple.quarantine ${q(APP_PATH)}`,
    '',
    'ALSO',
    '  - Messenger caches server names in its preferences (com.microsoft.Messenger.plist): fix or delete that file',
    '    too (the Client setup page has a plist tool).',
    `  - Install Butterfly's certificate authority on this Mac (Certificates page); sign-in uses HTTPS.`,
    `  - ${x.target} is now written into the program: give the Butterfly computer a fixed address (a DHCP reservation).`,
    '',
  );
  if (refused.length > 0) {
    lines.push('NOT PATCHED (these names still lead to Microsoft: list them in the hosts file, or use DNS mode)');
    for (const o of refused) lines.push(`  - ${o.host} at offset ${offsetText(o.offset)}: ${o.refused}`);
    lines.push('');
  }
  if (x.plan.warnings.length > 0) {
    lines.push('WARNINGS');
    for (const w of x.plan.warnings) lines.push(`  - ${w}`);
    lines.push('');
  }
  lines.push(
    'UNDO',
    '  Quit Messenger and put the original back:',
    `       cp -p ~/Desktop/${q(`${x.fileName}.original`)} ${q(exe)}`,
    '  (or install Messenger again from its disk image).',
    '',
  );
  return lines.join('\n');
}
