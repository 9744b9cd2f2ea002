// The address Messenger clients must reach, this computer's other addresses, and a warning when
// the listeners are bound so that other computers cannot reach them.
import { useServer } from '../../state/server-store';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';

export function AddressCard() {
  const status = useServer((s) => s.status);
  if (!status) return <Card title="How clients reach this server"><p className="muted">Loading…</p></Card>;
  const bind = status.listeners.find((l) => l.name === 'ns')?.host ?? '0.0.0.0';
  const loopbackOnly = bind === '127.0.0.1' || bind === 'localhost' || bind === '::1';
  const others = status.lanAddresses.filter((a) => a !== status.publicHost);
  const publicIsLocal = status.lanAddresses.includes(status.publicHost) || loopbackOnly;
  // No address but its own: the computer is on no network, whatever --public-host says.
  const noLan = status.lanAddresses.length === 0;
  return (
    <Card title="How clients reach this server">
      <p className="muted">Messenger clients on your network must reach this computer at</p>
      <div className="big-address">
        <span data-testid="public-host">{status.publicHost}</span>
        <CopyButton text={status.publicHost} />
      </div>
      {others.length > 0 && (
        <p className="muted">
          This computer also has {others.length === 1 ? 'the address' : 'the addresses'}{' '}
          {others.map((a, i) => (
            <span key={a}>
              {i > 0 && ', '}
              <code>{a}</code>
            </span>
          ))}
          . Use whichever is on the same network as the client.
        </p>
      )}
      {loopbackOnly && (
        <p className="hint warn">
          The listeners only accept connections from this computer (bound to <code>{bind}</code>). For other computers, start Butterfly with{' '}
          <code>--host 0.0.0.0</code>.
        </p>
      )}
      {noLan && !loopbackOnly && (
        <p className="hint warn" data-testid="no-lan">
          This computer is not connected to a network (it has no address other than itself), so no other computer can reach it. Connect it to the same
          network as the Messenger clients (Wi-Fi or cable), then restart Butterfly so that it tells clients its new address.
        </p>
      )}
      {!publicIsLocal && !noLan && (
        <p className="hint warn">
          <code>{status.publicHost}</code> is not one of this computer's addresses; clients are sent there. Check <code>--public-host</code>.
        </p>
      )}
      <p className="muted small">Data folder: <code>{status.dataDir}</code></p>
    </Card>
  );
}
