// The whole loop in a real browser against a real headless server: create accounts, add a
// contact, drive that contact Busy with a personal message while a scripted Messenger for Mac
// client is signed in (it receives NLN and UBX), find those lines in the traffic view with
// filters and search, and sign the client out from the dashboard.
import { test, expect, snapshot } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';
import type { Page } from '@playwright/test';

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name });
}

async function createAccount(page: Page, email: string, name: string, password: string) {
  await page.getByRole('button', { name: 'New account' }).click();
  const form = page.getByRole('form', { name: 'New account' });
  await form.getByLabel('Sign-in address').fill(email);
  await form.getByLabel('Friendly name').fill(name);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('region', { name: 'Account', exact: true })).toContainText(email);
}

test('panel-driven presence reaches a signed-in client, shows in the traffic view, and the client can be signed out', async ({ page, server }) => {
  await page.goto(server.ready.panelUrl);
  await expect(page.getByText('Server running')).toBeVisible();
  // The token left the address bar for this tab's storage.
  expect(page.url()).not.toContain('token=');

  await nav(page, 'Accounts').click();
  await expect(page.getByText('No accounts yet')).toBeVisible();
  await createAccount(page, 'mac@lan', 'Mac', 'mac-password');
  await createAccount(page, 'bot@lan', 'Bot', 'bot-password');

  await page.getByRole('complementary', { name: 'Accounts' }).getByRole('button', { name: /mac@lan/ }).click();
  // bot@lan (just created) is still shown until the click re-renders: an address typed before
  // then went into bot@lan's form, which was replaced by an empty one for mac@lan.
  await expect(page.getByRole('region', { name: 'Account', exact: true }).getByRole('heading', { level: 2 })).toHaveText('Mac');
  const contacts = page.getByRole('region', { name: 'Contacts', exact: true });
  await contacts.getByLabel("Contact's sign-in address").fill('bot@lan');
  await contacts.getByRole('button', { name: 'Add contact' }).click();
  const botRow = contacts.getByRole('listitem', { name: 'bot@lan' });
  await expect(botRow).toContainText('Bot');
  for (const list of ['FL', 'AL', 'RL']) await expect(botRow.getByText(list, { exact: true })).toBeVisible();

  const mac = await signInMac({ nsPort: server.ready.ns, httpPort: server.ready.http, email: 'mac@lan', password: 'mac-password' });
  try {
    await expect(page.getByRole('region', { name: 'Account', exact: true })).toContainText('Signed in');

    await botRow.getByRole('button', { name: /Status of bot@lan/ }).click();
    await page.getByRole('option', { name: 'Busy' }).click();
    expect((await mac.until('NLN BSY bot@lan')).line).toBe('NLN BSY bot@lan 1 Bot 1073741856:0 %3Cmsnobj%2F%3E');

    await botRow.getByRole('button', { name: 'Edit' }).click();
    await botRow.getByLabel('Personal message').fill('Beep boop');
    await botRow.getByLabel('Personal message').press('Enter');
    let ubx = await mac.until('UBX bot@lan');
    while (!ubx.payload?.includes('Beep boop')) ubx = await mac.until('UBX bot@lan');
    expect(ubx.payload).toBe('<Data><PSM>Beep boop</PSM><CurrentMedia></CurrentMedia></Data>');
    await expect(botRow).toContainText('Beep boop');
    await snapshot(page, 'accounts-contact-driven');

    // The traffic view has those lines; each filter narrows what it shows.
    await nav(page, 'Live traffic').click();
    const lines = page.getByRole('list', { name: 'Traffic lines' });
    await expect(lines).toContainText('NLN BSY bot@lan');
    await expect(lines).toContainText('UBX bot@lan');
    await expect(lines).toContainText('GET /login2.srf');
    const count = page.getByTestId('traffic-count');

    const session = await page.getByRole('combobox', { name: 'Connection' }).locator('option', { hasText: 'mac@lan' }).first().getAttribute('value');
    await page.getByRole('combobox', { name: 'Connection' }).selectOption(session!);
    await expect(count).toContainText(' of ');
    await expect(lines).not.toContainText('GET /login2.srf');
    await expect(lines).toContainText('NLN BSY bot@lan');

    await page.getByRole('combobox', { name: 'Command' }).selectOption('UBX');
    await expect(lines).not.toContainText('NLN BSY bot@lan');
    await expect(lines).toContainText('UBX bot@lan');

    await page.getByRole('searchbox', { name: 'Search' }).fill('beep boop');
    await expect(lines.getByRole('listitem')).toHaveCount(1);
    await lines.getByRole('listitem').first().click();
    const payload = page.getByTestId('payload');
    await expect(payload).toContainText('<PSM>Beep boop</PSM>');
    // Pretty printed: one element per line.
    expect(await payload.textContent()).toContain('<Data>\n  <PSM>Beep boop</PSM>');
    await snapshot(page, 'traffic-filtered');

    // Services: with NS switched off nothing of this connection is left.
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByRole('combobox', { name: 'Command' }).selectOption('');
    await page.getByRole('button', { name: 'NS', exact: true }).click();
    await expect(page.getByText('No line matches the filters')).toBeVisible();
    await page.getByRole('button', { name: 'NS', exact: true }).click();
    await expect(lines).toContainText('NLN BSY bot@lan');

    // Kick the client from the dashboard: it gets OUT and the connection ends.
    await nav(page, 'Dashboard').click();
    const sessions = page.getByRole('region', { name: 'Signed-in clients' });
    const row = sessions.getByRole('row', { name: /mac@lan/ });
    await expect(row).toContainText('macmsgs 8.0.1 (mac 10.14.6)');
    await expect(row).toContainText('MSNP16');
    await snapshot(page, 'dashboard-signed-in');
    await row.getByRole('button', { name: 'Sign out' }).click();
    expect((await mac.until('OUT')).line).toBe('OUT');
    await mac.waitClosed();
    await expect(sessions.getByText('No client is connected')).toBeVisible();
  } finally {
    mac.close();
  }
});
