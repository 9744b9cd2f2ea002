// Every page renders finished with demo data (screenshots kept for people to look at), the
// certificate downloads, and a page without a valid token says what to do.
import { test, expect, snapshot } from './server-fixture';
import crypto from 'node:crypto';
import fs from 'node:fs';

test('each page with demo data', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await expect(page.getByRole('region', { name: 'Listeners' })).toContainText(String(demoServer.ready.ns));
  await expect(page.getByTestId('public-host')).toHaveText('127.0.0.1');
  await snapshot(page, 'dashboard');

  await nav.getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('complementary', { name: 'Accounts' })).toContainText('Hidden User');
  await snapshot(page, 'accounts');
  await page.getByRole('complementary', { name: 'Accounts' }).getByRole('button', { name: /busy@local/ }).click();
  await expect(page.getByRole('region', { name: 'Presence' }).getByLabel('Personal message')).toHaveValue('Deadline today, ping me later');
  await snapshot(page, 'accounts-busy');

  await nav.getByRole('link', { name: 'Conversations' }).click();
  await expect(page.getByText('No conversations yet')).toBeVisible();
  await snapshot(page, 'conversations');

  await nav.getByRole('link', { name: 'Certificates' }).click();
  await expect(page.getByText('SHA-1 fingerprint')).toBeVisible();
  await page.getByRole('tab', { name: 'Mac OS X 10.5 and later' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('security add-trusted-cert');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download butterfly-ca.cer' }).click();
  const der = fs.readFileSync(await (await download).path());
  expect(new crypto.X509Certificate(der).subject).toContain('Butterfly Local CA');
  await snapshot(page, 'certificates');

  await nav.getByRole('link', { name: 'Client setup' }).click();
  await expect(page.getByText(`127.0.0.1:${demoServer.ready.ns}`)).toBeVisible();
  await snapshot(page, 'client-setup');

  // Reloading keeps the page and the access (the token stays in this tab).
  await page.reload();
  await expect(page.getByText(`127.0.0.1:${demoServer.ready.ns}`)).toBeVisible();
  await expect(page.getByText('Server running')).toBeVisible();
});

test('without the token the page says where to get it; with an old token it says it is refused', async ({ page, server }) => {
  const base = server.ready.panelUrl.split('#')[0]!;
  await page.goto(base);
  await expect(page.getByText('Open the panel with the Control panel address')).toBeVisible();
  await snapshot(page, 'no-token');

  // A fresh document (a fragment change alone would not reload the page).
  await page.goto('about:blank');
  await page.goto(`${base}#token=an-old-token-from-yesterday`);
  await expect(page.getByRole('alert')).toContainText('old or wrong token');
  await snapshot(page, 'wrong-token');
});
