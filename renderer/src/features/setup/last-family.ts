// The client family last chosen on Client setup, remembered in this browser so the page (and the
// Dashboard's first steps) open on it next time instead of on Messenger for Mac for everyone.
import { CLIENT_FAMILY_IDS, type ClientFamilyId } from '../../../../server/panel/contract';

const KEY = 'butterfly.setup.family';

export function lastFamily(): ClientFamilyId | undefined {
  try {
    const v = localStorage.getItem(KEY);
    return CLIENT_FAMILY_IDS.find((f) => f === v);
  } catch {
    return undefined;
  }
}

export function rememberFamily(f: ClientFamilyId): void {
  try {
    localStorage.setItem(KEY, f);
  } catch {
    // Storage refused (private window): the choice lasts this page.
  }
}
