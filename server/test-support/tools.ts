// External tools the tests drive (dig, openssl, gnutls-cli…): a missing one is a skip that names
// the Debian package to install, never a test that fails strangely or waits forever.
//   test('…', { skip: missingTool('dig', 'dnsutils') }, async () => { … })
import fs from 'node:fs';
import path from 'node:path';

/** undefined when `command` is on PATH; otherwise the skip reason. */
export function missingTool(command: string, debianPackage: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return undefined;
    } catch {
      // not here
    }
  }
  return `${command} is not installed: apt-get install ${debianPackage}`;
}
