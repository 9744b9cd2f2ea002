// What to do first, while no Messenger client has signed in yet: pick your client, set it up,
// sign in. Each step is ticked from what the server saw; the card goes once a client has signed in.
import { useServer } from '../../state/server-store';
import { useSetup } from '../../state/setup-store';
import { navigate } from '../../state/route';
import { Card } from '../../components/Card';
import { lastFamily } from '../setup/last-family';

export function FirstSteps() {
  const signedIn = useServer((s) => s.sessions.some((x) => x.account));
  const accounts = useServer((s) => s.accounts.length);
  const reached = useSetup((s) => s.progress.length > 0);
  const family = lastFamily();
  if (signedIn) return null;
  const steps = [
    {
      done: family !== undefined,
      title: 'Pick your Messenger client',
      text: 'MSN Messenger 5–7.5, Windows Live Messenger or Messenger for Mac: each needs its own steps.',
      action: 'Choose the client',
      go: () => navigate({ page: 'setup' }),
    },
    {
      done: reached,
      title: 'Set it up',
      text: 'Point the client at this computer (hosts file or DNS mode) and install the certificate where the guide says.',
      action: 'Open the guide',
      go: () => navigate({ page: 'setup', ...(family ? { param: family } : {}) }),
    },
    {
      done: false,
      title: 'Sign in',
      text: accounts > 0 ? `Sign in with one of the ${accounts} accounts (or create one); the connection check shows how far the client gets.` : 'Create an account first, then sign in with it in the client.',
      action: accounts > 0 ? 'See the accounts' : 'Create an account',
      go: () => navigate({ page: 'accounts', ...(accounts > 0 ? {} : { param: 'new' }) }),
    },
  ];
  const current = steps.findIndex((s) => !s.done);
  return (
    <Card title="First steps" label="First steps">
      <ol className="first-steps">
        {steps.map((s, i) => (
          <li key={s.title} className={s.done ? 'done' : i === current ? 'current' : undefined} aria-current={i === current ? 'step' : undefined}>
            <span className="step-mark" aria-hidden>
              {s.done ? '✓' : i + 1}
            </span>
            <div className="step-text">
              <div className="strong">{s.title}</div>
              <div className="muted small">{s.text}</div>
            </div>
            <button type="button" className={`small${i === current ? ' primary' : ''}`} onClick={s.go}>
              {s.action}
            </button>
          </li>
        ))}
      </ol>
    </Card>
  );
}
