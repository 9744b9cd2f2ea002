// Each listener: what it is for, where it listens, and whether it got the port it was asked for.
import type { ListenerName } from '../../../../server/panel/contract';
import { useServer } from '../../state/server-store';
import { Card } from '../../components/Card';

const PURPOSE: Record<ListenerName, { title: string; what: string }> = {
  ns: { title: 'Notification server', what: 'MSNP sign-in, contact lists, presence' },
  sb: { title: 'Switchboard', what: 'Conversations' },
  http: { title: 'HTTP', what: 'Passport sign-in, address book, config' },
  https: { title: 'HTTPS', what: 'The same over TLS, for newer clients' },
  panel: { title: 'Control panel', what: 'This panel and its API (this computer only)' },
};

export function ListenersCard() {
  const listeners = useServer((s) => s.status?.listeners);
  const dns = useServer((s) => s.status?.dns);
  return (
    <Card title="Listeners">
      <div className="scroll-x">
      <table className="table listeners">
        <thead>
          <tr>
            <th>Service</th>
            <th>Port</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {(listeners ?? []).map((l) => (
            <tr key={l.name} data-listener={l.name}>
              <td>
                <div className="strong">{PURPOSE[l.name].title}</div>
                <div className="muted small">{PURPOSE[l.name].what}</div>
              </td>
              <td>
                <code>{l.port}</code>
                <div className="muted small">{l.host === '0.0.0.0' || l.host === '::' ? 'every network' : l.host}</div>
              </td>
              <td>
                {l.state === 'listening' ? (
                  <span className="pill ok">Listening</span>
                ) : (
                  <span className="pill warn" title={l.problem?.message}>
                    Moved from {l.problem?.requestedPort}
                  </span>
                )}
              </td>
            </tr>
          ))}
          {dns && (
            <tr data-listener="dns">
              <td>
                <div className="strong">DNS mode</div>
                <div className="muted small">
                  Microsoft names → <code>{dns.answer}</code> (<a href="#/setup">Client setup</a>)
                </div>
              </td>
              <td>
                <code>{dns.port}</code>
                <div className="muted small">UDP and TCP</div>
              </td>
              <td>
                {dns.running ? (
                  <span className="pill ok">{dns.isolated ? 'Answering, isolated' : 'Answering'}</span>
                ) : dns.problem ? (
                  <span className="pill warn" title={dns.problem}>
                    Could not start
                  </span>
                ) : (
                  <span className="pill">Off</span>
                )}
              </td>
            </tr>
          )}
        </tbody>
      </table>
</div>
    </Card>
  );
}
