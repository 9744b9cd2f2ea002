// The protocol dictionary: every MSNP verb and error code in plain words, for people who have not
// read the protocol. The traffic view's detail pane, the text export's legend and the pcapng
// export's packet comments all read it; dictionary.test.ts checks that every verb a dialect or the
// switchboard accepts, and every error code the server sends, has an entry here.
// No Node imports: the renderer bundles this file.
//
// Adding a verb or a code is one line. Sources: the MSNP fact sheet (shared/protocol/msnp-facts.md)
// and what real clients send; where a verb means something else on the switchboard, `sb` says so.

export interface VerbEntry {
  /** A short name: what the letters stand for, or what the command is. */
  name: string;
  /** What it does, in plain words. */
  meaning: string;
  /** What it means on a switchboard connection, where that differs. */
  sb?: string;
}

export const VERBS: Readonly<Record<string, VerbEntry>> = {
  ACK: { name: 'Acknowledge', meaning: 'The switchboard confirms that a message was delivered to everyone in the conversation.' },
  ADC: { name: 'Add contact', meaning: 'Adds a contact to one of the lists (forward, allow, block) or to a group (MSNP10-12).' },
  ADD: { name: 'Add to list', meaning: 'Adds a contact to one of the lists (forward, allow, block, reverse) (MSNP8-9).' },
  ADG: { name: 'Add group', meaning: 'Creates a contact group.' },
  ADL: { name: 'Add to list (XML)', meaning: 'Sends contacts, with the lists they are on, as XML: at sign-in the whole list, later one change (MSNP13 and later).' },
  ANS: { name: 'Answer', meaning: 'The client answers an invitation (RNG) and joins that conversation on the switchboard.' },
  BLP: { name: 'Block privacy', meaning: 'Who may see you and talk to you when they are on neither list: AL (everyone) or BL (only your allow list).' },
  BPR: { name: 'Phone number', meaning: 'One of a contact\'s phone numbers or mobile settings, sent with the contact list.' },
  BYE: { name: 'Bye', meaning: 'Someone left the conversation (or the switchboard closed it because they were idle).' },
  CAL: { name: 'Call', meaning: 'Invites someone into this conversation; the server rings them (RNG) on their notification connection.' },
  CHG: { name: 'Change status', meaning: 'Sets your own status (NLN online, BSY busy, AWY away, HDN appear offline …), with the client\'s abilities and display picture.' },
  CHL: { name: 'Challenge', meaning: 'The server sends a random string; the client must answer with QRY (a hash only genuine clients compute), or it is signed out.' },
  CVR: { name: 'Client version', meaning: 'The client says which program, version and operating system it is; the server says which version is current.' },
  FLN: { name: 'Offline', meaning: 'A contact went offline (or appears offline to you).' },
  FQY: { name: 'Federation query', meaning: 'Asks whether addresses belong to another network (Yahoo! Messenger interop) (MSNP14 and later).' },
  GCF: { name: 'Get config', meaning: 'Asks for a configuration file (the message policies, the blocked-words list).' },
  GTC: { name: 'Add-me prompt', meaning: 'Whether to ask you when someone adds you: A (ask) or N (just add).' },
  INF: { name: 'Sign-in method', meaning: 'MSN Messenger 1.0–4.7 (MSNP2–7) asks how to sign in; the server answers MD5. Removed in MSNP8.' },
  ILN: { name: 'Initial online', meaning: 'A contact who is already online when you sign in, with their status and name.' },
  IMS: { name: 'Instant messages switch', meaning: 'Turns incoming conversation invitations on or off for this connection.' },
  IRO: { name: 'In room', meaning: 'Someone already in the conversation you just joined (one line each).' },
  JOI: { name: 'Joined', meaning: 'Someone joined the conversation.' },
  LSG: { name: 'List group', meaning: 'One of your contact groups, sent while the contact list is synchronised.' },
  LST: { name: 'List contact', meaning: 'One contact with the lists it is on (bits: 1 forward, 2 allow, 4 block, 8 reverse, 16 pending), sent while the list is synchronised.' },
  MSG: { name: 'Message', meaning: 'From the server: profile, mail counts or system notices.', sb: 'A message in the conversation: text, "is typing", a nudge, an emoticon or a file-transfer block.' },
  NAK: { name: 'Not delivered', meaning: 'The switchboard could not deliver a message to someone in the conversation.' },
  NLN: { name: 'Online', meaning: 'A contact came online or changed status, name or abilities.' },
  NOT: { name: 'Notification', meaning: 'An alert from the server (MSN Alerts).' },
  OUT: { name: 'Sign out', meaning: 'Ends the connection; from the server with a reason: OTH (signed in somewhere else), SSD (server shutting down).', sb: 'Leaves the conversation.' },
  PNG: { name: 'Ping', meaning: 'The client checks the connection is alive; the server answers QNG.' },
  PRP: { name: 'Property', meaning: 'Sets one of your own properties: friendly name (MFN) or a phone number.' },
  QNG: { name: 'Ping answer', meaning: 'Answer to PNG: how many seconds until the client should ping again.' },
  QRY: { name: 'Query answer', meaning: 'The client\'s answer to the server\'s challenge (CHL).' },
  REA: { name: 'Rename', meaning: 'Changes your friendly name (MSNP8-9).' },
  REG: { name: 'Rename group', meaning: 'Renames a contact group.' },
  REM: { name: 'Remove', meaning: 'Takes a contact off a list, or out of a group.' },
  RFS: { name: 'Refresh', meaning: 'The server asks the client to synchronise its contact list again.' },
  RML: { name: 'Remove from list (XML)', meaning: 'Takes contacts off lists, as XML (MSNP13 and later).' },
  RMG: { name: 'Remove group', meaning: 'Deletes a contact group.' },
  RNG: { name: 'Ring', meaning: 'Someone invites you to a conversation: the switchboard address and a ticket to answer it with (ANS).' },
  SBP: { name: 'Set contact property', meaning: 'Changes what you call a contact (their nickname on your list) (MSNP10-12).' },
  SBS: { name: 'SBS', meaning: 'Sent after sign-in by the real servers; clients ignore it (meaning never documented).' },
  SDC: { name: 'Send invitation', meaning: 'Asks the server to e-mail someone an invitation to Messenger.' },
  SND: { name: 'Send invitation', meaning: 'Asks the server to e-mail someone an invitation to Messenger.' },
  SYN: { name: 'Synchronise', meaning: 'Asks for the contact list, groups and privacy settings, newer than the version the client has (MSNP8-12).' },
  UBM: { name: 'Federated message', meaning: 'A message from a contact on another network (Yahoo! Messenger interop).' },
  UBN: { name: 'User notification', meaning: 'A notification from a contact or one of your other signed-in places (display picture, invitation to a shared folder …).' },
  UBX: { name: 'Personal message', meaning: 'A contact\'s personal message and "now playing" song, as XML.' },
  UUM: { name: 'Send federated message', meaning: 'Sends a message to a contact on another network (Yahoo! Messenger interop).' },
  UUN: { name: 'Send notification', meaning: 'Sends a notification to a contact or to your other signed-in places.' },
  URL: { name: 'Web address', meaning: 'Asks for a web address (inbox, profile, change password) with a one-time sign-in.' },
  USR: { name: 'Sign in', meaning: 'The sign-in steps: method (TWN, SSO or MD5), the Passport ticket, then OK with your name.', sb: 'Joins a new conversation with the ticket from XFR.' },
  UUX: { name: 'Set personal message', meaning: 'Sets your own personal message and "now playing" song, as XML.' },
  VER: { name: 'Version', meaning: 'The first line: the client lists the protocol versions it speaks; the server answers with the one it chose.' },
  XFR: { name: 'Transfer', meaning: 'Sends the client to another server: to a switchboard (to start a conversation) or to another notification server.' },
};

