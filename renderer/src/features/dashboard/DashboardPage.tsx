// The dashboard: is the server up, how do clients reach it, who is signed in.
import { useServer } from '../../state/server-store';
import { PageHeader, Notice } from '../../components/Card';
import { AddressCard } from './AddressCard';
import { ListenersCard } from './ListenersCard';
import { SessionsCard } from './SessionsCard';
import { FirstSteps } from './FirstSteps';

export function DashboardPage() {
  const status = useServer((s) => s.status);
  const moved = status?.listeners.filter((l) => l.problem) ?? [];
  return (
    <>
      <PageHeader title="Dashboard" subtitle="Butterfly answers Messenger clients on your network from this computer." />
      {moved.map((l) => (
        <Notice key={l.name} kind="warning" title={`The ${LISTENER_TITLES[l.name]} could not use port ${l.problem!.requestedPort}; it is on port ${l.port} for now.`}>
          <p>{l.problem!.message}</p>
          <p>Clients that expect port {l.problem!.requestedPort} cannot reach it until this is fixed and Butterfly is restarted.</p>
        </Notice>
      ))}
      <FirstSteps />
      <div className="dashboard-grid">
        <AddressCard />
        <ListenersCard />
      </div>
      <SessionsCard />
    </>
  );
}

export const LISTENER_TITLES = {
  ns: 'notification server',
  sb: 'switchboard',
  http: 'HTTP server',
  https: 'HTTPS server',
  panel: 'control panel',
} as const;
