// DNS mode: Butterfly's own DNS server, switched on and off here, and the one thing to change on
// the old computer (its DNS server) when it runs.
import { useState } from 'react';
import type { ClientSetupGuide, DnsStatus } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { CopyButton } from '../../components/CopyButton';
import { Notice } from '../../components/Card';
import { InstallSteps } from '../certificates/InstallSteps';

export function DnsMode({ dns, guide }: { dns: DnsStatus; guide: ClientSetupGuide }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const set = (enabled: boolean, isolated = dns.isolated) => {
    setBusy(true);
    setError(undefined);
    panel()
      .call('setDnsMode', { enabled, isolated })
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const os = guide.family.os === 'macos' ? 'Mac' : 'PC';
  return (
    <div className="dns-mode">
      <div className="dns-state">
        {dns.running ? (
          <span className="pill ok" data-testid="dns-state">
            DNS mode on, port {dns.port}
          </span>
        ) : (
          <span className="pill warn" data-testid="dns-state">
            DNS mode off
          </span>
        )}
        <button type="button" className={dns.running ? undefined : 'primary'} disabled={busy} onClick={() => set(!dns.running)}>
          {dns.running ? 'Turn DNS mode off' : 'Turn DNS mode on'}
        </button>
        <label className="check">
          <input type="checkbox" checked={dns.isolated} disabled={busy} onChange={(e) => set(dns.running, e.target.checked)} />
          No internet on this network: refuse every other name
        </label>
      </div>
      {(error ?? dns.problem) && (
        <Notice kind="error" title="DNS mode could not start">
          <p>{error ?? dns.problem}</p>
        </Notice>
      )}
      <p className="muted">
        Butterfly answers every Microsoft name Messenger uses (and every name under passport.com, passport.net, msn.com, live.com and hotmail.com) with{' '}
        <code>{dns.answer}</code>.{' '}
        {dns.isolated
          ? 'Every other name is refused.'
          : dns.upstream.length > 0
            ? `Other names are passed on to ${dns.upstream.join(', ')}, so web pages still work.`
            : 'No resolver is known for other names: they fail.'}{' '}
        Each answer shows up in Live traffic.
      </p>
      <div className="one-change">
        <div className="muted">The one thing to change on the {os}: its DNS server</div>
        <div className="big-address">
          <span data-testid="dns-server-address">{dns.answer}</span>
          <CopyButton text={dns.answer} />
        </div>
      </div>
      <InstallSteps steps={guide.dns.steps} />
      {!dns.running && <p className="hint warn">Turn DNS mode on first: until then, nothing answers at {dns.answer} on port 53.</p>}
    </div>
  );
}
