// Reads one client's progress (a computer and a Messenger family) against the steps that family
// goes through: each step done, failed, passed or still to come, and where it stopped, with what
// usually causes that.
import type { CheckStepId, ClientProgress } from '../../../../server/panel/contract';

export type StepView = {
  id: CheckStepId;
  label: string;
  note?: string;
  state: 'ok' | 'failed' | 'waiting' | 'skipped';
  detail?: string;
  at?: number;
};

const WHY_MISSING: Record<CheckStepId, string> = {
  dns: "This computer has not asked Butterfly's DNS for a Microsoft name: check its DNS server setting, then flush its DNS cache.",
  ns: "Messenger has not reached the notification server: messenger.hotmail.com does not lead here yet, a firewall blocks port 1863, or (MSN 5 to 6.2) the registry still holds Microsoft's old address.",
  usr: 'It connected but did not start signing in. Sign in from Messenger with an account from the Accounts page.',
  tls: 'No secure connection arrived: the sign-in names (nexus.passport.com, login.live.com) do not lead here yet, or port 443 is blocked.',
  nexus: 'Messenger did not ask the Passport nexus: nexus.passport.com does not lead here yet.',
  passport: 'Messenger did not reach the sign-in service: its name does not lead here, or the secure connection failed first.',
  'signed-in': 'Sign-in did not complete: look at Live traffic for the last lines of this connection.',
  soap: 'The contact list was not asked for yet: contacts.msn.com does not lead here, or sign-in has not finished.',
};

const WHY_FAILED: Partial<Record<CheckStepId, string>> = {
  tls: "Usually Butterfly's certificate authority is not installed on that computer (step 1), or the client offered only ciphers this system lacks.",
  soap: 'Look at the address-book lines in Live traffic.',
};

/**
 * Each step of this client's family: done, failed, passed unseen (before the furthest step reached:
 * a hosts file instead of DNS mode, say) or still to come.
 */
export function stepViews(p: ClientProgress, dnsRunning: boolean): StepView[] {
  const reachedAt = p.reached ? p.check.findIndex((c) => c.id === p.reached!.id) : -1;
  return p.check.map((c, i) => {
    const seen = p.steps[c.id];
    if (seen) return { ...c, state: seen.state, detail: seen.detail, at: seen.at };
    // DNS is only a step in DNS mode; the nexus only for clients that use it (a later step shows it was skipped).
    const optional = (c.id === 'dns' && !dnsRunning) || (c.id === 'nexus' && c.note !== undefined && p.steps.passport !== undefined);
    return { ...c, state: optional || i < reachedAt ? 'skipped' : 'waiting' };
  });
}

/**
 * Where it stopped: the first failure after the furthest step reached (the server's words say what
 * to do), or else the next step still to come; undefined when every step is done.
 */
export function stopPoint(p: ClientProgress, views: StepView[]): { step: StepView; why: string } | undefined {
  if (p.failed) {
    const step = views.find((v) => v.id === p.failed!.id)!;
    // A refused sign-in carries its own advice (no such account / wrong password); a failed handshake gets the usual causes too.
    const refusal = step.id === 'passport' || step.id === 'signed-in';
    return { step, why: refusal ? capitalise(p.failed.detail) : `${WHY_FAILED[step.id] ?? WHY_MISSING[step.id]} (${p.failed.detail})` };
  }
  const step = views.find((v) => v.state === 'waiting');
  return step ? { step, why: WHY_MISSING[step.id] } : undefined;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
