// A .reg file that makes MSN Messenger / Windows Live Messenger forget what it cached from
// Microsoft's service. What the sources support:
//   - MSN 5.0–6.2 keep the last notification server in HKCU\Software\Microsoft\MSNMessenger,
//     value "Server" (Escargot's developer notes; an old MSN proxy's docs show it as
//     "ip;ip:1863"). Whether 7.x still writes it is not documented; deleting a missing value is
//     harmless, so the 7.x and WLM files clear it too.
//   - The server-side contact list cache of the MSNP8–12 clients sits under
//     ...\MSNMessenger\ListCache (per service, e.g. ".NET Messenger Service"; seen in code reading
//     its Allow1… values). Without it the client asks for the whole list at sign-in. Uncertain for 7.5.
//   - WLM 8.1 and later sign in through Windows Live ID, whose cached tickets and saved sign-ins live
//     under HKCU\Software\Microsoft\IdentityCRL (NINA's "clean install" steps delete it). Deleting it
//     also forgets saved passwords for Windows Live programs; the steps say so.
// PerPassportSettings (each account's own settings: colours, history) is left alone: it caches no server.
// The file uses REGEDIT4, which every regedit from Windows 95 to 10 reads; "[-key]" and "=-"
// deletions work from Windows 2000 on, and the steps give the manual way for 98/ME.
import type { ClientFamilyId, DownloadFile } from '../panel/setup-types';

type RegistryGuide = { file: DownloadFile; steps: string[]; title?: string; intro?: string };

const MSN = 'HKEY_CURRENT_USER\\Software\\Microsoft\\MSNMessenger';

export function registryFile(family: ClientFamilyId, address: string): RegistryGuide | undefined {
  if (family === 'msn-1-4') return oldMessengerServerFile(address);
  if (family !== 'msn-5-6' && family !== 'msn-7' && family !== 'wlm') return undefined;
  const lines = [
    'REGEDIT4',
    '',
    "; Butterfly: makes Messenger forget the server and lists it cached from Microsoft's service.",
    '; Quit Messenger before importing this file.',
    '',
    '; The address of the last notification server (MSN 5.0-6.2 connect straight to it).',
    `[${MSN}]`,
    '"Server"=-',
    '',
  ];
  if (family !== 'wlm') {
    lines.push('; The contact list cached from the old service; Messenger asks Butterfly for the whole list instead.', `[-${MSN}\\ListCache]`, '');
  } else {
    lines.push(
      '; Windows Live ID tickets and saved sign-ins issued by Microsoft (Windows Live Messenger 8.1 and later).',
      '; This also forgets saved passwords of other Windows Live programs.',
      '[-HKEY_CURRENT_USER\\Software\\Microsoft\\IdentityCRL]',
      '',
    );
  }
  const name = `butterfly-${family}-reset.reg`;
  const steps = [
    '1. Quit Messenger completely (right-click its icon by the clock > Exit).',
    `2. Copy ${name} to the PC and double-click it; answer Yes to the question from the Registry Editor.`,
    `   Or in a command prompt (XP and later): reg delete "HKCU\\Software\\Microsoft\\MSNMessenger" /v Server /f`,
    family === 'wlm'
      ? '   and: reg delete "HKCU\\Software\\Microsoft\\IdentityCRL" /f'
      : '   and: reg delete "HKCU\\Software\\Microsoft\\MSNMessenger\\ListCache" /f',
    '   On Windows 98 and ME, if importing does not remove them: Start > Run > regedit, open HKEY_CURRENT_USER\\Software\\Microsoft\\MSNMessenger and delete the value Server (and the key ListCache) by hand.',
  ];
  if (family === 'wlm') {
    steps.push(
      '3. If contacts from Microsoft\'s days still show up, delete the contact cache. On Vista and 7: rmdir /S /Q "%LOCALAPPDATA%\\Microsoft\\Windows Live Contacts"',
      '   On XP: rmdir /S /Q "%USERPROFILE%\\Local Settings\\Application Data\\Microsoft\\Windows Live Contacts"',
    );
  }
  const text = lines.join('\r\n');
  return { file: { name, mime: 'application/octet-stream', base64: Buffer.from(text, 'latin1').toString('base64') }, steps };
}

/**
 * MSN Messenger 1.0–4.7 and Windows Messenger 4.x (msmsgs.exe) read the notification server's name
 * from the registry, defaulting to messenger.hotmail.com (Escargot's notes: "MSN < 5: uses registry
 * for messenger.hotmail.com"). Their settings live under HKCU\Software\Microsoft\MessengerService
 * (Windows Messenger's documented key). The value name "Server" and its "host:port" form follow
 * what MSN 5 keeps under MSNMessenger; no source shows the 4.x value itself [UNCERTAIN], so the
 * steps say how to undo it and the hosts file stays the sure way.
 */
function oldMessengerServerFile(address: string): RegistryGuide {
  const key = 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService';
  const name = 'butterfly-msn-1-4-server.reg';
  const text = [
    'REGEDIT4',
    '',
    '; Butterfly: points MSN Messenger 1.0-4.7 / Windows Messenger 4.x at this server.',
    '; Quit Messenger before importing this file.',
    `[${key}]`,
    `"Server"="${address}:1863"`,
    '',
  ].join('\r\n');
  return {
    title: 'Point Messenger at Butterfly (registry)',
    intro:
      'These versions read the server address from the registry. This file sets it to this computer, so the hosts file is not even needed where it works. Nothing else is changed.',
    file: { name, mime: 'application/octet-stream', base64: Buffer.from(text, 'latin1').toString('base64') },
    steps: [
      '1. Quit Messenger completely (right-click its icon by the clock > Exit).',
      `2. Copy ${name} to the PC and double-click it; answer Yes to the question from the Registry Editor.`,
      `   Or in a command prompt (XP): reg add "HKCU\\Software\\Microsoft\\MessengerService" /v Server /d ${address}:1863 /f`,
      '3. Start Messenger and sign in. If it says it cannot reach the server, undo this and use the hosts file instead. In a command prompt (XP): reg delete "HKCU\\Software\\Microsoft\\MessengerService" /v Server /f',
      '   On 98 and ME: Start > Run > regedit, open HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService and delete the value Server.',
    ],
  };
}
