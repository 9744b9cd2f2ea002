// Display pictures in the browser: choose one for a panel-driven contact, see it beside the account
// and in another account's contact list, remove it again; a file that is not an image is refused
// with the server's reason.
import { test, expect, snapshot } from './server-fixture';
import { Jimp } from 'jimp';

test('set, show and remove a display picture', async ({ page, demoServer }) => {
  const img = new Jimp({ width: 120, height: 80, color: 0x2a7de1ff });
  const png = await img.getBuffer('image/png');
  await page.goto(demoServer.ready.panelUrl);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Accounts' }).click();
  const list = page.getByRole('complementary', { name: 'Accounts' });
  await list.getByRole('button', { name: /online@local/ }).click();
  const card = page.getByRole('region', { name: 'Display picture' });
  await expect(card).toContainText('No picture');

  await card.getByLabel('Display picture of online@local').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(card.getByRole('alert')).toContainText('That is not a PNG, JPEG or GIF image');

  await card.getByLabel('Display picture of online@local').setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: png });
  await expect(card.locator('img.avatar')).toHaveAttribute('width', '96');
  await expect(list.getByRole('button', { name: /online@local/ }).locator('img.avatar')).toBeVisible();
  await snapshot(page, 'display-picture-set');

  // me@local's contact list shows the face too.
  await list.getByRole('button', { name: /me@local/ }).click();
  const contacts = page.getByRole('region', { name: 'Contacts', exact: true });
  await expect(contacts.getByRole('listitem', { name: 'online@local' }).locator('img.avatar')).toBeVisible();
  await expect(contacts.getByRole('listitem', { name: 'busy@local' }).locator('img.avatar')).toHaveCount(0);

  await list.getByRole('button', { name: /online@local/ }).click();
  await card.getByRole('button', { name: 'Remove' }).click();
  await expect(card).toContainText('No picture');
  await expect(list.getByRole('button', { name: /online@local/ }).locator('img.avatar')).toHaveCount(0);
});
