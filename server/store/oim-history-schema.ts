// Tables for offline messages (OIM) and the lasting conversation history. One migration, appended
// at the end of db.ts's list; it depends only on the first one (users).
export const OIM_AND_HISTORY_MIGRATION = `
  CREATE TABLE offline_messages (
    id TEXT PRIMARY KEY,
    recipient_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sender_email TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    origin_ip TEXT NOT NULL DEFAULT '',
    proxy TEXT NOT NULL DEFAULT '',
    read INTEGER NOT NULL DEFAULT 0,
    UNIQUE (recipient_id, sender_email, run_id, seq)
  );
  CREATE INDEX offline_messages_by_recipient ON offline_messages(recipient_id, sent_at);
  CREATE TABLE history_conversations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    participants TEXT NOT NULL
  );
  CREATE INDEX history_conversations_by_start ON history_conversations(started_at);
  CREATE TABLE history_messages (
    id INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES history_conversations(id) ON DELETE CASCADE,
    sender TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    time INTEGER NOT NULL
  );
  CREATE INDEX history_messages_by_conversation ON history_messages(conversation_id, time);
`;
