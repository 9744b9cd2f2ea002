// What the connection check tells a person when a sign-in is refused, from the reason the server
// wrote in the traffic tap just before refusing. An unknown account and a wrong password get
// different words (one is fixed on the Accounts page, the other in Messenger), and neither ever
// points at TLS or DNS: a refusal proves those worked.
//   HTTP note: "Passport sign-in refused for bob@lan: no such account"   (then 401 / a SOAP fault)
//   NS note:   "error 911: wrong password for bob@lan (the MD5 answer does not match)"   (then 911 4)

export function noSuchAccount(account: string): string {
  return `no such account ${account}: create it in Accounts (or check the address typed in Messenger)`;
}

export function wrongPassword(account: string): string {
  return `wrong password for ${account}: type it again in Messenger, or set a new one in Accounts`;
}

/** The words for a Passport / token-service refusal note, or undefined when the line is not one. */
export function httpRefusal(note: string): { account: string; words: string } | undefined {
  const m = /sign-in refused for (\S+): (no such account|wrong password)$/.exec(note);
  if (!m) return undefined;
  return { account: m[1]!, words: m[2] === 'no such account' ? noSuchAccount(m[1]!) : wrongPassword(m[1]!) };
}

/** The words for the notification server's note before a refused USR ("error 911: …"). */
export function nsRefusal(code: string, note: string | undefined): string {
  const why = note?.replace(/^error \d{3}: /, '') ?? '';
  let m: RegExpExecArray | null;
  if ((m = /^no account (\S+) on this server/.exec(why))) return noSuchAccount(m[1]!);
  if ((m = /^wrong password for (\S+)/.exec(why))) return wrongPassword(m[1]!);
  if ((m = /^(\S+) does not allow MSN Messenger 1\.0\u20134\.7/.exec(why))) {
    return `${m[1]} does not allow MSN Messenger 1.0–4.7: in Accounts, open ${m[1]} and tick "Allow MSN Messenger 1.0–4.7", then sign in again`;
  }
  if (/^Throttled /.test(why)) return 'held back after too many wrong passwords: wait a little, then type the password carefully';
  return `the server refused the sign-in (error ${code}${why ? `: ${why}` : ''}): sign out of Messenger and sign in again`;
}