/** MSNP error codes: the server answers a command with the code instead of the verb ("201 5"). */
export const ERRORS: Readonly<Record<string, string>> = {
  '200': 'Syntax error: the server could not read the command.',
  '201': 'Invalid parameter: an address, name or value in the command is not acceptable.',
  '204': 'That contact is on a network this server does not serve (only Messenger addresses are).',
  '205': 'No such account: the address is not an account on this server.',
  '206': 'The address has no domain name (the part after @).',
  '207': 'Already signed in.',
  '208': 'No such account, or not a valid sign-in address.',
  '209': 'That friendly name cannot be used.',
  '210': 'The list is full.',
  '215': 'Already on that list.',
  '216': 'Not on that list.',
  '217': 'That person is not online.',
  '218': 'Already in that mode (the setting already has that value).',
  '219': 'On the opposite list: a contact cannot be on the allow and block lists at once.',
  '223': 'Too many groups.',
  '224': 'No such group.',
  '225': 'That contact is not in that group.',
  '227': 'The group is not empty.',
  '228': 'A group with that name already exists.',
  '229': 'The group name is too long.',
  '230': 'That group cannot be removed.',
  '231': 'Invalid group.',
  '240': 'An empty contact list or domain in ADL/RML.',
  '241': 'Badly formed ADL/RML: broken XML or list bits a client may not set.',
  '280': 'The switchboard refused: the command is not possible in this conversation.',
  '281': 'Transfer to the switchboard failed.',
  '282': 'Badly formed file-transfer or display-picture (P2P) message.',
  '300': 'A required field is missing.',
  '302': 'Not signed in: sign in before this command.',
  '500': 'Internal server error: the server failed; look at the server notes around this line.',
  '501': 'Database error on the server.',
  '502': 'This command is switched off on the server.',
  '510': 'A file operation failed on the server.',
  '540': 'Wrong challenge answer (QRY): the client is not recognised as genuine.',
  '600': 'The server is busy.',
  '601': 'The server is unavailable.',
  '604': 'The server is going down.',
  '700': 'Could not create the connection.',
  '710': 'Bad client version information (CVR).',
  '711': 'Write is blocking.',
  '712': 'The session is overloaded.',
  '713': 'Too many requests too fast: slow down.',
  '714': 'Too many sessions.',
  '715': 'Not expected: the command is not allowed now (for example before sign-in), or a value is wrong.',
  '717': 'Bad friend file.',
  '731': 'Badly formed client version (CVR).',
  '800': 'Changing too rapidly: wait a moment before changing it again.',
  '910': 'The server is too busy to sign you in.',
  '911': 'Sign-in failed: wrong password or ticket, or an unknown account.',
  '913': 'Not allowed while you appear offline.',
  '920': 'Not accepting new sign-ins.',
  '923': 'A Kids Passport account without parental consent.',
  '924': 'The Passport account is not verified.',
  '928': 'Bad ticket.',
};

