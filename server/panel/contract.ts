// The panel API: one typed contract of operations and events. The Electron IPC transport and
// the loopback HTTP/WebSocket transport both serve exactly these, with the same handlers.
// Type-only imports keep this module free of Node: the renderer and the preload import it too.
import type { Status } from '../core/model';
import type { TrafficRecord } from '../tap/tap';
import type { InstallOs } from '../tls/ca-export';
import type { ConversationInfo } from './conversation-types';
import type { HistoryConversation, HistoryRetention, HistorySummary } from './history-types';
export type { HistoryConversation, HistoryMessage, HistoryParticipant, HistoryRetention, HistorySummary } from './history-types';
import type { ClientFamilyId, ClientProgress, ClientSetupGuide, DnsStatus, HexPatchResult, PlistInspection } from './setup-types';

export type ListenerName = 'ns' | 'sb' | 'http' | 'https' | 'panel';

/** A listener that could not open the port it was asked for, and what to do about it. */
export interface BindProblem {
  listener: ListenerName;
  requestedPort: number;
  code: string; // EACCES, EADDRINUSE, …
  /** What happened and how to fix it, written for people. */
  message: string;
}

export interface ListenerInfo {
  name: ListenerName;
  port: number;
  /** The address it is bound to: 0.0.0.0 for every network, 127.0.0.1 for this computer only. */
  host: string;
  /** listening: on the port asked for; moved: that port could not be opened, see `problem`. */
  state: 'listening' | 'moved';
  problem?: BindProblem;
}

export interface StatusInfo {
  publicHost: string;
  lanAddresses: string[];
  listeners: ListenerInfo[];
  dataDir: string;
  /** DNS mode (not a fixed listener: off unless asked for, switched from the panel). */
  dns: DnsStatus;
}

export interface AccountInfo {
  email: string;
  displayName: string;
  status: Status; // what the account is now (a signed-in client's status, else the panel's)
  psm: string;
  signedIn: boolean;
  /** The roaming profile's picture (storage service user tile) as a data: URL, when one is set. */
  profilePicture?: string;
  /** "Allow MSN Messenger 1.0–4.7": MD5 sign-in (MSNP2-7) is on, with a sealed copy of the password. */
  allowsOldMessengers: boolean;
  /**
   * SHA1D of the account's display picture (getPicture has the bytes); absent when it has none. For a
   * signed-in client not yet asked, its own SHA1D: getPicture then asks the client (core/client-pictures.ts).
   */
  picture?: string;
}

export interface ContactInfo {
  email: string;
  displayName: string;
  lists: string[]; // "FL", "AL", …
  status: Status; // what the list owner sees
  psm: string;
  /** Ids of the owner's groups this contact is in (see listGroups). */
  groups: string[];
  /** The contact's own status before visibility rules (HDN stays HDN): what the panel sets. */
  ownStatus: Status;
  /** A real client is signed in as the contact, so the panel cannot drive it. */
  signedIn: boolean;
  /** SHA1D of the contact's display picture (getPicture has the bytes); absent when it has none. */
  picture?: string;
}

export interface GroupInfo {
  id: string;
  name: string;
}

export interface SessionInfo {
  id: string;
  account?: string;
  client?: string;
  dialect?: string;
  remote: string;
  since: number;
  /** WLM 2009 places (MPOP): the machine GUID the client signed in with, and the machine name it gave. */
  machineGuid?: string;
  machineName?: string;
}

/** Butterfly's certificate authority, ready to install on the clients' computers. */
export interface CertificateInfo {
  subject: string;
  fingerprintSha1: string;
  validFrom: string; // ISO date
  validTo: string;
  /** The CA certificate (never a key) in each form an OS wants; content base64-encoded. */
  files: { format: 'pem' | 'der' | 'crt'; name: string; base64: string }[];
  /** Numbered steps, per OS, that refer to those file names. */
  steps: Record<InstallOs, string[]>;
}

