// Statuses as Messenger users know them: the names they saw in the client's status menu, the
// order of that menu, and which glyph of assets/status each one wears.
import type { Status } from '../../server/core/model';

export const STATUS_NAMES: Record<Status, string> = {
  NLN: 'Online',
  BSY: 'Busy',
  BRB: 'Be Right Back',
  AWY: 'Away',
  PHN: 'On the Phone',
  LUN: 'Out to Lunch',
  IDL: 'Idle',
  HDN: 'Appear Offline',
  FLN: 'Offline',
};

/** The client's status menu, in its order; what the panel offers for a contact it drives. */
export const MENU_STATUSES: readonly Status[] = ['NLN', 'BSY', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN', 'FLN'];

export type Glyph = 'online' | 'busy' | 'away' | 'phone' | 'offline' | 'appear-offline';

export const STATUS_GLYPH: Record<Status, Glyph> = {
  NLN: 'online',
  BSY: 'busy',
  BRB: 'away',
  AWY: 'away',
  LUN: 'away',
  IDL: 'away',
  PHN: 'phone',
  HDN: 'appear-offline',
  FLN: 'offline',
};

/** Online statuses first, as the client sorts its list: online, then away-ish, then offline. */
export function statusRank(s: Status): number {
  return s === 'FLN' ? 2 : s === 'HDN' ? 1 : 0;
}
