// The Messenger versions the setup page walks through, grouped by what they need: their OS, how
// they sign in (msnp-facts §0.1), which Microsoft names they reach (a subset of MICROSOFT_HOSTS,
// generous where a source is unsure: a name too many in a hosts file costs nothing, one too few
// strands the client), and the order in which the connection check sees them get through.
import type { ClientFamilyId, ClientFamilyInfo } from '../panel/setup-types';
import type { InstallOs } from '../tls/ca-export';
import type { CheckStepId } from './connection-check';

const NS = ['messenger.hotmail.com', 'gateway.messenger.hotmail.com'];
// Passport 1.4: the nexus, then DALogin. Butterfly's nexus sends its own address as DALogin, but a
// client may have cached an old DALogin (MS-PASS §2.2.3), so the login servers are listed too.
const PASSPORT14 = [
  'nexus.passport.com',
  'nexusrdr.passport.com',
  'login.passport.com',
  'loginnet.passport.com',
  'login.live.com',
  'accountservices.passport.net',
  'accountservices.msn.com',
];
const RST = ['login.live.com', 'login.passport.net'];
const CONFIG = ['config.messenger.msn.com'];
const OIM = ['ows.messenger.msn.com', 'rsi.hotmail.com'];
const ADDRESS_BOOK = ['contacts.msn.com', 'omega.contacts.msn.com', 'byrdr.omega.contacts.msn.com', 'local-bay.contacts.msn.com'];
const STORAGE = ['storage.msn.com', 'tkrdr.storage.msn.com', 'storage.live.com', 'spaces.live.com'];
const WLM_EXTRA = ['sup.live.com', 'messengersecure.live.com', 'messengerclear.live.com'];
const LINKS = ['messenger.msn.com', 'g.msn.com'];

export interface ClientFamily extends ClientFamilyInfo {
  hosts: readonly string[];
  caOs: InstallOs[];
  check: { id: CheckStepId; label: string; note?: string }[];
}

const uniq = (...lists: string[][]) => [...new Set(lists.flat())];

function checkSteps(signIn: 'nexus' | 'rst' | 'either', soap: boolean): ClientFamily['check'] {
  const steps: ClientFamily['check'] = [
    { id: 'dns', label: "Looked up a Microsoft name in Butterfly's DNS", note: 'DNS mode only' },
    { id: 'ns', label: 'Reached the notification server (MSNP)' },
    { id: 'usr', label: 'Started signing in (USR)' },
    { id: 'tls', label: 'Secure connection (TLS) for sign-in', note: "needs Butterfly's certificate authority installed" },
  ];
  if (signIn !== 'rst') steps.push({ id: 'nexus', label: 'Asked the Passport nexus (pprdr.asp)', ...(signIn === 'either' ? { note: '7.0 only; 7.5 skips it' } : {}) });
  steps.push({
    id: 'passport',
    label: signIn === 'nexus' ? 'Passport sign-in (login2.srf)' : signIn === 'rst' ? 'Token service (RST.srf / RST2.srf)' : 'Passport sign-in (login2.srf, or RST.srf on 7.5)',
  });
  steps.push({ id: 'signed-in', label: 'Signed in' });
  if (soap) steps.push({ id: 'soap', label: 'Loaded the contact list (address book over SOAP)' });
  return steps;
}

const MAC_NOTES = [
  'Messenger for Mac has its servers written into the program and caches them in its preferences. The hosts file or DNS mode leads those names here without touching the program; the hex patch is for a Mac where neither is possible.',
  'It signs in with TLS 1.0 and an old-style hello, which Butterfly accepts; the Mac must trust Butterfly\'s certificate authority.',
];

