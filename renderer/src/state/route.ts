// Pages live in the address fragment (#/accounts/me@local) so reloads and the back button work.
import { create } from 'zustand';

export type Page = 'dashboard' | 'accounts' | 'conversations' | 'traffic' | 'certificates' | 'setup';
const PAGES: readonly Page[] = ['dashboard', 'accounts', 'conversations', 'traffic', 'certificates', 'setup'];

export interface Route {
  page: Page;
  /** The rest of the path: the selected account on the accounts page. */
  param?: string;
}

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const p = PAGES.find((x) => x === page) ?? 'dashboard';
  const param = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined;
  return param ? { page: p, param } : { page: p };
}

export function routeHash(r: Route): string {
  return `#/${r.page}${r.param ? `/${encodeURIComponent(r.param)}` : ''}`;
}

export const useRoute = create<Route>(() => parseRoute(location.hash));

/** Puts `r` in the store unless it is already there (the hashchange after `navigate` is then a no-op). */
function setRoute(r: Route): void {
  const now = useRoute.getState();
  if (now.page !== r.page || now.param !== r.param) useRoute.setState(r, true);
}

window.addEventListener('hashchange', () => setRoute(parseRoute(location.hash)));

/**
 * The store changes at once, not at the hashchange (a task later): so a caller that has just put
 * the new page's data in a store gets one render with both, not one without the data and one with.
 */
export function navigate(r: Route): void {
  const hash = routeHash(r);
  if (location.hash !== hash) location.hash = hash;
  setRoute(parseRoute(hash));
}
