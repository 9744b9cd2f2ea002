// "Allow MSN Messenger 1.0–4.7" in the account editor: off for a new account, turned on only with
// the right password (a wrong one is refused where it was typed), then a Windows Messenger 4.7
// client signs in with MD5; unticking turns it off again.
import { test, expect, snapshot } from './server-fixture';
import { signInMd5 } from '../server/test-support/md5-client';

test('turn MSN 1.0–4.7 sign-in on with the password, sign in with MSNP7, turn it off', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'New account' }).click();
  const form = page.getByRole('form', { name: 'New account' });
  await form.getByLabel('Sign-in address').fill('retro@local');
  await form.getByLabel('Password').fill('retro-pw');
  await form.getByRole('button', { name: 'Create account' }).click();

  const settings = page.getByRole('region', { name: 'Account settings' });
  const box = settings.getByLabel('Allow MSN Messenger 1.0–4.7 (and Windows Messenger 4.x)');
  await expect(box).not.toBeChecked();
  await box.check();
  const confirm = settings.getByRole('form', { name: 'Confirm the password' });
  await confirm.getByLabel("This account's password").fill('not-it');
  await confirm.getByRole('button', { name: 'Turn on' }).click();
  await expect(settings).toContainText('That is not the password of retro@local');
  await confirm.getByLabel("This account's password").fill('retro-pw');
  await confirm.getByRole('button', { name: 'Turn on' }).click();
  await expect(settings).toContainText('MSN Messenger 1.0–4.7 can sign in to this account now.');
  await expect(box).toBeChecked();
  await snapshot(page, 'accounts-old-messengers');

  const client = await signInMd5({ nsPort: demoServer.ready.ns, email: 'retro@local', password: 'retro-pw', version: 7 });
  client.close();

  await box.uncheck();
  await expect(settings).toContainText('Turned off; the kept password is deleted.');
  await expect(box).not.toBeChecked();
});

test('Client setup: the MSN 1.0–4.7 page has no certificate step, a registry server value, and follows an MD5 sign-in', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Client setup' }).click();
  await page.getByRole('radio', { name: /MSN Messenger 1\.0–4\.7/ }).click();
  await expect(page.getByText('MSN Messenger 1.0–4.7 / Windows Messenger 4.x', { exact: true })).toBeVisible();
  await expect(page.getByText("Trust Butterfly's certificate authority")).toHaveCount(0);
  await expect(page.getByText('Point Messenger at Butterfly (registry)')).toBeVisible();
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download butterfly-msn-1-4-server.reg' }).click();
  const reg = (await import('node:fs')).readFileSync((await (await pending).path())!).toString('latin1');
  expect(reg).toMatch(/\[HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService\]\r\n"Server"="[^"]+:1863"/);

  const check = page.getByRole('region', { name: 'Sign in, and watch each step arrive' });
  const client = await signInMd5({ nsPort: demoServer.ready.ns, email: 'me@local', password: 'butterfly', version: 7 });
  await expect(check.locator('[data-step="signed-in"]')).toHaveAttribute('data-state', 'ok');
  await snapshot(page, 'client-setup-msn1-4', true);
  client.close();
});
