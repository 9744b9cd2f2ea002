// A long contact list in the browser: only the rows near the screen exist, scrolling the page
// brings the others; a contact's change updates its one row (one small request for that entry),
// never a refetch of the whole list.
import { test, expect, snapshot } from './server-fixture';

const CONTACTS = 120;

test('a contact list of 120 is windowed, scrolls with the page, and a change refetches one entry', async ({ page, demoServer }) => {
  const url = new URL(demoServer.ready.panelUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url.origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json();
  };
  await api('POST', '/api/accounts', { email: 'host@party.lan', password: 'party-pw', displayName: 'The Host' });
  for (let i = 1; i <= CONTACTS; i++) {
    const email = `guest${String(i).padStart(3, '0')}@party.lan`;
    await api('POST', '/api/accounts', { email, password: 'party-pw', displayName: `Guest ${String(i).padStart(3, '0')}` });
    await api('POST', '/api/accounts/host@party.lan/contacts', { email, mutual: false });
  }

  // Count what the page asks the server for, by operation.
  await page.addInitScript(() => {
    const asked: Record<string, number> = {};
    (window as unknown as { asked: typeof asked }).asked = asked;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      try {
        const op = JSON.parse(String(data)).op as string;
        asked[op] = (asked[op] ?? 0) + 1;
      } catch {
        // not a call
      }
      return send.call(this, data);
    };
  });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(demoServer.ready.panelUrl);
  await page.evaluate(() => (location.hash = '#/accounts/host@party.lan'));
  const rows = page.getByTestId('contact-rows');
  await expect(rows).toHaveAttribute('data-rows', String(CONTACTS + 1)); // the group title and 120 contacts
  await rows.scrollIntoViewIfNeeded();
  const drawn = await rows.locator('[data-contact]').count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn, 'only the rows near the screen are drawn').toBeLessThan(60);

  // Scrolling the page to the end of the list draws the last contacts.
  await page.locator('main.page').evaluate((m) => (m.scrollTop = m.scrollHeight));
  await expect(rows.getByRole('listitem', { name: 'guest120@party.lan' })).toBeVisible();
  await expect(rows.getByRole('listitem', { name: 'guest001@party.lan' })).toHaveCount(0);
  await snapshot(page, 'contact-list-window-end');

  // A contact goes Busy from the panel: its row changes, fetched alone.
  const before = await page.evaluate(() => ({ ...(window as unknown as { asked: Record<string, number> }).asked }));
  await api('PUT', '/api/accounts/guest120@party.lan/presence', { status: 'BSY' });
  // Online people come first, as in Messenger: the row moves to the top of the list.
  await rows.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(rows.getByRole('listitem', { name: 'guest120@party.lan' }).getByRole('button', { name: 'Status of guest120@party.lan: Busy' })).toBeVisible();
  await expect(rows.locator('[data-contact]').first()).toHaveAttribute('data-contact', 'guest120@party.lan');
  const after = await page.evaluate(() => ({ ...(window as unknown as { asked: Record<string, number> }).asked }));
  expect(after.listContacts ?? 0, 'the list is not fetched again').toBe(before.listContacts ?? 0);
  expect((after.getContact ?? 0) - (before.getContact ?? 0)).toBeGreaterThanOrEqual(1);
});
