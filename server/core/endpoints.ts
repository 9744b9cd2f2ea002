// Where each account is signed in: its endpoints ("places"), in sign-in order, and the rules for a
// new sign-in. From MSNP16 (WLM 2009) an account may be signed in at several machines at once, each
// named by the machine GUID its client sends in USR; clients without one keep one session per account.
//   C: USR 4 SSO S t=… <blob> {765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}     (fact sheet §2.4, LOG-MSNP18)
// Nothing here knows MSNP syntax: dialects format what these records say.
import type { Status } from './model';

/** At most this many places per account; the next sign-in is refused (the others are unaffected). */
export const MAX_ENDPOINTS_PER_ACCOUNT = 50;

/** What one endpoint says about itself (UUX PrivateEndpointData / EndpointData, CVR). */
export interface Place {
  /** Lower-case, without braces; '' for a client that signed in without one. */
  machineGuid: string;
  /** EpName: the machine name the user sees in "signed in at…". */
  name: string;
  /** 1 computer, 2 web, 3 mobile, 4 Xbox … (PrivateEndpointData ClientType). */
  clientType: string;
  idle: boolean;
  /** The status this endpoint last chose (PrivateEndpointData State, or its CHG). */
  state: Status;
  /** "caps:extcaps" from EndpointData or CHG. */
  capabilities: string;
  /** From CVR, e.g. "MSNMSGR 14.0.8117.0416 (winnt 6.1)". */
  client: string;
  /** The protocol version it speaks, e.g. "MSNP18". */
  dialect: string;
  since: number;
}

/** Profile parts WLM 2009 sends in UUX and reads back in UBX; they live as long as the account is online. */
export interface ProfileExtras {
  signatureSound: string;
  ddp: string;
  scene: string;
  colorScheme: string;
}

export const NO_EXTRAS: ProfileExtras = { signatureSound: '', ddp: '', scene: '', colorScheme: '' };

/** A signed-in client as the core sees it. */
export interface PlaceHolder {
  readonly id: string;
  readonly userId: number;
  /** Lower-case, no braces; undefined for clients without MPOP (MSNP8-15, TWN on 15/16). */
  readonly machineGuid?: string;
}

/** The account's presence: one value, whichever endpoint changed it last. */
export interface AccountPresence<E extends PlaceHolder> {
  endpoints: E[];
  places: Map<E, Place>;
  status: Status;
  capabilities: string;
  msnObject: string;
  extras: ProfileExtras;
}

export type Admission<E> = { ok: true; replaced: E[] } | { ok: false; why: string };

/**
 * Who a new sign-in replaces: the endpoint with the same machine GUID (a restart on that machine),
 * and, since clients without a GUID cannot share an account, every endpoint when the newcomer has
 * none, or every GUID-less one when it has one. Refused when the account would exceed the limit.
 */
export function admit<E extends PlaceHolder>(current: readonly E[], newcomer: E, limit = MAX_ENDPOINTS_PER_ACCOUNT): Admission<E> {
  const g = newcomer.machineGuid;
  const replaced = current.filter((o) => o !== newcomer && (!g || !o.machineGuid || o.machineGuid === g));
  const staying = current.length - replaced.length;
  if (staying >= limit) {
    return {
      ok: false,
      why: `this account is already signed in at ${staying} places (at most ${limit}); sign out somewhere first (panel → Accounts)`,
    };
  }
  return { ok: true, replaced };
}

/** "{765E4FFC-ECC6-4136-B4A0-A40FFBC55BE8}" or without braces -> "765e4ffc-…"; undefined if not a GUID. */
export function normalizeMachineGuid(s: string | undefined): string | undefined {
  const m = /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/.exec(s ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}
