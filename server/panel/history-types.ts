// Past conversations as the panel API shows them. Types only (no Node), so the contract, the
// renderer and the preload can import them.

export interface HistoryParticipant {
  email: string;
  displayName: string;
}

export interface HistoryMessage {
  /** Sender's address. */
  from: string;
  /** 'offline' marks a message left while its recipient was away (an OIM). */
  kind: 'text' | 'nudge' | 'wink' | 'offline';
  /** Empty for a nudge or a wink. */
  text: string;
  time: number; // ms since epoch
}

export interface HistorySummary {
  id: string;
  /** A switchboard conversation, or an offline message (which is its own one-message conversation). */
  kind: 'switchboard' | 'offline';
  startedAt: number;
  endedAt?: number;
  participants: HistoryParticipant[];
  messageCount: number;
  /** The newest message's text, cut short, for the list. */
  preview: string;
}

export interface HistoryConversation extends HistorySummary {
  /** Oldest first. */
  messages: HistoryMessage[];
}

/** How long conversations are kept: 0 = not recorded at all; otherwise days. */
export interface HistoryRetention {
  days: number;
}

export const DEFAULT_HISTORY_DAYS = 30;
export const MAX_HISTORY_DAYS = 3650;
