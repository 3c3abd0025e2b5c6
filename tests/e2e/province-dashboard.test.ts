// The province dashboard in headless Chromium with the example province file applied (a provincial center and 120
// commune centers): every center listed, sorted by a click, a center with a line over its target flagged; its row
// opens that center's board, where the alert is shown and acknowledged. A center manager has no "Toàn tỉnh".
// Screenshots to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/src/auth/password.ts';
import { AdminService } from '../../server/src/setup/admin.ts';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { newKey, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const FILE = readFileSync(new URL('../../server/src/seed/example-province.yaml', import.meta.url), 'utf8');
const ADMIN = 'admin.vidu';
const BUSY = 'xa-mau-007';
const LAPTOP = { width: 1366, height: 900 };

/** expect.poll's own default is one second: the loaded CI machine needs more. */
const POLL = { timeout: 15_000 };

/** The server's clock, moved by the test. */
let offset = 0;
const clock = () => new Date(Date.now() + offset);

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [t, browser] = await Promise.all([startTestServer({ clock, alertEvaluateMs: 3_600_000 }), launchBrowser()]);
  const store = t.server.queue.store;
  const system = { username: 'system', role: 'system', provinceId: '' };
  await new AdminService(store, t.server.queue).applyFile(system, FILE, false);
  // The file creates accounts without passwords: the test gives two of them one.
  const hash = await hashPassword(TEST_PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
  await store.transaction(async (tx) => {
    await tx.admin.setPassword(ADMIN, hash, false);
    await tx.admin.setPassword(`quanly.${BUSY}`, hash, false);
  });
  // A few centers (their counters open, as the file declares) take numbers; BUSY's line then waits past its target.
  for (const [centerId, n] of [
    [BUSY, 6],
    ['xa-mau-042', 2],
    ['xa-mau-100', 1],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const res = await t.requestAs(
        ADMIN,
        'POST',
        `/api/centers/${centerId}/tickets`,
        { areaId: 'ht' },
        { 'idempotency-key': newKey() },
      );
      expect(res.status).toBe(201);
    }
  }
  offset += 25 * 60_000;
  await t.server.alerts.evaluate();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function consoleAs(username: string, hash: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-US', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${t.url}/console/${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

describe('province dashboard', () => {
  it('lists every center of the province, sorts, flags the late line and opens its board', async () => {
    const page = await consoleAs(ADMIN, '#province');
    const table = page.getByTestId('province-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(121);
    await page.screenshot({ path: `${SCREENSHOTS}province-dashboard-1366x900.png` });

    // Sorted by waiting (most first), the busy center comes first, its longest wait red against its 10-minute target.
    await page.getByRole('button', { name: /^Đang chờ/ }).click();
    const first = table.locator('tbody tr').first();
    await expect.poll(() => first.getAttribute('data-testid'), POLL).toBe(`glance-${BUSY}`);
    const row = page.getByTestId(`glance-${BUSY}`);
    expect(await row.locator('td').nth(2).textContent()).toBe('6');
    expect(await row.locator('td.late').first().textContent()).toContain('/ 10 phút');
    expect(await row.textContent()).toContain('mới');
    // Clicked again: fewest first.
    await page.getByRole('button', { name: /^Đang chờ/ }).click();
    await expect.poll(() => first.getAttribute('data-testid'), POLL).not.toBe(`glance-${BUSY}`);
    await expect(page.getByTestId('province-summary').textContent()).resolves.toContain('9người đang chờ');
    await page.getByLabel('Tìm trung tâm').fill('007');
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}province-dashboard-filtered-1366x900.png` });

    await row.getByRole('button').first().click();
    const alerts = page.getByTestId('alerts');
    await alerts.waitFor();
    const late = alerts.getByTestId('alert-wait_over_target');
    await expect.poll(() => late.textContent(), POLL).toContain('Hộ tịch: 6 người chờ');
    await late.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => late.textContent(), POLL).toContain(`đã xác nhận bởi ${ADMIN}`);
    await alerts.getByRole('button', { name: 'Lịch sử cảnh báo' }).click();
    await page.getByTestId('alert-history').waitFor();
    expect(page.url()).toContain(`center=${BUSY}`);
    await page.screenshot({ path: `${SCREENSHOTS}province-board-alerts-1366x900.png`, fullPage: true });
    await page.context().close();
  }, 120_000);

  it('a center manager has no province view', async () => {
    const page = await consoleAs(`quanly.${BUSY}`, '#province');
    await page.getByTestId('alerts').waitFor();
    await expect(page.getByRole('button', { name: 'Toàn tỉnh' }).count()).resolves.toBe(0);
    await page.context().close();
  }, 60_000);
});
