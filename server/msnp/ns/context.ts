// What every notification-server session shares: the core, the tap and the public addresses.
import type { Core } from '../../core/core';
import type { TrafficTap } from '../../tap/tap';
import type { SwitchboardAccess } from '../sb/switchboards';

export interface PublicAddresses {
  /** Host or IP clients are told to use. */
  host: string;
  nsPort: number;
  sbPort: number;
  httpPort: number;
  httpsPort: number;
}

export interface NsContext {
  core: Core;
  tap: TrafficTap;
  addresses: () => PublicAddresses;
  /** Send first sign-ins through "XFR NS" to ourselves, as the real dispatch server did. */
  dispatchRedirect?: boolean;
  /** Cookies for XFR SB (the switchboard server provides them). */
  switchboard?: SwitchboardAccess;
  /** How long a connection may take to sign in (default NS_SIGN_IN_TIMEOUT_MS). */
  signInTimeoutMs?: number;
  /** Replays a user's offline messages as conversations (MSNP8-12 clients, which have no OIM). */
  offlineReplay?: { start(recipientId: number): void };
}

/** "http://10.0.0.2:8080" or "http://10.0.0.2" on port 80. */
export function httpBase(a: PublicAddresses): string {
  return a.httpPort === 80 ? `http://${a.host}` : `http://${a.host}:${a.httpPort}`;
}
