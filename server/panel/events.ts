// Panel events from the running server: traffic records, presence changes, session list, lists.
// Subscribed only while a UI is connected, so an unwatched server does no event work.
import type { Butterfly } from '../app';
import type { PanelEvents } from './contract';
import { sessionList } from './handlers';

export function attachPanelEvents(
  app: Butterfly,
  emit: <K extends keyof PanelEvents>(event: K, data: PanelEvents[K]) => void,
): () => void {
  const offTraffic = app.tap.subscribe((r) => {
    emit('traffic', r);
    // Sign-ins and sign-outs show in the tap first; refresh the session list on those.
    if (r.service === 'NS' && (r.command === 'USR' || r.command === 'NOTE' || r.command === 'OUT')) {
      emit('sessions', sessionList(app));
    }
  });
  const onPresence = (p: PanelEvents['presence']) => emit('presence', p);
  const onLists = ({ ownerId }: { ownerId: number }) => {
    const user = app.core.users.byId(ownerId);
    if (user) emit('lists', { email: user.email });
  };
  app.core.events.on('presence', onPresence);
  app.core.events.on('lists', onLists);
  return () => {
    offTraffic();
    app.core.events.off('presence', onPresence);
    app.core.events.off('lists', onLists);
  };
}
