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
  // Bounded, backtrack-free patterns: this runs on whatever a client sends.
  return maskPasswordElements(body).replace(/(^|[&?,\s])(pwd|passwd|password)=[^&,\s]*/gi, '$1$2=***');
}

/**
 * Hides everything from a <Password> start tag to its end tag, so a password wrapped in CDATA or
 * split by a comment (the XML reader takes both as text, RST.srf would accept it) is hidden too:
 *   <wsse:Password><![CDATA[hunter2]]></wsse:Password>  →  <wsse:Password>***</wsse:Password>
 * Without an end tag the rest of the body is hidden. Linear: every search resumes where the last stopped.
 */
function maskPasswordElements(body: string): string {
  const open = /<(?:[\w.-]{1,64}:)?Password\b[^<>]{0,256}>/gi;
  const close = /<\/(?:[\w.-]{1,64}:)?Password\s*>/gi;
  let out = '';
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const o = open.exec(body);
    if (!o) return out + body.slice(from);
    const contentStart = o.index + o[0].length;
    out += body.slice(from, contentStart);
    if (o[0].endsWith('/>')) {
      from = contentStart; // <Password/>: nothing inside
      continue;
    }
    close.lastIndex = contentStart;
    const c = close.exec(body);
    if (!c) return `${out}***`;
    out += '***';
    from = c.index;
  }
}

/** The header names whose values are credentials in their entirety or in part. */
export function maskHeader(name: string, value: string): string {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') return maskAuthorization(value);
  return value;
}
