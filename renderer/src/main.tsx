// Boots the panel UI: connects to the server, loads state, and keeps it live from events.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { PanelClient } from './panel-client';
import { usePanel } from './store';
import type { TrafficRecord } from '../../server/tap/tap';

const root = createRoot(document.getElementById('root')!);
const client = PanelClient.fromLocation();
if (!client) {
  root.render(<p>Open the control panel with the address Butterfly printed when it started (it carries the access token).</p>);
} else {
  const state = usePanel.getState();
  const refresh = async () => {
    const [status, accounts, sessions, traffic] = await Promise.all([
      client.call('getStatus', {}), client.call('listAccounts', {}), client.call('listSessions', {}), client.call('getTraffic', { limit: 500 }),
    ]);
    state.set({ status, accounts, sessions, traffic });
  };
  // Traffic can arrive thousands of lines a second: collect it and render once per frame.
  let batch: TrafficRecord[] = [];
  let scheduled = false;
  client.on((event, data) => {
    if (event === 'traffic') {
      batch.push(data as TrafficRecord);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(() => { usePanel.getState().addTraffic(batch); batch = []; scheduled = false; });
      }
    } else if (event === 'sessions') state.set({ sessions: data as never });
    else void client.call('listAccounts', {}).then((accounts) => state.set({ accounts }));
  });
  client.onStatus = (connected, why) => {
    state.set({ connected, problem: why });
    if (connected) void refresh();
  };
  client.connect();
  root.render(<App client={client} />);
}
