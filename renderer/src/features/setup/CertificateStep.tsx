// Step: trust Butterfly's certificate authority on the client's OS (the file and the steps from
// the certificates page, for just this client's systems).
import { useState } from 'react';
import type { ClientSetupGuide } from '../../../../server/panel/contract';
import { saveFile } from '../../components/files';
import { InstallSteps } from '../certificates/InstallSteps';
import { StepCard } from './StepCard';

export function CertificateStep({ n, guide }: { n: number; guide: ClientSetupGuide }) {
  const [index, setIndex] = useState(0);
  const cert = guide.certificates[Math.min(index, guide.certificates.length - 1)]!;
  return (
    <StepCard n={n} title="Trust Butterfly's certificate authority">
      <p className="muted">Messenger signs in over HTTPS; the computer must trust Butterfly's certificate authority once.</p>
      {guide.certificates.length > 1 && (
        <div className="tabs" role="tablist" aria-label="Operating system">
          {guide.certificates.map((c, i) => (
            <button key={c.os} type="button" role="tab" aria-selected={c === cert} className={c === cert ? 'active' : undefined} onClick={() => setIndex(i)}>
              {c.label}
            </button>
          ))}
        </div>
      )}
      <div className="download-row">
        <button type="button" className="primary" onClick={() => saveFile(cert.file)}>
          Download {cert.file.name}
        </button>
        <span className="muted small">Copy it to that computer, then:</span>
      </div>
      <InstallSteps steps={cert.steps} />
    </StepCard>
  );
}
