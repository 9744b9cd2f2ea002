// A real Butterfly on 127.0.0.1 with every port ephemeral and a fresh data folder, per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Butterfly } from '../app';
import type { ServerConfig } from '../config';

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<Butterfly & { cleanup(): Promise<void> }> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-test-'));
  const app = createServer({
    dataDir,
    host: '127.0.0.1',
    publicHost: '127.0.0.1',
    nsPort: 0,
    sbPort: 0,
    httpPort: 0,
    httpsPort: 0,
    panelPort: 0,
    panelToken: 'test-token-123456',
    demo: false,
    logTraffic: false,
    dispatchRedirect: false,
    ...overrides,
  });
  await app.start();
  return Object.assign(app, {
    async cleanup() {
      await app.stop();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
