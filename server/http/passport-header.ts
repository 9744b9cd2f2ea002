// Parses the Passport 1.4 sign-in request header (MS-PASS "Sign-in Request"):
//   Authorization: Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=bob%40x,pwd=p%2Cw,lc=1033,id=507,…
// Fields are split on raw commas, each on its first '=', values URL-decoded. The client escapes
// commas inside the password (%2C), so a raw comma always ends a field. The tail is the NS's
// `USR … TWN S` string appended verbatim; we keep it but use only sign-in and pwd.

export interface PassportCredentials {
  signIn: string;
  password: string;
  /** Every field by lower-cased key, decoded. */
  fields: Map<string, string>;
}

const SCHEME = /^\s*passport1\.4\s+/i;

/** The fields of a Passport1.4 Authorization header; undefined when it is some other scheme. */
export function parsePassportFields(header: string | undefined): Map<string, string> | undefined {
  if (!header || !SCHEME.test(header)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.replace(SCHEME, '').split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (!fields.has(key)) fields.set(key, decode(part.slice(eq + 1).trim()));
  }
  return fields;
}

/** sign-in and pwd from the header, or undefined when either is missing or empty. */
export function parsePassportCredentials(header: string | undefined): PassportCredentials | undefined {
  const fields = parsePassportFields(header);
  const signIn = fields?.get('sign-in');
  const password = fields?.get('pwd');
  if (!fields || !signIn || password === undefined || password === '') return undefined;
  return { signIn, password, fields };
}

/** URL-decoding that keeps '+' (the clients escape it as %2B) and survives a malformed escape. */
function decode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