export const CLIENT_FAMILIES: Record<ClientFamilyId, ClientFamily> = {
  'msn-1-4': {
    id: 'msn-1-4',
    label: 'MSN Messenger 1.0–4.7 / Windows Messenger 4.x',
    versions: 'MSN Messenger 1.0 to 4.7, Windows Messenger 4.0 to 4.7 (Windows 95 to XP)',
    os: 'windows',
    protocol: 'MSNP2–7, MD5 sign-in on port 1863 (no Passport, no HTTPS), contact list on the server (SYN)',
    notes: [
      'These versions sign in straight to the notification server with an MD5 challenge, over plain TCP: no certificate is needed.',
      'Each account that signs in with them must allow it: Accounts, open the account, tick "Allow MSN Messenger 1.0–4.7" (it asks for the password once). Without that the client says the password is wrong, and the traffic view says why.',
      'Windows Messenger 4.x comes with Windows XP; on XP SP2 and later it may ask for a newer version first. Decline and it carries on.',
    ],
    // Only the notification server: no nexus, no token service, no address book.
    hosts: uniq(NS, LINKS),
    caOs: [],
    check: [
      { id: 'dns', label: "Looked up a Microsoft name in Butterfly's DNS", note: 'DNS mode only' },
      { id: 'ns', label: 'Reached the notification server (MSNP)' },
      { id: 'usr', label: 'Started signing in (USR MD5)' },
      { id: 'signed-in', label: 'Signed in' },
    ],
  },
  'mac-6-7': {
    id: 'mac-6-7',
    label: 'Messenger for Mac 6 and 7',
    versions: '6.0.3, 7.0.2 (Mac OS X 10.3.9 to 10.14)',
    os: 'macos',
    protocol: 'MSNP13–14, Passport 1.4 sign-in (nexus, login2.srf), contact list over SOAP',
    notes: MAC_NOTES,
    hosts: uniq(NS, PASSPORT14, RST, ADDRESS_BOOK, CONFIG, OIM, LINKS),
    caOs: ['macos', 'macos-tiger'],
    check: checkSteps('nexus', true),
  },
  'mac-8': {
    id: 'mac-8',
    label: 'Messenger for Mac 8',
    versions: '8.0.0 beta, 8.0.1 (Mac OS X 10.4.11 to 10.14)',
    os: 'macos',
    protocol: 'MSNP13–16, Passport 1.4 sign-in (TWN even on MSNP15 and 16), contact list over SOAP',
    notes: MAC_NOTES,
    hosts: uniq(NS, PASSPORT14, RST, ADDRESS_BOOK, STORAGE, CONFIG, OIM, LINKS),
    caOs: ['macos', 'macos-tiger'],
    check: checkSteps('nexus', true),
  },
  'msn-5-6': {
    id: 'msn-5-6',
    label: 'MSN Messenger 5.0 to 6.2',
    versions: '5.0, 6.0, 6.1, 6.2 (Windows 98 to XP)',
    os: 'windows',
    protocol: 'MSNP8–10, Passport 1.4 sign-in (nexus, login2.srf), contact list on the server (SYN)',
    notes: [
      'These versions remember the address of the last Microsoft server they used (the registry value Server). Until that is cleared they keep trying that dead address, hosts file or not: run the .reg file below once.',
    ],
    hosts: uniq(NS, PASSPORT14, CONFIG, ['svcs.microsoft.com'], LINKS),
    caOs: ['windows'],
    check: checkSteps('nexus', false),
  },
  'msn-7': {
    id: 'msn-7',
    label: 'MSN Messenger 7.0 and 7.5',
    versions: '7.0, 7.5 (Windows 2000, XP)',
    os: 'windows',
    protocol: 'MSNP11–12; 7.0 signs in through the Passport nexus, 7.5 through the token service (RST.srf)',
    notes: ['Clear the cached server and contact list with the .reg file below if this computer ever signed in to Microsoft\'s service.'],
    hosts: uniq(NS, PASSPORT14, RST, CONFIG, OIM, LINKS),
    caOs: ['windows'],
    check: checkSteps('either', false),
  },
  wlm: {
    id: 'wlm',
    label: 'Windows Live Messenger 8.0 to 2009',
    versions: '8.0, 8.1, 8.5, 2009 (14.0) (Windows XP to 7)',
    os: 'windows',
    protocol: 'MSNP13–15 for 8.x, MSNP18 for 2009 (14.0; MSNP16 was the 2009 beta); token service (RST.srf; RST2.srf for 2009), contact list over SOAP',
    notes: [
      'Windows Live Messenger keeps the Windows Live ID sign-in it got from Microsoft; the .reg file below clears it so that it asks Butterfly instead.',
      'It also keeps a copy of the contact list. If contacts from long ago appear, delete the folder Windows Live Contacts (see the registry step).',
    ],
    hosts: uniq(NS, RST, ADDRESS_BOOK, STORAGE, CONFIG, OIM, WLM_EXTRA, LINKS),
    caOs: ['windows'],
    check: checkSteps('rst', true),
  },
};
