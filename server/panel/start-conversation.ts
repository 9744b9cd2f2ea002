// The panel starts a conversation as a contact it drives, with any signed-in client:
//   POST /api/accounts/online@local/conversations {"to": "me@local", "text": "Hi!"}
// me@local's client is rung (RNG … online@local Online%20User), and once it answers it gets "Hi!".
import type { Butterfly } from '../app';
import { List } from '../core/model';
import { PanelError, type PanelOperations } from './contract';
import { MAX_REPLY_BYTES } from './conversation-types';

type Op = PanelOperations['startConversation'];

export function createStartConversation(app: Butterfly): { startConversation: (req: Op['req']) => Promise<Op['res']> } {
  const { core } = app;
  return {
    async startConversation(req) {
      const text = req.text;
      if (typeof req.to !== 'string' || typeof text !== 'string' || text.trim() === '') {
        throw new PanelError(400, 'Send {"to": "their sign-in address", "text": "the first message"}.');
      }
      if (Buffer.byteLength(text) > MAX_REPLY_BYTES) throw new PanelError(400, `A message is limited to ${MAX_REPLY_BYTES} bytes; split it in two.`);
      const from = core.directory.requireUser(String(req.from));
      const to = core.directory.requireUser(req.to);
      if (from.id === to.id) throw new PanelError(400, 'A contact cannot start a conversation with itself; pick someone else.');
      if (core.presence.isSignedIn(from.id)) {
        throw new PanelError(409, `${from.email} is signed in from a real client; start the conversation in that client.`);
      }
      const own = core.presence.snapshot(from.id)!.status;
      if (own === 'FLN' || own === 'HDN') {
        throw new PanelError(409, `${from.email} is ${own === 'FLN' ? 'offline' : 'appearing offline'}; set it online (Status menu) before starting a conversation.`);
      }
      if (!core.presence.isSignedIn(to.id)) {
        throw new PanelError(409, `${to.email} is not signed in from a Messenger client; sign in as ${to.email} first.`);
      }
      if ((core.lists.entry(from.id, to.id)?.lists ?? 0) & List.BL) {
        throw new PanelError(409, `${from.email} blocks ${to.email}; unblock it on ${from.email}'s contact list first.`);
      }
      // As CAL: a client that appears offline to the caller (hidden, or blocking it) is not rung.
      if (core.presence.viewFor(to.id, from.id)?.status === 'FLN') {
        throw new PanelError(409, `${to.email} appears offline to ${from.email} (appearing offline, or blocking ${from.email}); change that in ${to.email}'s client first.`);
      }
      const started = app.sb.switchboards.startFromPanel(from, to, text.replace(/\r?\n/g, '\r\n'));
      if (!started.ok) throw new PanelError(409, `${to.email} cannot be rung: ${started.why}.`);
      const conversation = app.sb.switchboards.panel.log.get(started.sessionId);
      if (!conversation) throw new PanelError(409, `The conversation with ${to.email} ended at once; try again.`);
      return conversation;
    },
  };
}
