// The panel: navigation on the left, the current page on the right, a banner while the server
// cannot be reached, and only an explanation when the server refuses this page's token.
import { useRoute } from './state/route';
import { useServer } from './state/server-store';
import { Sidebar } from './components/Sidebar';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { AccountsPage } from './features/accounts/AccountsPage';
import { ConversationsPage } from './features/conversations/ConversationsPage';
import { TrafficPage } from './features/traffic/TrafficPage';
import { CertificatesPage } from './features/certificates/CertificatesPage';
import { ClientSetupPage } from './features/setup/ClientSetupPage';
import { AccessCard } from './components/AccessCard';

export function App() {
  const route = useRoute();
  const connection = useServer((s) => s.connection);
  if (connection.state === 'refused') return <AccessCard>{connection.message}</AccessCard>;
  return (
    <div className="app">
      <Sidebar />
      <main className="page">
        {connection.state === 'lost' && (
          <div className={`connection-banner ${connection.state}`} role="alert">
            {connection.message}
          </div>
        )}
        {route.page === 'dashboard' && <DashboardPage />}
        {route.page === 'accounts' && <AccountsPage selected={route.param} />}
        {route.page === 'conversations' && <ConversationsPage />}
        {route.page === 'traffic' && <TrafficPage />}
        {route.page === 'certificates' && <CertificatesPage />}
        {route.page === 'setup' && <ClientSetupPage />}
      </main>
    </div>
  );
}
