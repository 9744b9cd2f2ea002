// Paged REST lists say where the neighbouring pages are and how many rows match, in headers, so a
// script can walk a list without reading the body's bookkeeping (RFC 8288 Link, as GitHub's API):
//   Link: </api/accounts?limit=100&offset=200>; rel="next", </api/accounts?limit=100&offset=0>; rel="prev"
//   X-Total-Count: 10000
// The targets are relative to the request (path and query only): the panel may be reached under
// any host name, and a reference without one resolves against the request's.

export function pageHeaders(url: URL, page: { total: number; offset: number; limit: number }): Record<string, string> {
  const at = (offset: number) => {
    const q = new URLSearchParams(url.searchParams);
    q.set('limit', String(page.limit));
    q.set('offset', String(offset));
    return `<${url.pathname}?${q.toString()}>`;
  };
  const links: string[] = [];
  if (page.offset + page.limit < page.total) links.push(`${at(page.offset + page.limit)}; rel="next"`);
  if (page.offset > 0) links.push(`${at(Math.max(0, Math.min(page.offset - page.limit, page.total - page.limit)))}; rel="prev"`);
  const headers: Record<string, string> = { 'X-Total-Count': String(page.total) };
  if (links.length > 0) headers.Link = links.join(', ');
  return headers;
}