export interface PanelOperations {
  getStatus: { req: Record<string, never>; res: StatusInfo };
  listAccounts: { req: Record<string, never>; res: AccountInfo[] };
  /** A page of accounts (creation order) whose address or name contains `search`, with the total matching. */
  listAccountsPage: { req: { offset?: number; limit?: number; search?: string }; res: { total: number; offset: number; accounts: AccountInfo[] } };
  /** One account, as listAccounts shows it (the panel fetches only the one that changed). */
  getAccount: { req: { email: string }; res: AccountInfo };
  createAccount: { req: { email: string; password: string; displayName?: string }; res: AccountInfo };
  /** Friendly name and/or password; the name only while no real client is signed in as it. */
  updateAccount: { req: { email: string; displayName?: string; password?: string }; res: AccountInfo };
  /** Turns MSN 1.0–4.7 sign-in on (needs the account's current password) or off. */
  setOldMessengers: { req: { email: string; allow: boolean; password?: string }; res: AccountInfo };
  /** Signs a signed-in client out, takes the account off every list, and deletes it. */
  deleteAccount: { req: { email: string }; res: { deleted: string } };
  listContacts: { req: { email: string }; res: ContactInfo[] };
  /** A page of the contact list (by address) whose address or name contains `search`, with the total matching. */
  listContactsPage: { req: { email: string; offset?: number; limit?: number; search?: string }; res: { total: number; offset: number; contacts: ContactInfo[] } };
  /** One contact as `owner` sees it (the panel fetches only the one that changed); 404 when not on its lists. */
  getContact: { req: { owner: string; email: string }; res: ContactInfo };
  listGroups: { req: { email: string }; res: GroupInfo[] };
  addContact: { req: { owner: string; email: string; mutual?: boolean }; res: ContactInfo[] };
  /** Takes `email` off the owner's forward, allow and block lists (their reverse list follows). */
  removeContact: { req: { owner: string; email: string }; res: ContactInfo[] };
  setPresence: { req: { email: string; status?: Status; psm?: string; displayName?: string }; res: AccountInfo };
  listSessions: { req: Record<string, never>; res: SessionInfo[] };
  kickSession: { req: { id: string }; res: { kicked: string } };
  getTraffic: { req: { limit?: number }; res: TrafficRecord[] };
  /** The traffic kept (one connection's, with `conn`) as a pcapng file for Wireshark, base64-encoded. */
  getTrafficCapture: { req: { conn?: string }; res: { name: string; base64: string } };
  /** The CA certificate to install on clients, in each OS's form, with the steps. */
  getCertificate: { req: Record<string, never>; res: CertificateInfo };
  /** Conversations a panel-driven contact took part in, newest first. */
  listConversations: { req: Record<string, never>; res: ConversationInfo[] };
  getConversation: { req: { id: string }; res: ConversationInfo };
  /** Writes as the conversation's panel-driven contact (`from` when it has two): typing, then the text. */
  sendAsContact: { req: { conversationId: string; text: string; from?: string }; res: ConversationInfo };
  /** A panel-driven contact (`from`) starts a conversation: `to`'s client is rung and, once it answers, gets `text`. */
  startConversation: { req: { from: string; to: string; text: string }; res: ConversationInfo };
  /** Blocks (or unblocks) `email` on the owner's lists: the contact sees the owner offline at once. */
  setBlocked: { req: { owner: string; email: string; blocked: boolean }; res: ContactInfo[] };
  /** Echo mode: the contact says back whatever it is told in a conversation. */
  setEchoMode: { req: { email: string; on: boolean }; res: { email: string; on: boolean } };
  /** Addresses of the contacts in echo mode. */
  listEchoModes: { req: Record<string, never>; res: string[] };
  /** One client family's walk-through with this server's address, ports and downloads. */
  getClientSetup: { req: { family: ClientFamilyId }; res: ClientSetupGuide };
  /** Reads a dropped com.microsoft.Messenger.plist (base64) and points its server values here. */
  inspectMacPlist: { req: { name?: string; base64: string; family?: ClientFamilyId; target?: string }; res: PlistInspection };
  /** Finds Microsoft's names in a Messenger for Mac executable (base64) and patches a copy in memory. */
  patchMacBinary: { req: { name: string; base64: string; target?: string }; res: HexPatchResult };
  /** DNS mode on or off, and whether other names are refused (isolated) instead of forwarded. */
  setDnsMode: { req: { enabled: boolean; isolated?: boolean }; res: DnsStatus };
  /** How far each client computer got in signing in, from the traffic seen. */
  getClientProgress: { req: Record<string, never>; res: ClientProgress[] };
  resetClientProgress: { req: Record<string, never>; res: ClientProgress[] };
  /** Past conversations (kept across restarts), newest first; `query` searches text, addresses and names. */
  listHistory: { req: { query?: string; limit?: number }; res: HistorySummary[] };
  getHistory: { req: { id: string }; res: HistoryConversation };
  /** One past conversation as plain text, with a file name to save it under. */
  exportHistory: { req: { id: string }; res: { fileName: string; text: string } };
  getHistoryRetention: { req: Record<string, never>; res: HistoryRetention };
  /** 0 days stops recording and forgets what was kept. */
  setHistoryRetention: { req: HistoryRetention; res: HistoryRetention };
  /** Leaves an offline message as any account (the recipient gets it at sign-in, or at once if signed in). */
  leaveOfflineMessage: { req: { from: string; to: string; text: string }; res: { id: string; to: string } };
  /** Display picture: any PNG, JPEG or GIF (base64), kept as a 96×96 PNG and announced to watchers. */
  setPicture: { req: { email: string; base64: string }; res: PictureInfo };
  removePicture: { req: { email: string }; res: PictureInfo };
  /** The picture (96×96 PNG, base64; null for none) and the MSN object clients see. */
  getPicture: { req: { email: string }; res: PictureInfo };
}

