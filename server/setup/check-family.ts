// Which client family a connection belongs to, from what it says on the notification server: the
// protocol agreed in VER and the client named in CVR. The connection check keeps one progress per
// computer and family, so MSN 4.7 and Windows Live Messenger on one PC are never mixed.
//   S: VER 1 MSNP8 CVR0        C: CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS bob@lan
//   C: CVR 2 0x0409 mac 10.14.6 i386 macmsgs 8.0.1 macmsgs bob@lan     (Messenger for Mac 8)
import type { ClientFamilyId } from '../panel/setup-types';
import { CLIENT_FAMILIES } from './client-families';
import type { CheckStepId, ClientProgress } from './connection-check';

/** The family, from the protocol number and (once CVR is seen) the client's name and version. */
export function familyOf(protocol: number, client?: { name: string; version: string }): ClientFamilyId {
  if (client?.name.toLowerCase() === 'macmsgs') return Number.parseInt(client.version, 10) >= 8 ? 'mac-8' : 'mac-6-7';
  if (protocol <= 7) return 'msn-1-4';
  if (protocol <= 10) return 'msn-5-6';
  if (protocol <= 12) return 'msn-7';
  return 'wlm';
}

/** Steps of a computer whose Messenger has not reached the notification server yet. */
const ANY_CLIENT: ClientProgress['check'] = [
  { id: 'dns', label: "Looked up a Microsoft name in Butterfly's DNS", note: 'DNS mode only' },
  { id: 'ns', label: 'Reached the notification server (MSNP)' },
  { id: 'tls', label: 'Secure connection (TLS)' },
  { id: 'nexus', label: 'Asked the Passport nexus (pprdr.asp)' },
  { id: 'passport', label: 'Passport sign-in or token service' },
];

export function checkOf(family: ClientFamilyId | undefined): { label: string; check: ClientProgress['check'] } {
  if (!family) return { label: 'Messenger (which one is not known until it reaches the notification server)', check: ANY_CLIENT };
  const f = CLIENT_FAMILIES[family];
  return { label: f.label, check: f.check.map(({ id, label, note }) => (note ? { id, label, note } : { id, label })) };
}

/**
 * The furthest step reached (the last one, in the family's order, that succeeded) and the first
 * failure after it. Failures before the furthest step are history (a retried handshake), and steps
 * before it that were never seen were passed unseen (a hosts file instead of DNS): neither is blamed.
 */
export function verdictOf(
  steps: ClientProgress['steps'],
  check: ClientProgress['check'],
): Pick<ClientProgress, 'reached' | 'failed'> {
  let reachedAt = -1;
  check.forEach((c, i) => {
    if (steps[c.id]?.state === 'ok') reachedAt = i;
  });
  const view = (i: number) => ({ id: check[i]!.id as CheckStepId, label: check[i]!.label, detail: steps[check[i]!.id]!.detail });
  const failedAt = check.findIndex((c, i) => i > reachedAt && steps[c.id]?.state === 'failed');
  return {
    ...(reachedAt >= 0 ? { reached: view(reachedAt) } : {}),
    ...(failedAt >= 0 ? { failed: view(failedAt) } : {}),
  };
}
