// Lasting conversations: a chat with a panel-driven contact is still listed after the server
// restarts, and the search finds it by a word that was said (and not by one that was not).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, snapshot, startHeadless } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';
import { openSwitchboard, textPayload } from '../server/test-support/sb-client';

test('a past conversation is listed and searchable after the server restarts', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'butterfly-e2e-history-'));
  let server = await startHeadless(['--demo'], dataDir);
  try {
    const me = await signInMac({ nsPort: server.ready.ns, httpPort: server.ready.http, email: 'me@local', password: 'butterfly' });
    const { sb } = await openSwitchboard(me, { handle: 'me@local' });
    sb.send('CAL 2 online@local');
    await sb.until('JOI online@local');
    sb.sendPayload('MSG 3 A', textPayload('the pelican has landed'));
    await sb.until('ACK 3');
    sb.send('OUT');
    me.close();
    await server.stop();

    server = await startHeadless(['--demo'], dataDir);
    await page.goto(server.ready.panelUrl);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Conversations' }).click();
    const past = page.getByRole('region', { name: 'Past conversations' });
    const list = past.getByRole('list', { name: 'Past conversation list' });
    await expect(list).toContainText('the pelican has landed');

    await past.getByRole('searchbox', { name: 'Search past conversations' }).fill('submarine');
    await expect(past).toContainText('Nothing kept mentions “submarine”.');
    await past.getByRole('searchbox', { name: 'Search past conversations' }).fill('PELICAN');
    await expect(list).toContainText('the pelican has landed');
    await list.getByRole('button').first().click();
    const open = past.getByRole('region', { name: 'Past conversation' });
    await expect(open.getByRole('list', { name: 'Past messages' })).toContainText('me@local');
    await expect(open.getByRole('list', { name: 'Past messages' })).toContainText('the pelican has landed');
    const download = page.waitForEvent('download');
    await open.getByRole('button', { name: 'Export as text' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^conversation-\d{4}-\d\d-\d\d-me-online\.txt$/);
    await snapshot(page, 'conversations-history', true);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
