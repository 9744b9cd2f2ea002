// The panel address carries the API token in its fragment (#token=…), which never reaches any
// server log. The page moves it into this tab's session storage and takes it out of the address
// bar, so it does not end up in screenshots, bookmarks or the fragment-based page routes.
const KEY = 'butterfly-panel-token';

export function takeToken(): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    history.replaceState(null, '', `${location.pathname}${location.search}#/dashboard`);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
