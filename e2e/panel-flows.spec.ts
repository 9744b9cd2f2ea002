// The panel's second pass, as a person uses it: messages stay with what they are about; a client
// writing to a panel-driven contact shows as an unread count and in the window title; a contact
// driven from here starts a chat with a signed-in client, and blocks and unblocks it.
import { test, expect, snapshot } from './server-fixture';
import { signInMac } from '../server/test-support/mac-client';
import { answerRing, textPayload } from '../server/test-support/sb-client';

test('a message about one account is gone when another account is opened', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  const list = page.getByRole('complementary', { name: 'Accounts' });
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();
  await list.getByRole('button', { name: /busy@local/ }).click();
  const settings = page.getByRole('region', { name: 'Account settings' });
  await settings.getByLabel('New password').fill('a-new-password');
  await settings.getByRole('button', { name: 'Change password' }).click();
  await expect(settings).toContainText('Password changed');
  const add = page.getByRole('form', { name: 'Add a contact' });
  await add.getByRole('combobox', { name: "Contact's sign-in address" }).fill('nobody@local');
  await add.getByRole('button', { name: 'Add contact' }).click();
  await expect(add).toContainText(/nobody@local/);

  await list.getByRole('button', { name: /idle@local/ }).click();
  await expect(page.getByRole('region', { name: 'Account', exact: true })).toContainText('idle@local');
  await expect(page.getByRole('region', { name: 'Account settings' })).not.toContainText('Password changed');
  await expect(page.getByRole('form', { name: 'Add a contact' })).not.toContainText('nobody@local');

  // The new-account form's refusal goes when you leave it too.
  await page.getByRole('button', { name: 'New account' }).click();
  const form = page.getByRole('form', { name: 'New account' });
  await form.locator('input[type=email]').fill('busy@local');
  await form.locator('input[type=password]').fill('whatever-1');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  await list.getByRole('button', { name: /idle@local/ }).click();
  await page.getByRole('button', { name: 'New account' }).click();
  await expect(page.getByRole('form', { name: 'New account' }).getByRole('alert')).toHaveCount(0);
});

test('start a chat as a panel-driven contact; the answer is an unread count and in the title; block and unblock', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  const nav = page.getByRole('navigation', { name: 'Pages' });
  const me = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly', version: 'MSNP15' });
  try {
    await page.evaluate(() => (location.hash = '#/accounts/online@local'));
    const row = page.getByRole('listitem', { name: 'me@local' });
    await expect(row).toContainText('Signed in');
    await row.getByRole('button', { name: 'Chat' }).click();
    await row.getByRole('textbox', { name: 'First message' }).fill('Hello from the panel');
    await snapshot(page, 'flows-start-chat');
    await row.getByRole('button', { name: 'Send' }).click();

    // The client is rung, answers, and gets the text; the panel now shows the conversation.
    const { sb } = await answerRing(me, { handle: 'me@local' });
    let msg = await sb.until('MSG online@local');
    while (!msg.payload?.includes('Hello from the panel')) msg = await sb.until('MSG online@local');
    await expect(page.getByRole('heading', { name: 'Conversations', level: 1 })).toBeVisible();
    const conversation = page.getByRole('region', { name: 'Conversation', exact: true });
    await expect(conversation.getByRole('log', { name: 'Messages' })).toContainText('Hello from the panel');

    // Elsewhere in the panel, the client's answer is counted and shown in the title.
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    sb.sendPayload('MSG 2 A', textPayload('Hi panel!'));
    await sb.until('ACK 2');
    await expect(nav.getByRole('link', { name: /Conversations/ }).getByLabel('1 unread')).toBeVisible();
    await expect(page).toHaveTitle('(1) Butterfly');
    sb.sendPayload('MSG 3 A', textPayload('Are you there?'));
    await expect(page).toHaveTitle('(2) Butterfly');
    await snapshot(page, 'flows-unread');
    await nav.getByRole('link', { name: /Conversations/ }).click();
    await expect(page).toHaveTitle('Butterfly');
    await expect(nav.getByLabel(/unread/)).toHaveCount(0);
    await expect(conversation.getByRole('log', { name: 'Messages' })).toContainText('Are you there?');
    sb.close();

    // Block from online@local's list: the client sees it offline at once; unblock brings it back.
    await page.evaluate(() => (location.hash = '#/accounts/online@local'));
    await row.getByRole('button', { name: 'Block' }).click();
    expect((await me.until('FLN online@local')).line).toBe('FLN online@local 1 0');
    await expect(row.locator('.list-badge.BL')).toBeVisible();
    await expect(row.getByRole('button', { name: 'Chat' })).toHaveCount(0);
    await row.getByRole('button', { name: 'Unblock' }).click();
    expect((await me.until('NLN ')).line).toMatch(/^NLN NLN online@local 1 Online%20User /);
    await expect(row.locator('.list-badge.BL')).toHaveCount(0);
  } finally {
    me.close();
  }
});

test('first steps on the Dashboard until a client signs in; Client setup remembers the family chosen', async ({ page, demoServer }) => {
  await page.goto(demoServer.ready.panelUrl);
  const steps = page.getByRole('region', { name: 'First steps' });
  await expect(steps.getByRole('listitem').nth(0)).toHaveAttribute('aria-current', 'step');
  await expect(steps).toContainText('Pick your Messenger client');
  await snapshot(page, 'flows-first-steps');
  await steps.getByRole('button', { name: 'Choose the client' }).click();
  const picker = page.getByRole('radiogroup', { name: 'Messenger version' });
  await picker.getByRole('radio').nth(2).click();
  const chosen = await picker.getByRole('radio', { checked: true }).textContent();

  // Back on the Dashboard the first step is ticked; the guide opens on the family chosen.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(steps.getByRole('listitem').nth(0)).toHaveClass(/done/);
  await expect(steps.getByRole('listitem').nth(1)).toHaveAttribute('aria-current', 'step');
  // A fresh page (the token stays in this tab), straight to Client setup with no family named.
  await page.reload();
  await page.evaluate(() => (location.hash = '#/setup'));
  await expect(page.getByRole('radiogroup', { name: 'Messenger version' }).getByRole('radio', { checked: true })).toHaveText(chosen!);

  // A client signs in: the first steps are done and go away.
  await page.evaluate(() => (location.hash = '#/dashboard'));
  await expect(steps).toBeVisible();
  const mac = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly' });
  try {
    await expect(steps).toHaveCount(0);
  } finally {
    mac.close();
  }
});
