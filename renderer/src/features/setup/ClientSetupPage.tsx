// Client setup: pick the Messenger version, then follow its steps in order with this server's
// address filled in and every file ready to download: the certificate authority, DNS mode or the
// hosts file, the caches to clear (registry or plist), the Mac hex patch, and a live check of how
// far the client gets. The chosen version is in the address (#/setup/mac-8).
import { useEffect, useState } from 'react';
import type { ClientFamilyId, ClientSetupGuide } from '../../../../server/panel/contract';
import { CLIENT_FAMILY_IDS } from '../../../../server/panel/contract';
import { panel } from '../../api/current';
import { useServer } from '../../state/server-store';
import { navigate, useRoute } from '../../state/route';
import { Card, Notice, PageHeader } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { FamilyPicker } from './FamilyPicker';
import { CertificateStep } from './CertificateStep';
import { NamesStep } from './NamesStep';
import { RegistryStep } from './RegistryStep';
import { MacPlistStep } from './MacPlistStep';
import { HexPatchStep } from './HexPatchStep';
import { ConnectionCheck } from './ConnectionCheck';
import { lastFamily, rememberFamily } from './last-family';

export function ClientSetupPage() {
  const param = useRoute((r) => r.param);
  const family: ClientFamilyId = CLIENT_FAMILY_IDS.find((f) => f === param) ?? lastFamily() ?? 'mac-8';
  const status = useServer((s) => s.status);
  const connected = useServer((s) => s.connection.state === 'connected');
  const [guide, setGuide] = useState<ClientSetupGuide>();
  const [error, setError] = useState<string>();
  const port = (name: string) => status?.listeners.find((l) => l.name === name)?.port;
  // The guide is made from the address, the ports and DNS mode's address: fetched again when they change.
  const inputs = status ? `${status.publicHost}|${port('ns')}|${port('http')}|${port('https')}|${status.dns.answer}` : '';
  useEffect(() => {
    if (!connected || !inputs) return;
    let current = true;
    panel()
      .call('getClientSetup', { family })
      .then(
        (g) => {
          if (!current) return;
          setGuide(g);
          setError(undefined);
        },
        (e: Error) => {
          if (current) setError(e.message);
        },
      );
    return () => {
      current = false;
    };
  }, [family, connected, inputs]);

  const shown = guide?.family.id === family ? guide : undefined;
  let n = 0;
  return (
    <>
      <PageHeader title="Client setup" subtitle="What each computer running Messenger needs so that it signs in here instead of at Microsoft, step by step." />
      {status && <ReachCard address={status.publicHost} ns={port('ns')} http={port('http')} https={port('https')} />}
      <FamilyPicker value={family} onChange={(f) => {
          rememberFamily(f);
          navigate({ page: 'setup', param: f });
        }} />
      {error && <p className="field-error">{error}</p>}
      {!shown || !status ? (
        <Card title="Loading">
          <p className="muted">Loading the steps…</p>
        </Card>
      ) : (
        <>
          <div className="family-summary">
            <div>
              <strong>{shown.family.label}</strong> <span className="muted">· {shown.family.versions}</span>
            </div>
            <div className="muted small">{shown.family.protocol}</div>
            {shown.family.notes.map((t) => (
              <p key={t} className="small">
                {t}
              </p>
            ))}
          </div>
          {shown.portWarnings.length > 0 && (
            <Notice kind="warning" title="Butterfly is not on the ports this client uses">
              {shown.portWarnings.map((w) => (
                <p key={w}>{w}</p>
              ))}
            </Notice>
          )}
          {/* MSN 1.0–4.7 sign in over MSNP alone: no HTTPS, no certificate. */}
          {shown.certificates.length > 0 && <CertificateStep n={++n} guide={shown} />}
          <NamesStep n={++n} guide={shown} dns={status.dns} />
          {shown.registry && <RegistryStep n={++n} registry={shown.registry} />}
          {shown.plist && <MacPlistStep n={++n} guide={shown} />}
          {shown.family.os === 'macos' && <HexPatchStep n={++n} address={status.dns.answer} />}
          <ConnectionCheck n={++n} guide={shown} dnsRunning={status.dns.running} />
        </>
      )}
    </>
  );
}

function ReachCard(props: { address: string; ns?: number; http?: number; https?: number }) {
  return (
    <Card title="What clients need to reach">
      <div className="reach">
        <div>
          <div className="muted small">This computer's address</div>
          <div className="reach-address">
            <code>{props.address}</code> <CopyButton text={props.address} />
          </div>
        </div>
        <div>
          <div className="muted small">Notification server (MSNP)</div>
          <code>
            {props.address}:{props.ns}
          </code>
        </div>
        <div>
          <div className="muted small">Passport and address book (HTTP)</div>
          <code>
            {props.address}:{props.http}
          </code>
        </div>
        <div>
          <div className="muted small">The same over HTTPS</div>
          <code>
            {props.address}:{props.https}
          </code>
        </div>
      </div>
    </Card>
  );
}
