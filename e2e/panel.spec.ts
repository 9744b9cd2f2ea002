// The panel in a real browser against a real headless server: the demo accounts are listed, and a
// status chosen in the page reaches a signed-in Messenger for Mac client as NLN + UBX.
import { test, expect } from '@playwright/test';
import { startHeadless } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';

test('set a demo contact Busy from the panel; the signed-in Mac client sees it', async ({ page }) => {
  const server = await startHeadless(['--demo']);
  try {
    const mac = await signInMac({ nsPort: server.ready.ns, httpPort: server.ready.http, email: 'me@local', password: 'butterfly' });
    await page.goto(server.ready.panelUrl);
    await expect(page.getByText('Server running')).toBeVisible();
    const row = page.getByRole('row', { name: /online@local/ });
    await expect(row).toContainText('Online User');
    await row.getByRole('combobox').selectOption('BSY');
    await mac.until('NLN BSY online@local');
    await expect(page.getByRole('row', { name: /me@local \(signed in\)/ })).toBeVisible();
    await expect(page.getByRole('row', { name: /macmsgs 8.0.1/ })).toContainText('MSNP16');
    await expect(page.locator('.traffic')).toContainText('NLN BSY online@local');
    await page.screenshot({ path: 'test-results/panel.png', fullPage: true });
    mac.close();
  } finally {
    await server.stop();
  }
});
