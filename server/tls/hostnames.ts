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
