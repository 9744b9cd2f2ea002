// The panel API: one typed contract of operations and events. The Electron IPC transport and
// the loopback HTTP/WebSocket transport both serve exactly these, with the same handlers.
import type { Status } from '../core/model';
import type { TrafficRecord } from '../tap/tap';

export interface ListenerInfo {
  name: 'ns' | 'sb' | 'http' | 'https' | 'panel';
  port: number;
}

export interface StatusInfo {
  publicHost: string;
  lanAddresses: string[];
  listeners: ListenerInfo[];
  dataDir: string;
}

export interface AccountInfo {
  email: string;
  displayName: string;
  status: Status; // what the account is now (a signed-in client's status, else the panel's)
  psm: string;
  signedIn: boolean;
}

export interface ContactInfo {
  email: string;
  displayName: string;
  lists: string[]; // "FL", "AL", …
  status: Status; // what the list owner sees
  psm: string;
}

export interface SessionInfo {
  id: string;
  account?: string;
  client?: string;
  dialect?: string;
  remote: string;
  since: number;
}

export interface PanelOperations {
  getStatus: { req: Record<string, never>; res: StatusInfo };
  listAccounts: { req: Record<string, never>; res: AccountInfo[] };
  createAccount: { req: { email: string; password: string; displayName?: string }; res: AccountInfo };
  listContacts: { req: { email: string }; res: ContactInfo[] };
  addContact: { req: { owner: string; email: string; mutual?: boolean }; res: ContactInfo[] };
  setPresence: { req: { email: string; status?: Status; psm?: string; displayName?: string }; res: AccountInfo };
  listSessions: { req: Record<string, never>; res: SessionInfo[] };
  kickSession: { req: { id: string }; res: { kicked: string } };
  getTraffic: { req: { limit?: number }; res: TrafficRecord[] };
}

export type OperationName = keyof PanelOperations;
export type Req<K extends OperationName> = PanelOperations[K]['req'];
export type Res<K extends OperationName> = PanelOperations[K]['res'];

export interface PanelEvents {
  traffic: TrafficRecord;
  presence: { email: string; status: Status; friendlyName: string; psm: string };
  sessions: SessionInfo[];
  lists: { email: string };
}

export const OPERATION_NAMES: readonly OperationName[] = [
  'getStatus',
  'listAccounts',
  'createAccount',
  'listContacts',
  'addContact',
  'setPresence',
  'listSessions',
  'kickSession',
  'getTraffic',
];

/** An operation failed in a way the caller can fix; `status` maps onto HTTP. */
export class PanelError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}
