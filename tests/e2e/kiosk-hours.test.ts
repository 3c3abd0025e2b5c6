// The kiosk outside opening hours, in real headless Chromium: it says when the center opens (Vietnamese and
// English), offers no area, and comes back by itself when a manager changes the hours (no reload).
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_HOURS } from '../../server/src/seed/demo.ts';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { openPaired } from '../helpers/devices.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
// Monday 30/11/2026 at 05:00 in Vietnam: before the demo centers open at 07:30.
const now = new Date('2026-11-30T05:00:00+07:00');

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startTestServer({ clock: () => now, seedHours: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('says when the center opens, in both languages, and follows the hours live', async () => {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  await openPaired(page, server, 'ninh-kieu', 'ninh-kieu-kiosk-1');
  const notice = page.getByTestId('outside-hours');
  await notice.waitFor({ state: 'visible', timeout: 15_000 });
  expect(await notice.textContent()).toContain('Trung tâm mở cửa lúc 07:30 thứ Hai, 30/11/2026');
  expect(await page.locator('button[data-area]').count()).toBe(0);
  await page.screenshot({ path: `${SCREENSHOTS}kiosk-outside-hours-vi.png` });
  await page.locator('header button').first().click();
  await page.getByText('Opens at 07:30 on Monday, 30/11/2026').waitFor({ timeout: 15_000 });
  await page.screenshot({ path: `${SCREENSHOTS}kiosk-outside-hours-en.png` });

  // The manager opens early today: the kiosk shows the areas without a reload.
  const early = {
    ...DEMO_HOURS,
    exceptions: [{ day: '2026-11-30', intervals: [{ from: '04:30', to: '11:30' }], note: 'Mở sớm' }],
  };
  expect((await server.requestAs('quanly.ninh-kieu', 'PUT', '/api/centers/ninh-kieu/hours', early)).status).toBe(200);
  await page.locator('button[data-area="ht"]').waitFor({ state: 'visible', timeout: 15_000 });
  await notice.waitFor({ state: 'detached', timeout: 15_000 });
  await page.close();
});
