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

window.addEventListener('hashchange', () => useRoute.setState(parseRoute(location.hash), true));

export function navigate(r: Route): void {
  const hash = routeHash(r);
  if (location.hash !== hash) location.hash = hash;
}
