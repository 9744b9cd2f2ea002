// Accounts in the browser: create (with the server's errors shown), rename, change the password
// (the new one signs in over Passport), delete (gone from every list).
import { test, expect, snapshot } from './server-fixture';
import { passportLogin } from '../server/test-support/passport-login';
import type { Page } from '@playwright/test';

async function fillNewAccount(page: Page, email: string, password: string, name = '') {
  await page.getByRole('button', { name: 'New account' }).click();
  const form = page.getByRole('form', { name: 'New account' });
  await form.getByLabel('Sign-in address').fill(email);
  await form.getByLabel('Friendly name').fill(name);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Create account' }).click();
  return form;
}

test('create, rename, change the password and delete an account', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();

  // The server's refusal is shown where the person typed.
  const form = await fillNewAccount(page, 'me@local', 'whatever-pw');
  await expect(form.getByRole('alert')).toContainText('An account me@local already exists');
  await snapshot(page, 'accounts-new-error');
  await form.getByRole('button', { name: 'Cancel' }).click();

  await fillNewAccount(page, 'carol@local', 'carol-pw', 'Carol');
  const hero = page.getByRole('region', { name: 'Account', exact: true });
  await expect(hero).toContainText('carol@local');

  const presence = page.getByRole('region', { name: 'Presence' });
  await presence.getByLabel('Friendly name').fill('Carol from next door');
  await presence.getByLabel('Friendly name').press('Enter');
  await expect(hero).toContainText('Carol from next door');
  await expect(page.getByRole('complementary', { name: 'Accounts' })).toContainText('Carol from next door');

  const settings = page.getByRole('region', { name: 'Account settings' });
  await settings.getByLabel('New password').fill('carol-new-pw');
  await settings.getByRole('button', { name: 'Change password' }).click();
  await expect(settings).toContainText('Password changed');
  expect((await passportLogin(demoServer.ready.http, 'carol@local', 'carol-new-pw')).status).toBe(200);
  expect((await passportLogin(demoServer.ready.http, 'carol@local', 'carol-pw')).status).toBe(401);

  // Make her a contact of me@local, then delete her: she leaves that list too.
  const contacts = page.getByRole('region', { name: 'Contacts', exact: true });
  await contacts.getByLabel("Contact's sign-in address").fill('me@local');
  await contacts.getByRole('button', { name: 'Add contact' }).click();
  await expect(contacts.getByRole('listitem', { name: 'me@local' })).toBeVisible();
  await snapshot(page, 'accounts-edited', true);

  await settings.getByRole('button', { name: 'Delete account' }).click();
  await settings.getByRole('button', { name: 'Really delete carol@local?' }).click();
  await expect(page.getByText('Pick an account')).toBeVisible();
  const list = page.getByRole('complementary', { name: 'Accounts' });
  await expect(list).not.toContainText('carol@local');
  await list.getByRole('button', { name: /me@local/ }).click();
  await expect(page.getByRole('region', { name: 'Contacts', exact: true })).toContainText('online@local');
  await expect(page.getByRole('region', { name: 'Contacts', exact: true })).not.toContainText('carol@local');
  expect((await passportLogin(demoServer.ready.http, 'carol@local', 'carol-new-pw')).status).toBe(401);
});

test('the demo contact list: each contact driven from its own row, Appear Offline looks offline to the owner', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('complementary', { name: 'Accounts' }).getByRole('button', { name: /me@local/ }).click();
  const contacts = page.getByRole('region', { name: 'Contacts', exact: true });
  const hidden = contacts.getByRole('listitem', { name: 'hidden@local' });
  await expect(hidden).toContainText('appears Offline to me@local');
  await expect(hidden.getByRole('button', { name: 'Status of hidden@local: Appear Offline' })).toBeVisible();
  await expect(hidden.getByRole('img', { name: 'Offline', exact: true })).toBeVisible();

  const online = contacts.getByRole('listitem', { name: 'online@local' });
  await online.getByRole('button', { name: /Status of online@local/ }).click();
  await expect(page.getByRole('listbox', { name: /Status of online@local/ })).toBeVisible();
  await page.getByRole('listbox', { name: /Status of online@local/ }).scrollIntoViewIfNeeded();
  await snapshot(page, 'accounts-status-menu');
  await page.getByRole('option', { name: 'Out to Lunch' }).click();
  await expect(online.getByRole('button', { name: /Status of online@local: Out to Lunch/ })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Accounts' }).getByRole('button', { name: /online@local/ }).getByRole('img', { name: 'Out to Lunch' })).toBeVisible();
});
