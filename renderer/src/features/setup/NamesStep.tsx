// Step: make Microsoft's names lead to this server, either with DNS mode (one setting on the
// client) or with the hosts file (no server needed, a file edit on the client).
import { useState } from 'react';
import type { ClientSetupGuide, DnsStatus } from '../../../../server/panel/contract';
import { saveFile } from '../../components/files';
import { CopyButton } from '../../components/CopyButton';
import { InstallSteps } from '../certificates/InstallSteps';
import { StepCard } from './StepCard';
import { DnsMode } from './DnsMode';

export function NamesStep({ n, guide, dns }: { n: number; guide: ClientSetupGuide; dns: DnsStatus }) {
  const [route, setRoute] = useState<'dns' | 'hosts'>(dns.running ? 'dns' : 'hosts');
  const h = guide.hosts;
  return (
    <StepCard n={n} title="Lead Microsoft's server names to this computer">
      <p className="muted">
        Messenger asks for names such as <code>messenger.hotmail.com</code> and <code>nexus.passport.com</code>. Choose one way to make those names
        lead to <strong>{guide.address}</strong>; neither changes the program.
      </p>
      <div className="tabs" role="tablist" aria-label="How names lead here">
        <button type="button" role="tab" aria-selected={route === 'dns'} className={route === 'dns' ? 'active' : undefined} onClick={() => setRoute('dns')}>
          DNS mode
        </button>
        <button type="button" role="tab" aria-selected={route === 'hosts'} className={route === 'hosts' ? 'active' : undefined} onClick={() => setRoute('hosts')}>
          Hosts file
        </button>
      </div>
      {route === 'dns' ? (
        <div role="tabpanel" aria-label="DNS mode">
          <DnsMode dns={dns} guide={guide} />
        </div>
      ) : (
        <div role="tabpanel" aria-label="Hosts file">
          <div className="download-row">
            <button type="button" className="primary" onClick={() => saveFile(h.file)}>
              Download {h.file.name}
            </button>
            <span className="muted small">
              {h.names.length} names for <code>{h.path}</code> <CopyButton text={h.path} label="Copy path" />
            </span>
          </div>
          <InstallSteps steps={h.steps} />
          <details className="more">
            <summary>The names, and how to undo it</summary>
            <ul className="name-list">
              {h.names.map((name) => (
                <li key={name}>
                  <code>{name}</code>
                </li>
              ))}
            </ul>
            <InstallSteps steps={h.undo} />
          </details>
        </div>
      )}
    </StepCard>
  );
}
