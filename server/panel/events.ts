// Panel events from the running server: traffic records, presence changes, the session list and
// list changes. Both transports (WebSocket and Electron IPC) attach through here. Subscribed only
// while a UI is connected, so an unwatched server does no event work.
import type { Butterfly } from '../app';
import type { PanelEvents } from './contract';
import { sessionList } from './handlers';
import { attachConversationEvents } from './conversations';
import { attachOfflineMessageEvents } from './history';

export function attachPanelEvents(
  app: Butterfly,
  emit: <K extends keyof PanelEvents>(event: K, data: PanelEvents[K]) => void,
): () => void {
  // The notification server says when its sessions change; several changes in one turn (a sign-in
  // is VER, CVR and USR in one packet) are sent as one list.
  let pending = false;
  let attached = true;
  const offSessions = app.ns.onSessionsChanged(() => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (attached) emit('sessions', sessionList(app));
    });
  });

  const offTraffic = app.tap.subscribe((r) => emit('traffic', r));
  const onPresence = (p: PanelEvents['presence']) => emit('presence', p);
  // An account being deleted is still there when its credentials are revoked: its address is kept
  // for the lists event that follows its deletion, so the panel takes out one row.
  const deleting = new Map<number, string>();
  const onCredentials = ({ userId, reason }: { userId: number; reason: string }) => {
    const email = reason === 'deleted' ? app.core.users.byId(userId)?.email : undefined;
    if (email) deleting.set(userId, email);
  };
  const onLists = ({ ownerId, contactId }: { ownerId: number; contactId?: number }) => {
    const user = app.core.users.byId(ownerId);
    // No such user any more: the account was just deleted.
    if (!user) {
      const deleted = deleting.get(ownerId);
      deleting.delete(ownerId);
      return emit('accountsChanged', deleted ? { deleted } : {});
    }
    const contact = contactId === undefined ? undefined : app.core.users.byId(contactId)?.email;
    emit('lists', contact ? { email: user.email, contact } : { email: user.email });
  };
  app.core.events.on('presence', onPresence);
  app.core.events.on('lists', onLists);
  app.core.events.on('credentials', onCredentials);
  const offConversations = attachConversationEvents(app, emit);
  const offOffline = attachOfflineMessageEvents(app, emit);
  const offDns = app.dns.onChange((s) => emit('dns', s));
  const offProgress = app.clientProgress.onChange((list) => emit('clientProgress', list));
  return () => {
    offDns();
    offProgress();
    attached = false;
    offSessions();
    offTraffic();
    offConversations();
    offOffline();
    app.core.events.off('presence', onPresence);
    app.core.events.off('lists', onLists);
    app.core.events.off('credentials', onCredentials);
  };
}
