// Hides passwords before anything reaches the traffic tap (the panel shows the tap to whoever
// runs Butterfly; a LAN user's password has no business there). Tickets are left visible on
// purpose: they expire, are bound to one account, and are what a developer needs to debug sign-in.

/**
 * Masks the password in an Authorization header value.
 *   Passport1.4 OrgVerb=GET,…,sign-in=bob%40x,pwd=s%2Cecret,lc=1033  →  …,pwd=***,lc=1033
 * The client URL-encodes commas inside the password, so a raw comma always ends the field.
 * Any other scheme (Basic, …) carries the secret in its whole parameter, which is hidden entirely.
 */
export function maskAuthorization(value: string): string {
  if (/^\s*passport1\.4\b/i.test(value)) {
    return value.replace(/(^|[\s,])(pwd|password|passwd)=[^,]*/gi, '$1$2=***');
  }
  const sp = value.trim().indexOf(' ');
  return sp > 0 ? `${value.trim().slice(0, sp)} ***` : '***';
}

/**
 * Masks passwords in a request body: <Password>…</Password> in any namespace prefix (RST.srf's
 * wsse:Password), and pwd=/passwd= fields of form-encoded bodies.
 *   <wsse:Password>hunter2</wsse:Password>  →  <wsse:Password>***</wsse:Password>
 */
export function maskBody(body: string): string {
  // Bounded, backtrack-free patterns: this runs on whatever a client sends. In XML text a '<'
  // is always escaped, so the password ends at the next '<'.
  return body
    .replace(/(<(?:[\w.-]{1,64}:)?Password\b[^<>]{0,256}>)[^<]*/gi, '$1***')
    .replace(/(^|[&?,\s])(pwd|passwd|password)=[^&,\s]*/gi, '$1$2=***');
}

/** The header names whose values are credentials in their entirety or in part. */
export function maskHeader(name: string, value: string): string {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') return maskAuthorization(value);
  return value;
}
