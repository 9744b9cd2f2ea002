// Live traffic read like a protocol analyser: column titles, one line per HTTP exchange with its
// status and time, errors coloured, every MSNP command and error explained in plain words (from
// the protocol dictionary), "follow this connection", and Escape closing the details.
import { test, expect, snapshot } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';
import { passportLogin } from '../server/test-support/passport-login';
import fs from 'node:fs';

test('columns, explanations, coloured errors, follow a connection, Escape closes', async ({ page, demoServer }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Live traffic' }).click();
  const lines = page.getByRole('list', { name: 'Traffic lines' });
  await expect(lines).toContainText('ready:');
  for (const title of ['Time', 'Service', 'Connection', 'Line', 'Status', 'Took', 'Size']) await expect(page.locator('.traffic-head')).toContainText(title);

  const mac = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly' });
  try {
    // A wrong password (HTTP 401) and a status no client may set (an MSNP error).
    const refused = await passportLogin(demoServer.ready.http, 'me@local', 'not-the-password');
    expect(refused.status).toBe(401);
    mac.send('CHG 9 XYZ 0');
    const msnpError = lines.getByRole('listitem').filter({ hasText: /←2\d\d 9$/ });
    await expect(msnpError).toHaveCount(1);

    const signedIn = lines.getByRole('listitem').filter({ hasText: 'USR 4 OK me@local' });
    await signedIn.click();
    const details = page.getByRole('complementary', { name: 'Line details' });
    await expect(details.getByTestId('meaning')).toContainText('USR · Sign in');
    await expect(details.getByTestId('meaning')).toContainText('Passport ticket');

    await expect(msnpError).toHaveClass(/\berror\b/);
    await msnpError.click();
    await expect(details.getByTestId('meaning')).toContainText(/Error 2\d\d/);
    await expect(details.getByTestId('meaning')).toHaveClass(/\berror\b/);

    const failed = lines.getByRole('listitem').filter({ hasText: /GET \/login2\.srf HTTP\/1\.1401/ });
    await expect(failed).toHaveCount(1);
    await expect(failed).toHaveClass(/\berror\b/);
    await expect(failed).toContainText(/\d+ ms/);
    await failed.click();
    await expect(details).toContainText('HTTP exchange');
    await expect(details.getByTestId('meaning')).toContainText('wrong password');
    await snapshot(page, 'traffic-analyser-http-401');

    // Follow the sign-in's connection: only its lines are shown; then every connection again.
    await signedIn.click();
    await details.getByRole('button', { name: 'Follow this connection' }).click();
    await expect(page.getByTestId('traffic-count')).toContainText(' of ');
    await expect(lines).not.toContainText('login2.srf');
    await expect(page.getByRole('combobox', { name: 'Connection' })).toHaveValue(/^ns-\d+$/);
    await snapshot(page, 'traffic-analyser-follow');
    await details.getByRole('button', { name: 'Show every connection' }).click();
    await expect(lines).toContainText('login2.srf');

    await page.keyboard.press('Escape');
    await expect(details).toHaveCount(0);
  } finally {
    mac.close();
  }
});

test('"Export for Wireshark" saves a pcapng capture of the traffic', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Live traffic' }).click();
  const mac = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly' });
  try {
    await expect(page.getByRole('list', { name: 'Traffic lines' })).toContainText('USR 4 OK me@local');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export for Wireshark' }).click();
    expect((await download).suggestedFilename()).toMatch(/^butterfly-traffic-\d{8}-\d{6}\.pcapng$/);
    const bytes = fs.readFileSync((await (await download).path())!);
    expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a); // a pcapng section header
    expect(bytes.includes(Buffer.from('USR 4 OK me@local'))).toBe(true);
  } finally {
    mac.close();
  }
});
