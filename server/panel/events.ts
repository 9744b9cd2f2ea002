// Panel events from the running server: traffic records, presence changes, the session list and
// list changes. Both transports (WebSocket and Electron IPC) attach through here. Subscribed only
// while a UI is connected, so an unwatched server does no event work.
import type { Butterfly } from '../app';
import type { PanelEvents } from './contract';
import { sessionList } from './handlers';
import { attachConversationEvents } from './conversations';

/** NS lines after which the session list may have changed (sign-in steps, notes such as "closing"). */
const SESSION_COMMANDS = new Set(['VER', 'CVR', 'USR', 'OUT', 'NOTE']);
/** A connection can also vanish without a line (the peer just drops it): look again this often. */
const SESSION_RECHECK_MS = 2000;

export function attachPanelEvents(
  app: Butterfly,
  emit: <K extends keyof PanelEvents>(event: K, data: PanelEvents[K]) => void,
): () => void {
  // The session list is sent when it changed, computed after the current turn: a "closing" note is
  // recorded just before the connection leaves the list.
  let lastSessions = '';
  let pending = false;
  let attached = true;
  const refreshSessions = () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!attached) return;
      const list = sessionList(app);
      const key = JSON.stringify(list);
      if (key === lastSessions) return;
      lastSessions = key;
      emit('sessions', list);
    });
  };
  lastSessions = JSON.stringify(sessionList(app));
  const recheck = setInterval(refreshSessions, SESSION_RECHECK_MS);
  recheck.unref();

  const offTraffic = app.tap.subscribe((r) => {
    emit('traffic', r);
    if (r.service === 'NS' && SESSION_COMMANDS.has(r.command)) refreshSessions();
  });
  const onPresence = (p: PanelEvents['presence']) => {
    emit('presence', p);
    refreshSessions();
  };
  const onLists = ({ ownerId }: { ownerId: number }) => {
    const user = app.core.users.byId(ownerId);
    // No such user any more: the account was just deleted.
    if (user) emit('lists', { email: user.email });
    else emit('accountsChanged', {});
  };
  app.core.events.on('presence', onPresence);
  app.core.events.on('lists', onLists);
  const offConversations = attachConversationEvents(app, emit);
  const offDns = app.dns.onChange((s) => emit('dns', s));
  const offProgress = app.clientProgress.onChange((list) => emit('clientProgress', list));
  return () => {
    offDns();
    offProgress();
    attached = false;
    clearInterval(recheck);
    offTraffic();
    offConversations();
    app.core.events.off('presence', onPresence);
    app.core.events.off('lists', onLists);
  };
}
