// Conversations with panel-driven contacts, as the panel API shows them. Types only (no Node), so
// the contract, the renderer and the preload can import them.

export interface ConversationParticipant {
  email: string;
  displayName: string;
  /** A contact the server speaks for (signed in nowhere, set online from the panel or --demo). */
  panelDriven: boolean;
  /** Still in the conversation. */
  present: boolean;
}

export interface ConversationMessage {
  /** Sender's address. */
  from: string;
  /** The text; empty for a nudge or a wink. */
  text: string;
  time: number; // ms since epoch
  kind: 'text' | 'nudge' | 'wink';
}

export interface ConversationInfo {
  /** The switchboard session id (also what sendAsContact takes). */
  id: string;
  startedAt: number;
  /** Set once the last client has left. */
  endedAt?: number;
  active: boolean;
  /** Everyone who has been in it, in the order they came. */
  participants: ConversationParticipant[];
  /** The newest messages, oldest first (at most MAX_CONVERSATION_MESSAGES). */
  messages: ConversationMessage[];
}

export const MAX_CONVERSATION_MESSAGES = 200;
/** A reply typed in the panel must fit one switchboard message with its headers. */
export const MAX_REPLY_BYTES = 1400;
