// Step: sign in from the other computer and watch, live, how far it gets. One panel per computer
// and Messenger family (MSN 4.7 and Windows Live Messenger on one PC are two), its steps in the
// order that family goes through them, the furthest it got and the first thing that failed after.
import type { ClientProgress, ClientSetupGuide } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { useSetup } from '../../state/setup-store';
import { EmptyState } from '../../components/Card';
import { RelativeTime } from '../../components/RelativeTime';
import { StepCard } from './StepCard';
import { stepViews, stopPoint, type StepView } from './check-progress';

const MARK: Record<StepView['state'], string> = { ok: '✓', failed: '✕', waiting: '…', skipped: '–' };

export function ConnectionCheck({ n, guide, dnsRunning }: { n: number; guide: ClientSetupGuide; dnsRunning: boolean }) {
  const progress = useSetup((s) => s.progress);
  return (
    <StepCard
      n={n}
      title="Sign in, and watch each step arrive"
      actions={
        progress.length > 0 ? (
          <button type="button" className="small" onClick={() => void panel().call('resetClientProgress', {})}>
            Start over
          </button>
        ) : undefined
      }
    >
      {progress.length === 0 ? (
        <EmptyState title="Nothing from a client yet">
          Start {guide.family.label} on the other computer and sign in with an account from the <a href="#/accounts">Accounts</a> page. Each step
          shows up here the moment it happens.
        </EmptyState>
      ) : (
        <div className="check-list">
          {progress.map((p) => (
            <ClientCheck key={`${p.address} ${p.family ?? '?'}`} p={p} dnsRunning={dnsRunning} />
          ))}
        </div>
      )}
    </StepCard>
  );
}

function ClientCheck({ p, dnsRunning }: { p: ClientProgress; dnsRunning: boolean }) {
  const views = stepViews(p, dnsRunning);
  const stop = stopPoint(p, views);
  return (
    <section className="client-check" aria-label={`Client ${p.address} ${p.familyLabel}`} data-family={p.family ?? 'unknown'}>
      <header>
        <code className="strong">{p.address}</code>
        <span className="pill">{p.familyLabel}</span>
        {(p.client || p.protocol) && <span className="muted small">{[p.client, p.protocol].filter(Boolean).join(' · ')}</span>}
        {p.account && <span className="muted">{p.account}</span>}
        <span className="muted small spacer">
          last seen <RelativeTime ms={p.lastSeen} />
        </span>
      </header>
      <ol className="check-steps">
        {views.map((v) => (
          <li key={v.id} className={`check-step ${v.state}${stop?.step.id === v.id ? ' stop' : ''}`} data-step={v.id} data-state={v.state}>
            <span className="check-mark" aria-hidden>
              {MARK[v.state]}
            </span>
            <span className="check-label">
              {v.label}
              {v.note && <span className="muted small"> ({v.note})</span>}
              {v.detail && <span className="check-detail">{v.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
      {p.reached && (
        <p className="hint" data-testid="reached">
          <strong>Got as far as:</strong> {p.reached.label}.
        </p>
      )}
      {stop ? (
        <p className={`hint${stop.step.state === 'failed' ? ' warn' : ''}`} data-testid="stop-point">
          <strong>{stop.step.state === 'failed' ? 'Then failed' : 'Waiting for'}: {stop.step.label}.</strong> {stop.why}
        </p>
      ) : (
        <p className="hint ok" data-testid="stop-point">
          <strong>All the way through.</strong> This computer reaches every step of {p.familyLabel}.
        </p>
      )}
    </section>
  );
}
