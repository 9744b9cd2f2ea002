// Boots the panel: picks the transport (Electron IPC when the preload put window.panel there, else
// the loopback WebSocket with the token from the panel address), starts live sync, renders.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridgeClient } from './api/panel-client';
import { wsClient } from './api/ws-client';
import { takeToken } from './api/token';
import { setPanel } from './api/current';
import { startLiveSync } from './state/live';
import { AccessCard } from './components/AccessCard';
import icon from '../../assets/icon.svg';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/dashboard.css';
import './styles/accounts.css';
import './styles/traffic.css';
import './styles/conversations.css';
import './styles/history.css';
import './styles/setup.css';
import './styles/responsive.css';

const favicon = document.createElement('link');
favicon.rel = 'icon';
favicon.href = icon;
document.head.append(favicon);

const root = createRoot(document.getElementById('root')!);
const token = window.panel ? undefined : takeToken();
if (!window.panel && !token) {
  root.render(
    <AccessCard>
      Open the panel with the <strong>Control panel</strong> address Butterfly printed when it started. That address carries the key that lets
      this page in; without it the server does not answer.
    </AccessCard>,
  );
} else {
  setPanel(window.panel ? bridgeClient(window.panel) : wsClient(token!));
  startLiveSync();
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/dashboard');
  root.render(<App />);
}
