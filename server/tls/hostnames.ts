// Every Microsoft host name that the old Messenger clients (MSN Messenger 5 – Windows Live
// Messenger 2009) reach over HTTPS or HTTP. The local DNS/hosts redirection points these at
// Butterfly, and the server certificate lists each one as a subjectAltName so that the
// clients' TLS stacks accept it once the local CA is installed.
//
// Adding a host here is enough: ca.ts notices that an existing leaf certificate does not
// cover the new name and issues a fresh one (the CA itself is kept).

export const MICROSOFT_HOSTS: readonly string[] = Object.freeze([
  // Passport / Live ID sign-in (Tweener "nexus" redirect, then the login server).
  'nexus.passport.com',
  'nexusrdr.passport.com',
  'login.passport.com',
  'loginnet.passport.com',
  'login.passport.net',
  'login.live.com',
  'accountservices.passport.net',
  'accountservices.msn.com',
  // Address book and membership SOAP services (MSNP13+).
  'contacts.msn.com',
  'omega.contacts.msn.com',
  'byrdr.omega.contacts.msn.com',
  'local-bay.contacts.msn.com',
  // Roaming profile / display picture storage.
  'storage.msn.com',
  'tkrdr.storage.msn.com',
  'storage.live.com',
  'spaces.live.com',
  // Client configuration, offline messages, gateway (HTTP polling) and web links.
  'config.messenger.msn.com',
  'ows.messenger.msn.com',
  'rsi.hotmail.com',
  'messenger.hotmail.com',
  'gateway.messenger.hotmail.com',
  'messenger.msn.com',
  'messengerclear.live.com',
  'messengersecure.live.com',
  'svcs.microsoft.com',
  'sup.live.com',
  'g.msn.com',
]);

/**
 * Microsoft's domains whose every name leads to Butterfly in DNS mode (server/dns/), so that a
 * name this list lacks (sign-in.live.com, a regional login server) still reaches us instead of
 * a dead Microsoft server. microsoft.com is not among them: the old machine may still need it.
 */
export const MICROSOFT_DOMAINS: readonly string[] = Object.freeze(['passport.com', 'passport.net', 'msn.com', 'live.com', 'hotmail.com']);

/** Whether a DNS name (any case, with or without the final dot) is one Butterfly answers for. */
export function isMicrosoftName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return MICROSOFT_HOSTS.includes(n) || MICROSOFT_DOMAINS.some((d) => n === d || n.endsWith(`.${d}`));
}
