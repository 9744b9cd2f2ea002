// The one panel client of this page, chosen at start-up (main.tsx) and used by every feature.
import type { PanelClient } from './panel-client';

let current: PanelClient | undefined;

export function setPanel(client: PanelClient): void {
  current = client;
}

export function panel(): PanelClient {
  if (!current) throw new Error('The panel client is not set up yet.');
  return current;
}
