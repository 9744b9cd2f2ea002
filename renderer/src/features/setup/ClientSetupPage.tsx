// Client setup: what a Messenger client on another computer needs from this one. The addresses
// and ports are real; per-client walk-throughs are added with the client setup work.
import { useServer } from '../../state/server-store';
import { navigate } from '../../state/route';
import { Card, PageHeader } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';

export function ClientSetupPage() {
  const status = useServer((s) => s.status);
  const port = (name: string) => status?.listeners.find((l) => l.name === name)?.port;
  return (
    <>
      <PageHeader title="Client setup" subtitle="What each computer running Messenger needs so that it signs in here instead of at Microsoft." />
      <Card title="What clients need to reach">
        {!status ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            <p>
              Messenger looks up Microsoft's server names. On the client computer, those names must lead to <strong>{status.publicHost}</strong>{' '}
              <CopyButton text={status.publicHost} />, where Butterfly answers:
            </p>
            <table className="table compact">
              <tbody>
                <tr>
                  <td>Notification server (MSNP)</td>
                  <td>
                    <code>
                      {status.publicHost}:{port('ns')}
                    </code>
                  </td>
                </tr>
                <tr>
                  <td>Passport and address book (HTTP)</td>
                  <td>
                    <code>
                      {status.publicHost}:{port('http')}
                    </code>
                  </td>
                </tr>
                <tr>
                  <td>Passport and address book (HTTPS)</td>
                  <td>
                    <code>
                      {status.publicHost}:{port('https')}
                    </code>
                  </td>
                </tr>
              </tbody>
            </table>
            <p className="muted small">
              Clients that sign in over HTTPS also need Butterfly's certificate authority:{' '}
              <button type="button" className="link" onClick={() => navigate({ page: 'certificates' })}>
                Certificates
              </button>
              .
            </p>
          </>
        )}
      </Card>
      <Card title="Step by step, per client">
        <p className="muted">
          Walk-throughs for each Messenger version (which names to redirect, where each client keeps its server settings) are not written yet and will
          appear on this page.
        </p>
      </Card>
    </>
  );
}
