// The conversations, newest first: who is in each, the last thing said, and whether it goes on.
import type { ConversationInfo } from '../../../../server/panel/contract';
import { RelativeTime } from '../../components/RelativeTime';

export function conversationTitle(c: ConversationInfo): string {
  return c.participants.map((p) => p.displayName).join(', ');
}

export function ConversationList(props: { conversations: ConversationInfo[]; selected?: string; onSelect: (id: string) => void }) {
  return (
    <aside className="card conversation-list" aria-label="Conversation list">
      <ul>
        {props.conversations.map((c) => {
          const last = c.messages.at(-1);
          return (
            <li key={c.id}>
              <button
                type="button"
                className={`conversation-item${c.id === props.selected ? ' selected' : ''}`}
                aria-current={c.id === props.selected ? 'true' : undefined}
                onClick={() => props.onSelect(c.id)}
              >
                <span className="conversation-top">
                  <span className="strong">{conversationTitle(c)}</span>
                  {c.active ? <span className="pill live">Open</span> : <span className="pill">Ended</span>}
                </span>
                <span className="conversation-preview muted small">
                  {last ? (last.kind === 'text' ? last.text : last.kind === 'nudge' ? 'Nudge!' : 'A wink') : 'No messages yet'}
                </span>
                <span className="muted small">
                  <RelativeTime ms={last?.time ?? c.startedAt} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
