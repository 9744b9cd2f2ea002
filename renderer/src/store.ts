// UI state: server status, accounts, sessions and a capped traffic history (batched per frame).
import { create } from 'zustand';
import type { AccountInfo, SessionInfo, StatusInfo } from '../../server/panel/contract';
import type { TrafficRecord } from '../../server/tap/tap';

export const TRAFFIC_CAP = 2000;

interface PanelState {
  connected: boolean;
  problem?: string;
  status?: StatusInfo;
  accounts: AccountInfo[];
  sessions: SessionInfo[];
  traffic: TrafficRecord[];
  set(partial: Partial<PanelState>): void;
  addTraffic(batch: TrafficRecord[]): void;
}

export const usePanel = create<PanelState>((set) => ({
  connected: false,
  accounts: [],
  sessions: [],
  traffic: [],
  set: (partial) => set(partial),
  addTraffic: (batch) => set((s) => ({ traffic: [...s.traffic, ...batch].slice(-TRAFFIC_CAP) })),
}));
