// The local CA certificate in the forms each OS wants for "install as a trusted root", and the
// steps to do it. Only the certificate leaves this module — never a key.
//
//   butterfly-ca.pem  PEM, LF line endings        (Linux, openssl, gnutls)
//   butterfly-ca.cer  DER, binary                  (macOS Keychain Access, Tiger's certtool)
//   butterfly-ca.crt  PEM with CRLF line endings   (Windows: double-click opens the import wizard)

import crypto from 'node:crypto';
import type { CertBundle } from './ca.js';

export interface CaExport {
  pem: string;
  der: Buffer;
  crt: string;
}

export type InstallOs = 'macos' | 'macos-tiger' | 'windows' | 'linux';

/** File names the panel offers; the steps below refer to them. */
export const CA_FILE_NAMES = { pem: 'butterfly-ca.pem', der: 'butterfly-ca.cer', crt: 'butterfly-ca.crt' } as const;

export function exportCa(bundle: Pick<CertBundle, 'caCertPem'>): CaExport {
  // Re-encode from DER so every format carries exactly the same bytes, whatever whitespace
  // or extra text the stored PEM may have picked up.
  const der = Buffer.from(new crypto.X509Certificate(bundle.caCertPem).raw);
  const b64 = der.toString('base64').match(/.{1,64}/g)!;
  const lines = ['-----BEGIN CERTIFICATE-----', ...b64, '-----END CERTIFICATE-----'];
  return { pem: lines.join('\n') + '\n', der, crt: lines.join('\r\n') + '\r\n' };
}

/** Numbered steps a non-expert can follow on that OS, with the exact commands. */
export function caInstallSteps(os: InstallOs): string[] {
  const { pem, der, crt } = CA_FILE_NAMES;
  switch (os) {
    case 'windows':
      // certutil comes with Vista and later only (XP has it only with the Support Tools), so the
      // route that works everywhere comes first. A command always ends its line, after "run:", so
      // the panel can show it as code and the words around it as text.
      return [
        `1. Copy ${crt} to the Windows PC (a USB stick or a shared folder is fine).`,
        `2. Windows 98, Me, 2000 and XP: double-click ${crt}, click "Install Certificate", then Next. Choose "Place all certificates in the following store", click Browse, pick "Trusted Root Certification Authorities" and click OK, then Next and Finish, and answer Yes to the security warning.`,
        `   Or on Windows 2000 and XP, with the certificate manager: Start > Run, type this and press Enter: certmgr.msc`,
        `   Then open "Trusted Root Certification Authorities", right-click "Certificates", choose All Tasks > Import, and pick ${crt}.`,
        '3. Windows Vista, 7 and later: the same double-click works (choose "Local Machine" when asked). Or open Command Prompt as administrator (right-click it in the Start menu, "Run as administrator").',
        '   In the command prompt, go to the folder holding the file, for example the desktop: cd %USERPROFILE%\\Desktop',
        `   Then run: certutil -addstore Root ${crt}`,
        '   certutil answers "CertUtil: -addstore command completed successfully."',
        '4. Quit Messenger completely (right-click its icon by the clock > Exit) and sign in again.',
      ];
    case 'macos':
      return [
        `1. Copy ${der} to the Mac.`,
        '2. Open Terminal (Applications > Utilities > Terminal).',
        `3. Run (it asks for your password): sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${der}`,
        `   Or without Terminal: double-click ${der}, add it to the "System" keychain, then in Keychain Access double-click "Butterfly Local CA", open "Trust" and set "When using this certificate" to "Always Trust".`,
        '4. Quit Messenger and sign in again.',
      ];
    case 'macos-tiger':
      return [
        `1. Copy ${der} to the Mac (Mac OS X 10.4 Tiger or earlier).`,
        '2. Open Terminal (Applications > Utilities > Terminal).',
        `3. Run (it asks for your password): sudo certtool i ${der} k=/System/Library/Keychains/X509Anchors`,
        '4. certtool should report that the certificate was imported. Tiger trusts every certificate in X509Anchors as a root.',
        '5. Quit Messenger and sign in again.',
      ];
    case 'linux':
      return [
        `1. Copy ${pem} to the Linux computer.`,
        `2. Debian/Ubuntu: sudo cp ${pem} /usr/local/share/ca-certificates/butterfly-ca.crt && sudo update-ca-certificates`,
        `   Fedora/RHEL: sudo cp ${pem} /etc/pki/ca-trust/source/anchors/ && sudo update-ca-trust`,
        `3. Check it: openssl verify -CAfile ${pem} ${pem} should print OK.`,
        '4. Restart the program that signs in.',
      ];
  }
}