export interface PictureInfo {
  email: string;
  png: string | null;
  msnObject: string;
}

export type OperationName = keyof PanelOperations;
export type Req<K extends OperationName> = PanelOperations[K]['req'];
export type Res<K extends OperationName> = PanelOperations[K]['res'];

export interface PanelEvents {
  traffic: TrafficRecord;
  presence: { email: string; status: Status; friendlyName: string; psm: string; picture?: string };
  sessions: SessionInfo[];
  /** An account's lists changed, or the account was created; `contact`: only that entry changed. */
  lists: { email: string; contact?: string };
  /** An account was deleted (`deleted`: which, to take its row out; without it, refetch the accounts). */
  accountsChanged: { deleted?: string };
  /** A conversation with a panel-driven contact began, changed (a message, someone came or left) or ended. */
  conversation: ConversationInfo;
  /** An offline message was left (by a client or the panel): the past conversations gained one. */
  offlineMessage: { id: string; from: string; to: string };
  /** DNS mode was switched on or off, or its settings changed. */
  dns: DnsStatus;
  /** The connection check changed: every client computer's progress, newest first. */
  clientProgress: ClientProgress[];
}

export type PanelEventName = keyof PanelEvents;
/** One event as both transports carry it; they send them in batches (arrays), oldest first. */
export type PanelEventMessage = { [K in PanelEventName]: { event: K; data: PanelEvents[K] } }[PanelEventName];

/**
 * What the Electron preload puts on `window.panel`, and all it puts there: call an operation,
 * listen to event batches. Errors reject with the operation's message.
 */
export interface PanelBridge {
  call<K extends OperationName>(op: K, req: Req<K>): Promise<Res<K>>;
  on(listener: (events: PanelEventMessage[]) => void): () => void;
}

/** How a call's outcome crosses a transport: the result, or an error a person can act on. */
export type CallOutcome = { ok: true; res: unknown } | { ok: false; status: number; error: string };

// A record, so the compiler insists every operation of the contract is listed (and nothing else).
const OPERATIONS: Record<OperationName, true> = {
  getStatus: true,
  listAccounts: true,
  listAccountsPage: true,
  getAccount: true,
  createAccount: true,
  updateAccount: true,
  setOldMessengers: true,
  deleteAccount: true,
  listContacts: true,
  listContactsPage: true,
  getContact: true,
  listGroups: true,
  addContact: true,
  removeContact: true,
  setPresence: true,
  listSessions: true,
  kickSession: true,
  getTraffic: true,
  getTrafficCapture: true,
  getCertificate: true,
  listConversations: true,
  getConversation: true,
  sendAsContact: true,
  startConversation: true,
  setBlocked: true,
  setEchoMode: true,
  listEchoModes: true,
  getClientSetup: true,
  inspectMacPlist: true,
  patchMacBinary: true,
  setDnsMode: true,
  getClientProgress: true,
  resetClientProgress: true,
  listHistory: true,
  getHistory: true,
  exportHistory: true,
  getHistoryRetention: true,
  setHistoryRetention: true,
  leaveOfflineMessage: true,
  setPicture: true,
  removePicture: true,
  getPicture: true,
};
export const OPERATION_NAMES = Object.freeze(Object.keys(OPERATIONS) as OperationName[]);

export function isOperationName(op: unknown): op is OperationName {
  return typeof op === 'string' && (OPERATION_NAMES as readonly string[]).includes(op);
}

/** An operation failed in a way the caller can fix; `status` maps onto HTTP. */
export class PanelError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413,
    message: string,
  ) {
    super(message);
  }
}

export type * from './setup-types';
export { CLIENT_FAMILY_IDS, UPLOAD_LIMITS, tooLarge } from './setup-types';
export type {
  ConversationInfo,
  ConversationMessage,
  ConversationParticipant,
} from './conversation-types';
