// The hex-patch tool as the panel offers it: a dropped Messenger for Mac executable in, the names
// found, a patched copy and the instructions out, all in memory. Nothing is written anywhere.
import { MICROSOFT_HOSTS } from '../tls/hostnames';
import type { HexPatchResult } from '../panel/setup-types';
import { applyEdits, planHexPatch, sha1, targetProblem, type PatchTarget } from './hex-patch';
import { hexInstructions } from './hex-instructions';
import { SetupInputError } from './input-error';

export function patchMacBinary(bytes: Buffer, fileName: string, target: PatchTarget): HexPatchResult {
  const problem = targetProblem(target.host);
  if (problem) throw new SetupInputError(problem);
  const name = safeName(fileName) || 'Microsoft Messenger';
  const file = { name, size: bytes.length, sha1: sha1(bytes) };
  if (bytes.length === 0) throw new SetupInputError(`${name} is empty. Drop the file inside Microsoft Messenger.app/Contents/MacOS.`);
  const plan = planHexPatch(bytes, MICROSOFT_HOSTS, target);
  const occurrences = plan.occurrences.map((o) => ({
    host: o.host,
    encoding: o.encoding,
    offset: o.offset,
    before: o.before,
    ...(o.after !== undefined ? { after: o.after.replace(/\0+$/, '') } : {}),
    ...(o.edit ? { edit: { offset: o.edit.offset, old: o.edit.old.toString('hex'), new: o.edit.new.toString('hex') } } : {}),
    ...(o.refused ? { refused: o.refused } : {}),
  }));
  const base = { file: { ...file, ...(plan.kind ? { kind: plan.kind } : {}) }, target: target.host, occurrences, warnings: plan.warnings };
  if (!plan.kind) {
    plan.warnings.unshift(
      `${name} is not a Mac program (no Mach-O header). The one to patch is Microsoft Messenger.app/Contents/MacOS/Microsoft Messenger ` +
        '(in Finder: right-click the app > Show Package Contents).',
    );
  }
  if (plan.occurrences.length === 0) {
    return {
      ...base,
      message:
        `No Microsoft server name was found in ${name}, so there is nothing to patch and no file was made. ` +
        (plan.kind ? 'It may be a helper program rather than Messenger itself, or already patched. ' : '') +
        'The hosts file or DNS mode works for every version without a patch.',
    };
  }
  if (plan.edits.length === 0) {
    return {
      ...base,
      message: `${plan.occurrences.length} Microsoft server ${plan.occurrences.length === 1 ? 'name was' : 'names were'} found, but none can be replaced with ${target.host} (see why below), so no file was made. Use the hosts file or DNS mode instead.`,
    };
  }
  const patched = applyEdits(bytes, plan.edits);
  const patchedName = `${name} (patched for ${target.host})`;
  const text = hexInstructions({ fileName: name, size: bytes.length, sha1: file.sha1, patchedName, patchedSha1: sha1(patched), target: target.host, plan });
  const refused = plan.occurrences.filter((o) => o.refused).length;
  return {
    ...base,
    patched: { name: patchedName, mime: 'application/octet-stream', base64: patched.toString('base64') },
    instructions: { name: `${name} - hex patch instructions.txt`, mime: 'text/plain', base64: Buffer.from(text).toString('base64') },
    message:
      `${plan.edits.length} ${plan.edits.length === 1 ? 'string' : 'strings'} patched to ${target.host}, the file keeps its ${bytes.length} bytes.` +
      (refused ? ` ${refused} ${refused === 1 ? 'name' : 'names'} could not be replaced: list ${refused === 1 ? 'it' : 'them'} in the hosts file or use DNS mode.` : ''),
  };
}

/** A file name without folders or characters that break a download or a shell command. */
export function safeName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f"`$\\]/g, '').slice(0, 120).trim();
}
