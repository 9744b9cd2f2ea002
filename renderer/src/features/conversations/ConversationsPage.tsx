// Conversations between Messenger clients and the contacts this panel speaks for: the list on
// the left, the open one on the right with a box to answer as the contact, and echo mode.
import { useState } from 'react';
import { useServer } from '../../state/server-store';
import { useConversations } from '../../state/conversations-store';
import { Card, EmptyState, PageHeader } from '../../components/Card';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { EchoCard } from './EchoCard';
import { HistoryCard } from './HistoryCard';
import { OfflineMessageCard } from './OfflineMessageCard';
import { setSound, useUnread } from '../../state/unread-store';

export function ConversationsPage() {
  const { list, loaded } = useConversations();
  const [selected, setSelected] = useState<string>();
  const open = list.find((c) => c.id === selected) ?? list[0];
  const drivenCount = useServer((s) => s.accounts.filter((a) => !a.signedIn).length);
  const sound = useUnread((s) => s.sound);
  return (
    <>
      <PageHeader
        title="Conversations"
        subtitle="Chats between Messenger clients and the contacts this panel speaks for. Answer as the contact: the client sees it typing, then the message."
        actions={
          <label className="check" title="A chime when a client writes while you are on another page">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
            Sound on new messages
          </label>
        }
      />
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 ? (
        <Card title="Conversations">
          <EmptyState icon={<ChatIllustration />} title="No conversations yet">
            Chats appear here when a Messenger client talks to a contact driven from this panel: an account that no real client is signed in as
            {drivenCount > 0 ? ` (there ${drivenCount === 1 ? 'is one' : `are ${drivenCount}`} now).` : '.'}
          </EmptyState>
        </Card>
      ) : (
        <div className="conversations-layout">
          <ConversationList conversations={list} selected={open?.id} onSelect={setSelected} />
          {open && <ConversationView key={open.id} conversation={open} />}
        </div>
      )}
      <EchoCard />
      <HistoryCard />
      <OfflineMessageCard />
    </>
  );
}

function ChatIllustration() {
  return (
    <svg width="84" height="64" viewBox="0 0 84 64" aria-hidden>
      <rect x="2" y="4" width="50" height="34" rx="8" fill="#dbe9fa" stroke="#7ea7d8" strokeWidth="2" />
      <path d="M14 38 L12 50 L26 38 Z" fill="#dbe9fa" stroke="#7ea7d8" strokeWidth="2" strokeLinejoin="round" />
      <rect x="32" y="20" width="48" height="30" rx="8" fill="#e5f6dc" stroke="#7cbf62" strokeWidth="2" />
      <path d="M68 50 L72 60 L58 50 Z" fill="#e5f6dc" stroke="#7cbf62" strokeWidth="2" strokeLinejoin="round" />
      <circle cx="46" cy="35" r="2.5" fill="#5d9f45" />
      <circle cx="56" cy="35" r="2.5" fill="#5d9f45" />
      <circle cx="66" cy="35" r="2.5" fill="#5d9f45" />
    </svg>
  );
}
