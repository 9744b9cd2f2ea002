// What the panel knows about the server: connection, listeners, accounts, sessions, and the
// contact list of the account open on the accounts page. Filled and kept live by live.ts.
import { create } from 'zustand';
import type { AccountInfo, ContactInfo, GroupInfo, SessionInfo, StatusInfo } from '../../../server/panel/contract';
import type { Connection } from '../api/panel-client';

export interface OpenList {
  owner: string;
  contacts: ContactInfo[];
  groups: GroupInfo[];
  /** False until the list has arrived once. */
  loaded: boolean;
}

interface ServerState {
  connection: Connection;
  status?: StatusInfo;
  accounts: AccountInfo[];
  /** False until the first account list arrived (so "no accounts yet" is not shown too early). */
  accountsLoaded: boolean;
  sessions: SessionInfo[];
  openList?: OpenList;
}

export const useServer = create<ServerState>(() => ({
  connection: { state: 'connecting' },
  accounts: [],
  accountsLoaded: false,
  sessions: [],
}));
