// Hosts-file lines that send every Microsoft name a client uses to this server, for Windows and
// Mac OS X, with where the file is, how to add them, how to make the system forget what it had
// already looked up, and how to take them out again. This route needs no patch to the program.
import type { DownloadFile } from '../panel/setup-types';

export const HOSTS_FILE_NAME = 'butterfly-hosts.txt';
const BEGIN = '# Butterfly: Messenger servers on this network';
const END = '# End of Butterfly';

export interface HostsFileGuide {
  file: DownloadFile;
  path: string;
  steps: string[];
  undo: string[];
}

export function hostsLines(address: string, names: readonly string[]): string[] {
  const width = Math.max(15, address.length) + 1;
  return [BEGIN, ...names.map((n) => `${address.padEnd(width)} ${n}`), END];
}

export function hostsFileGuide(address: string, names: readonly string[], os: 'windows' | 'macos'): HostsFileGuide {
  const lines = hostsLines(address, names);
  if (os === 'windows') {
    // A leading blank line: appended to a hosts file whose last line has no line end, the first
    // entry would otherwise join that line.
    const text = ['', ...lines, ''].join('\r\n');
    const path = '%SystemRoot%\\System32\\drivers\\etc\\hosts';
    return {
      file: { name: HOSTS_FILE_NAME, mime: 'text/plain', base64: Buffer.from(text).toString('base64') },
      path,
      steps: [
        `1. Copy ${HOSTS_FILE_NAME} to the Windows PC (a USB stick or a shared folder is fine), for example to the desktop.`,
        '2. Open a command prompt as administrator: on Vista and 7, Start > All Programs > Accessories, right-click "Command Prompt" > "Run as administrator"; on XP, log on as an administrator and use Start > Run > cmd.',
        `3. Go to the folder with the file and add its lines to the hosts file: cd %USERPROFILE%\\Desktop && type ${HOSTS_FILE_NAME} >> ${path}`,
        `   Windows 98 and ME keep the file elsewhere: type ${HOSTS_FILE_NAME} >> C:\\WINDOWS\\HOSTS`,
        `   Or by hand: open Notepad as administrator, File > Open ${path} (choose "All Files"), paste the lines at the end, save.`,
        '4. Make Windows forget the addresses it looked up before: ipconfig /flushdns',
        '   On Windows 98 and ME, restart the computer instead.',
        `5. Check it; the answer should come from ${address}: ping messenger.hotmail.com`,
      ],
      undo: [
        `Open ${path} in Notepad (as administrator), delete the lines from "${BEGIN}" to "${END}", save, then run ipconfig /flushdns.`,
      ],
    };
  }
  const text = ['', ...lines, ''].join('\n');
  return {
    file: { name: HOSTS_FILE_NAME, mime: 'text/plain', base64: Buffer.from(text).toString('base64') },
    path: '/etc/hosts',
    steps: [
      `1. Copy ${HOSTS_FILE_NAME} to the Mac, for example to the desktop.`,
      '2. Open Terminal (Applications > Utilities > Terminal).',
      `3. Add its lines to the hosts file (it asks for your password): cat ~/Desktop/${HOSTS_FILE_NAME} | sudo tee -a /etc/hosts`,
      '4. Make the Mac forget the addresses it looked up before. On 10.7 and later: sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder',
      '   On 10.5 and 10.6: dscacheutil -flushcache',
      '   On 10.4 Tiger: lookupd -flushcache',
      `5. Check it; the answer should come from ${address}: ping -c 1 messenger.hotmail.com`,
    ],
    undo: [`Take the lines out again in Terminal (then flush the cache as in step 4): sudo sed -i '' '/^${BEGIN}/,/^${END}/d' /etc/hosts`],
  };
}
