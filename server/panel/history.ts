// The panel's side of the lasting history and of offline messages: list and search past
// conversations, read one, export it as text, set how long they are kept, and leave an offline
// message as any account (what a panel-driven contact "types" while the other side is away).
import type { Butterfly } from '../app';
import { PanelError, type PanelEvents, type PanelOperations } from './contract';
import type { OfflineMessage } from '../store/oim-store';
import { historyAsText } from '../store/history-store';
import { MAX_HISTORY_DAYS } from './history-types';

type HistoryOps = Pick<
  PanelOperations,
  'listHistory' | 'getHistory' | 'exportHistory' | 'getHistoryRetention' | 'setHistoryRetention' | 'leaveOfflineMessage'
>;
export type HistoryHandlers = {
  [K in keyof HistoryOps]: (req: HistoryOps[K]['req']) => Promise<HistoryOps[K]['res']>;
};

export function createHistoryHandlers(app: Butterfly): HistoryHandlers {
  const history = app.core.history;
  const find = (id: unknown) => {
    const c = typeof id === 'string' ? history.get(id) : undefined;
    if (!c) throw new PanelError(404, `No past conversation ${String(id)}; it may be older than the retention period.`);
    return c;
  };
  return {
    async listHistory(req) {
      if (req.query !== undefined && typeof req.query !== 'string') throw new PanelError(400, 'Send {"query": "words to find"}.');
      if ((req.query ?? '').length > 200) throw new PanelError(400, 'Search for at most 200 characters.');
      return history.list({ query: req.query, limit: typeof req.limit === 'number' ? req.limit : undefined });
    },
    async getHistory(req) {
      return find(req.id);
    },
    async exportHistory(req) {
      const c = find(req.id);
      const day = new Date(c.startedAt).toISOString().slice(0, 10);
      const who = c.participants.map((p) => p.email.split('@')[0]).join('-').replace(/[^\w.-]+/g, '_');
      return { fileName: `conversation-${day}-${who}.txt`, text: historyAsText(c) };
    },
    async getHistoryRetention() {
      return { days: history.retentionDays };
    },
    async setHistoryRetention(req) {
      const days = req.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_HISTORY_DAYS) {
        throw new PanelError(400, `Send {"days": N} with N from 0 (do not keep conversations) to ${MAX_HISTORY_DAYS}.`);
      }
      history.setRetentionDays(days);
      return { days: history.retentionDays };
    },
    async leaveOfflineMessage(req) {
      if (typeof req.from !== 'string' || typeof req.to !== 'string' || typeof req.text !== 'string') {
        throw new PanelError(400, 'Send {"from": "sender@…", "to": "recipient@…", "text": "…"}.');
      }
      const sender = app.core.directory.requireUser(req.from);
      const outcome = app.core.oims.leave(sender, req.to.trim(), req.text.replace(/\r?\n/g, '\r\n'), { originIp: '127.0.0.1', proxy: 'Butterfly panel' });
      if (!outcome.ok) {
        const status = outcome.reason === 'no-recipient' ? 404 : outcome.reason === 'blocked' ? 409 : 400;
        throw new PanelError(status, `Not left: ${outcome.why}.`);
      }
      return { id: outcome.message.id, to: req.to.trim().toLowerCase() };
    },
  };
}

/** Sends `offlineMessage` events while a panel is attached; returns the detach function. */
export function attachOfflineMessageEvents(
  app: Butterfly,
  emit: (event: 'offlineMessage', data: PanelEvents['offlineMessage']) => void,
): () => void {
  const onStored = (m: OfflineMessage) => {
    const to = app.core.users.byId(m.recipientId);
    if (to) emit('offlineMessage', { id: m.id, from: m.senderEmail, to: to.email });
  };
  app.core.oims.events.on('stored', onStored);
  return () => app.core.oims.events.off('stored', onStored);
}
