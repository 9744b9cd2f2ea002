// Conversations with panel-driven contacts (newest first) and which contacts are in echo mode.
// Each `conversation` event carries the whole conversation as it is now; it replaces or joins
// the list.
import { create } from 'zustand';
import type { ConversationInfo } from '../../../server/panel/contract';

interface ConversationsState {
  list: ConversationInfo[];
  loaded: boolean;
  echo: string[];
  /** Bumped when an offline message is left, so the past conversations are read again. */
  offlineTick: number;
}

export const useConversations = create<ConversationsState>(() => ({ list: [], loaded: false, echo: [], offlineTick: 0 }));

export function upsertConversation(c: ConversationInfo): void {
  useConversations.setState((s) => {
    const at = s.list.findIndex((x) => x.id === c.id);
    if (at < 0) return { list: [c, ...s.list] };
    const list = [...s.list];
    list[at] = c;
    return { list };
  });
}
