// The traffic view under real traffic: pause and resume, clear, export, HTTP payloads, and a
// flood of lines that the virtualised list absorbs with a bounded number of rows in the page.
import http from 'node:http';
import fs from 'node:fs';
import { test, expect, snapshot } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';
import type { Page } from '@playwright/test';

async function openTraffic(page: Page, panelUrl: string) {
  await page.goto(panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Live traffic' }).click();
}

/** `n` Passport nexus requests, `parallel` at a time: 2 traffic lines each. */
async function flood(port: number, n: number, parallel = 32): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: `/rdr/pprdr.asp?n=${next}`, agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        next++;
        await one();
      }
    }),
  );
  agent.destroy();
}

test('pause holds new lines until resumed; clear empties the view; export saves what is shown', async ({ page, demoServer }) => {
  await openTraffic(page, demoServer.ready.panelUrl);
  const lines = page.getByRole('list', { name: 'Traffic lines' });
  await expect(lines).toContainText('ready:');

  await page.getByRole('button', { name: 'Pause' }).click();
  const mac = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly' });
  try {
    await expect(page.getByRole('button', { name: /Resume \(\d+ new\)/ })).toBeVisible();
    await expect(lines).not.toContainText('USR 4 OK me@local');
    await page.getByRole('button', { name: /Resume/ }).click();
    await expect(lines).toContainText('USR 4 OK me@local');

    // An HTTP exchange: its headers stay above the body in the details.
    await page.getByRole('searchbox', { name: 'Search' }).fill('login2.srf');
    await expect(page.getByTestId('traffic-count')).toContainText(' of ');
    await lines.getByRole('listitem').filter({ hasText: 'GET /login2.srf' }).first().click();
    const details = page.getByRole('complementary', { name: 'Line details' });
    await expect(details).toContainText('HTTP exchange');
    await expect(details).toContainText('HTTP/1.1 200 OK');
    await expect(details).toContainText(/answered in \d+ ms/);
    await expect(page.getByTestId('payload')).toContainText('Authorization: Passport1.4');
    await expect(page.getByTestId('payload')).not.toContainText('butterfly', { ignoreCase: false });
    await snapshot(page, 'traffic-http-detail');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect(page.getByTestId('traffic-count')).not.toContainText(' of ');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export log' }).click();
    const file = await (await download).path();
    const log = fs.readFileSync(file, 'utf8');
    // The legend names the arrows the screen uses, and the lines use them.
    expect(log.split('\n')[1]).toBe('# → from a client (client to server)   ← to a client (server to client)   • server note');
    for (const words of ['→ from a client', '← to a client', '• server note']) await expect(page.locator('.legend')).toContainText(words);
    expect(log).toMatch(/^\d\d:\d\d:\d\d\.\d{3} NS {3}ns-\d+ +→ VER 1 MSNP16 CVR0/m);
    expect(log).toContain('← USR 4 OK me@local 1 0');
    expect(log).toMatch(/← HTTP\/1\.1 200 OK \[\d+ ms\]/);
    expect((await download).suggestedFilename()).toMatch(/^butterfly-traffic-\d{8}-\d{6}\.log$/);

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByText('No traffic yet')).toBeVisible();
    mac.send('PNG');
    await expect(lines).toContainText('PNG');
    await expect(lines.getByRole('listitem')).toHaveCount(2); // PNG and its QNG
  } finally {
    mac.close();
  }
});

test('thousands of lines: the page keeps a few dozen rows, follows the newest, and filters still narrow', async ({ page, server }) => {
  await openTraffic(page, server.ready.panelUrl);
  const lines = page.getByRole('list', { name: 'Traffic lines' });
  await expect(lines).toContainText('ready:');
  await flood(server.ready.http, 3000);
  // One line per HTTP exchange: 3,000 requests with their answers, and the ready line.
  await expect(page.getByTestId('traffic-count')).toHaveText('3,001 lines');
  const rows = await lines.getByRole('listitem').count();
  expect(rows).toBeGreaterThan(10);
  expect(rows).toBeLessThan(80);
  // Following the newest: the last request's answer is on screen.
  await expect(lines.getByRole('listitem').last()).toContainText('GET /rdr/pprdr.asp?n=');
  await expect(lines.getByRole('listitem').last()).toContainText('200');
  await expect(lines).toContainText('GET /rdr/pprdr.asp?n=');
  await snapshot(page, 'traffic-flood');

  // Scrolling up stops following; "Newest" goes back.
  await lines.evaluate((el) => (el.scrollTop = 0));
  await expect(lines).toContainText('ready:');
  await page.getByRole('button', { name: '↓ Newest' }).click();
  await expect(lines).not.toContainText('ready:');

  await page.getByRole('searchbox', { name: 'Search' }).fill('pprdr.asp?n=2999 ');
  await expect(page.getByTestId('traffic-count')).toHaveText('1 of 3,001 lines');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await page.getByRole('button', { name: 'HTTP/SOAP' }).click();
  await expect(page.getByTestId('traffic-count')).toHaveText('1 of 3,001 lines');
});
