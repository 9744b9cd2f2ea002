// Reads one client computer's progress against the steps its Messenger goes through: each step
// done, failed or not reached, and the step where it stopped, with what usually causes that.
import type { CheckStepId, ClientProgress, ClientSetupGuide } from '../../../../server/panel/contract';

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
  passport: 'Check the e-mail address and password: the account must exist on the Accounts page.',
  'signed-in': 'The server refused the ticket: sign out of Messenger and sign in again.',
  soap: 'Look at the address-book lines in Live traffic.',
};

export function stepViews(p: ClientProgress, check: ClientSetupGuide['check'], dnsRunning: boolean): StepView[] {
  return check.map((c) => {
    const seen = p.steps[c.id];
    if (seen) return { ...c, state: seen.state, detail: seen.detail, at: seen.at };
    // DNS is only a step in DNS mode; the nexus only for clients that use it (a later step shows it was skipped).
    const optional = (c.id === 'dns' && !dnsRunning) || (c.id === 'nexus' && c.note !== undefined && p.steps.passport !== undefined);
    return { ...c, state: optional ? 'skipped' : 'waiting' };
  });
}

/** The first step that failed or was not reached, and why that usually happens; undefined when all are done. */
export function stopPoint(views: StepView[]): { step: StepView; why: string } | undefined {
  const step = views.find((v) => v.state === 'failed' || v.state === 'waiting');
  if (!step) return undefined;
  return { step, why: step.state === 'failed' ? (WHY_FAILED[step.id] ?? WHY_MISSING[step.id]) : WHY_MISSING[step.id] };
}
