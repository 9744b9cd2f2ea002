// The panel fits the window from 800×600 up: at each size, no page scrolls sideways and every
// button of every page is inside the window (wide tables scroll inside their own card instead).
import { test, expect, snapshot } from './server-fixture';
import type { Page } from '@playwright/test';
import { signInMac } from '../server/test-support/mac-client';
import { passportLogin } from '../server/test-support/passport-login';
import { openSwitchboard, textPayload } from '../server/test-support/sb-client';

const SIZES = [
  { width: 800, height: 600 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
];
// Every page, and the states of a page that add buttons or long lines: the new-account form, an
// account driven from the panel with a signed-in contact (Chat), the signed-in account itself, each
// client family's setup page with the connection check filled in, a traffic line opened.
const FAMILIES = ['mac-6-7', 'mac-8', 'msn-1-4', 'msn-5-6', 'msn-7', 'wlm'];
const PAGES = [
  'dashboard',
  'accounts',
  'accounts/new',
  'accounts/busy@local',
  'accounts/online@local',
  'accounts/me@local',
  'conversations',
  'traffic',
  'traffic (a line opened)',
  'certificates',
  'setup',
  ...FAMILIES.map((f) => `setup/${f}`),
];

/** Buttons (and button-like links) whose box reaches past the window's right edge, by their text. */
async function outsideTheWindow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, [role="button"], .sidebar a')) {
      // Inside a card that scrolls sideways by design: reachable by scrolling that card.
      if (el.closest('.scroll-x')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`${el.textContent?.trim() || el.getAttribute('aria-label')} (${Math.round(r.left)}–${Math.round(r.right)} of ${width})`);
    }
    return out;
  });
}

for (const size of SIZES) {
  test(`every page fits ${size.width}×${size.height}`, async ({ page, demoServer }) => {
    await page.setViewportSize(size);
    const base = demoServer.ready.panelUrl.split('#')[0]!;
    const token = demoServer.ready.panelUrl.split('#')[1]!;
    await page.goto(`${base}#${token}`);
    await expect(page.getByText('Server running')).toBeVisible();
    // Content that makes pages wider: a signed-in client, a refused password and an unknown
    // account in the connection check and in the traffic.
    const mac = await signInMac({ nsPort: demoServer.ready.ns, httpPort: demoServer.ready.http, email: 'me@local', password: 'butterfly' });
    expect((await passportLogin(demoServer.ready.http, 'me@local', 'not-the-password')).status).toBe(401);
    expect((await passportLogin(demoServer.ready.http, 'nobody-with-a-long-address@local', 'whatever')).status).toBe(401);
    // A conversation with a panel-driven contact, so the Conversations page shows one open (reply box, buttons).
    const { sb } = await openSwitchboard(mac, { handle: 'me@local' });
    sb.send('CAL 2 online@local');
    await sb.until('JOI online@local');
    sb.sendPayload('MSG 3 A', textPayload('A line long enough to need wrapping in a narrow window, as people write them'));
    await sb.until('ACK 3');
    for (const p of PAGES) {
      const opened = p.endsWith(' (a line opened)');
      await page.evaluate((h) => (location.hash = h), `#/${p.replace(/ \(.*\)$/, '')}`);
      await expect(page.locator('main.page h1')).toBeVisible();
      if (opened) {
        await page.getByRole('list', { name: 'Traffic lines' }).getByRole('listitem').filter({ hasText: 'ACK 3' }).last().click();
        await expect(page.getByRole('complementary', { name: 'Line details' })).toBeVisible();
      }
      if (p.startsWith('setup/')) await expect(page.locator('section.client-check').first()).toBeVisible();
      if (p === 'conversations') await expect(page.getByRole('region', { name: 'Conversation', exact: true })).toBeVisible();
      // The contact list is windowed: bring it on screen so its rows (and their buttons) are drawn.
      const contacts = page.getByTestId('contact-rows');
      if (p.startsWith('accounts/') && (await contacts.count()) > 0) {
        await contacts.scrollIntoViewIfNeeded();
        await expect(contacts.locator('[data-contact]').first()).toBeVisible();
      }
      await page.waitForTimeout(150);
      const sideways = await page.evaluate(() => {
        const doc = document.documentElement;
        const main = document.querySelector('main.page') as HTMLElement;
        return { doc: doc.scrollWidth - doc.clientWidth, main: main.scrollWidth - main.clientWidth };
      });
      expect.soft(sideways, `${p} scrolls sideways at ${size.width}×${size.height}`).toEqual({ doc: 0, main: 0 });
      expect.soft(await outsideTheWindow(page), `${p} at ${size.width}×${size.height}`).toEqual([]);
      await snapshot(page, `fit-${size.width}-${p.replace(/[/@ ()]/g, '_')}`);
    }
    sb.close();
    mac.close();
  });
}
