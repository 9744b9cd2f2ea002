// The CA certificate as the panel offers it: details to check it by, the files to install (from
// server/tls/ca-export.ts, which never hands out a key) and the steps for each OS.
import crypto from 'node:crypto';
import type { CertBundle } from '../tls/ca';
import { CA_FILE_NAMES, caInstallSteps, exportCa, type InstallOs } from '../tls/ca-export';
import type { CertificateInfo } from './contract';

const OSES: readonly InstallOs[] = ['windows', 'macos', 'macos-tiger', 'linux'];

export function certificateInfo(certs: CertBundle): CertificateInfo {
  const x509 = new crypto.X509Certificate(certs.caCertPem);
  const exp = exportCa(certs);
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    fingerprintSha1: certs.caFingerprintSha1,
    validFrom: new Date(x509.validFrom).toISOString(),
    validTo: new Date(x509.validTo).toISOString(),
    files: [
      { format: 'crt', name: CA_FILE_NAMES.crt, base64: Buffer.from(exp.crt).toString('base64') },
      { format: 'der', name: CA_FILE_NAMES.der, base64: exp.der.toString('base64') },
      { format: 'pem', name: CA_FILE_NAMES.pem, base64: Buffer.from(exp.pem).toString('base64') },
    ],
    steps: Object.fromEntries(OSES.map((os) => [os, caInstallSteps(os)])) as Record<InstallOs, string[]>,
  };
}