/** The verb's entry, the switchboard's meaning where it has its own. */
export function describeVerb(verb: string, service?: 'NS' | 'SB' | string): VerbEntry | undefined {
  const e = VERBS[verb.toUpperCase()];
  if (!e) return undefined;
  return service === 'SB' && e.sb ? { name: e.name, meaning: e.sb } : e;
}

/** An error line starts with a three-digit code where a verb would be: "911 3". */
export function errorCodeOf(line: string): string | undefined {
  const m = /^(\d{3})(?:\s|$)/.exec(line);
  return m ? m[1] : undefined;
}

export function describeError(code: string): string | undefined {
  return ERRORS[code];
}

/** One line in plain words: the verb's or the error's meaning; undefined for lines it does not know. */
export function explainLine(service: string, line: string): { title: string; meaning: string; error: boolean } | undefined {
  const code = errorCodeOf(line);
  if (code) {
    const meaning = describeError(code);
    return { title: `Error ${code}`, meaning: meaning ?? 'An MSNP error code this dictionary does not know yet.', error: true };
  }
  const verb = /^([A-Z]{3})\b/.exec(line)?.[1];
  const entry = verb ? describeVerb(verb, service) : undefined;
  return entry && verb ? { title: `${verb} · ${entry.name}`, meaning: entry.meaning, error: false } : undefined;
}
