// Butterfly's certificate authority: what it is for, how to recognise it, the file for each OS
// and the steps to install it as a trusted root on the computers that run Messenger.
import { useEffect, useState } from 'react';
import type { CertificateInfo } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';
import { Card, PageHeader } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { InstallSteps } from './InstallSteps';
import { saveFile } from '../../components/files';

type Os = keyof CertificateInfo['steps'];
const OS_TABS: { os: Os; label: string; file: CertificateInfo['files'][number]['format'] }[] = [
  { os: 'windows', label: 'Windows', file: 'crt' },
  { os: 'macos', label: 'Mac OS X 10.5 and later', file: 'der' },
  { os: 'macos-tiger', label: 'Mac OS X 10.4 Tiger', file: 'der' },
  { os: 'linux', label: 'Linux', file: 'pem' },
];

export function CertificatesPage() {
  const connected = useServer((s) => s.connection.state === 'connected');
  const [info, setInfo] = useState<CertificateInfo>();
  const [error, setError] = useState<string>();
  const [os, setOs] = useState<Os>('windows');
  useEffect(() => {
    if (!connected) return;
    panel()
      .call('getCertificate', {})
      .then(setInfo, (e: Error) => setError(e.message));
  }, [connected]);

  const download = (format: CertificateInfo['files'][number]['format']) => {
    const f = info?.files.find((x) => x.format === format);
    if (f) saveFile({ name: f.name, base64: f.base64, mime: format === 'der' ? 'application/pkix-cert' : 'application/x-x509-ca-cert' });
  };

  const tab = OS_TABS.find((t) => t.os === os)!;
  return (
    <>
      <PageHeader
        title="Certificates"
        subtitle="Messenger's sign-in pages use HTTPS. Each computer that runs Messenger must trust Butterfly's own certificate authority once; after that, sign-in works without warnings."
      />
      {error && <p className="field-error">{error}</p>}
      <Card title="Butterfly's certificate authority">
        {!info ? (
          <p className="muted">Loading…</p>
        ) : (
          <dl className="facts">
            <dt>Name</dt>
            <dd>{info.subject}</dd>
            <dt>SHA-1 fingerprint</dt>
            <dd className="mono">
              {info.fingerprintSha1} <CopyButton text={info.fingerprintSha1} />
            </dd>
            <dt>Valid</dt>
            <dd>
              {new Date(info.validFrom).toLocaleDateString()} to {new Date(info.validTo).toLocaleDateString()}
            </dd>
          </dl>
        )}
        <p className="muted small">
          Compare the fingerprint with what the client computer shows when installing: if they match, it is this certificate. Only the certificate is
          offered here; its private key never leaves this computer.
        </p>
      </Card>
      <Card title="Install it on a Messenger computer">
        <div className="tabs" role="tablist" aria-label="Operating system">
          {OS_TABS.map((t) => (
            <button key={t.os} type="button" role="tab" aria-selected={t.os === os} className={t.os === os ? 'active' : undefined} onClick={() => setOs(t.os)}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="tab-panel" role="tabpanel" aria-label={tab.label}>
          <div className="download-row">
            <button type="button" className="primary" disabled={!info} onClick={() => download(tab.file)}>
              Download {info?.files.find((f) => f.format === tab.file)?.name ?? 'certificate'}
            </button>
            <span className="muted small">Copy it to that computer, then follow these steps there.</span>
          </div>
          {info && <InstallSteps steps={info.steps[os]} />}
        </div>
      </Card>
    </>
  );
}
