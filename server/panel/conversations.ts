// The panel's side of conversations with panel-driven contacts: list them, write in them as the
// contact (the client sees "is typing", then the text), switch a contact's echo mode, and the
// `conversation` event sent whenever one changes.
import type { Butterfly } from '../app';
import { PanelError, type PanelEvents, type PanelOperations } from './contract';
import { MAX_REPLY_BYTES } from './conversation-types';
import { MAX_CONVERSATIONS } from '../msnp/sb/conversation-log';

type ConversationOps = Pick<
  PanelOperations,
  'listConversations' | 'getConversation' | 'sendAsContact' | 'setEchoMode' | 'listEchoModes'
>;
export type ConversationHandlers = {
  [K in keyof ConversationOps]: (req: ConversationOps[K]['req']) => Promise<ConversationOps[K]['res']>;
};

export function createConversationHandlers(app: Butterfly): ConversationHandlers {
  const contacts = app.sb.switchboards.panel;
  const conversation = (id: string) => {
    const c = contacts.log.get(id);
    if (!c) throw new PanelError(404, `No conversation ${id}; the list keeps the newest ${MAX_CONVERSATIONS}.`);
    return c;
  };
  return {
    async listConversations() {
      return contacts.log.list();
    },
    async getConversation(req) {
      return conversation(String(req.id));
    },
    async sendAsContact(req) {
      const text = req.text;
      if (typeof text !== 'string' || text.trim() === '' || typeof req.conversationId !== 'string') {
        throw new PanelError(400, 'Send {"conversationId": "...", "text": "..."} (and "from" when two contacts are in it).');
      }
      if (Buffer.byteLength(text) > MAX_REPLY_BYTES) {
        throw new PanelError(400, `A message is limited to ${MAX_REPLY_BYTES} bytes; split it in two.`);
      }
      const sent = contacts.reply(req.conversationId, text.replace(/\r?\n/g, '\r\n'), req.from);
      if (!sent.ok) throw new PanelError(sent.status, sent.why);
      return conversation(req.conversationId);
    },
    async setEchoMode(req) {
      if (typeof req.on !== 'boolean') throw new PanelError(400, 'Send {"email": "...", "on": true|false}.');
      const user = app.core.directory.requireUser(String(req.email));
      contacts.echo.set(user, req.on);
      return { email: user.email, on: req.on };
    },
    async listEchoModes() {
      return contacts.echo.list();
    },
  };
}

/** Sends `conversation` events while a panel is attached; returns the detach function. */
export function attachConversationEvents(
  app: Butterfly,
  emit: (event: 'conversation', data: PanelEvents['conversation']) => void,
): () => void {
  const events = app.sb.switchboards.panel.log.events;
  const onConversation = (c: PanelEvents['conversation']) => emit('conversation', c);
  events.on('conversation', onConversation);
  return () => events.off('conversation', onConversation);
}
