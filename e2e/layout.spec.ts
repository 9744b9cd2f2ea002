// The panel fits the window from 800×600 up: at each size, no page scrolls sideways and every
// button of every page is inside the window (wide tables scroll inside their own card instead).
import { test, expect, snapshot } from './server-fixture';
import type { Page } from '@playwright/test';

const SIZES = [
  { width: 800, height: 600 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
];
const PAGES = ['dashboard', 'accounts/busy@local', 'conversations', 'traffic', 'certificates', 'setup'];

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
    for (const p of PAGES) {
      await page.evaluate((h) => (location.hash = h), `#/${p}`);
      await expect(page.locator('main.page h1')).toBeVisible();
      await page.waitForTimeout(150);
      const sideways = await page.evaluate(() => {
        const doc = document.documentElement;
        const main = document.querySelector('main.page') as HTMLElement;
        return { doc: doc.scrollWidth - doc.clientWidth, main: main.scrollWidth - main.clientWidth };
      });
      expect.soft(sideways, `${p} scrolls sideways at ${size.width}×${size.height}`).toEqual({ doc: 0, main: 0 });
      expect.soft(await outsideTheWindow(page), `${p} at ${size.width}×${size.height}`).toEqual([]);
      await snapshot(page, `fit-${size.width}-${p.replace(/[/@]/g, '_')}`);
    }
  });
}
