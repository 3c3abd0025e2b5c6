// The report screen in headless Chromium over the scripted week: dates typed dd/mm/yyyy, the heatmap's busy
// cells, the figures grouped by channel, counters' time, satisfaction, dossiers; the administrator also sees the
// province roll-up. Screenshots to look at.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { manager, NK, scriptedWeek, type Week } from '../helpers/report-week.ts';
import { DEFAULT_USER, TEST_PASSWORD } from '../helpers/server.ts';

let week: Week;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [week, browser] = await Promise.all([scriptedWeek(), launchBrowser()]);
  week.wallClock();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await week?.t.close();
});

async function reportsAs(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'en-US', // the browser's own locale must not change how dates are typed or shown
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${week.t.url}/console/?center=${NK}#reports`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  await page.getByLabel('Từ ngày').fill('2/3/2026x');
  await page.getByLabel('Từ ngày').dispatchEvent('change');
  await page.getByRole('alert').filter({ hasText: 'dd/mm/yyyy' }).waitFor();
  await page.getByLabel('Từ ngày').fill('02/03/2026');
  await page.getByLabel('Đến ngày').fill('08/03/2026');
  await page.getByLabel('Đến ngày').dispatchEvent('change');
  await page.getByText('02/03/2026 – 08/03/2026').first().waitFor();
  return page;
}

describe('report screen', () => {
  it('shows the week: heatmap, figures by channel, counters’ time, satisfaction, dossiers', async () => {
    const page = await reportsAs(manager);
    const heatmap = page.getByTestId('heatmap');
    // Monday 08h had two tickets, Friday 09h one.
    const monday = heatmap.getByRole('row').filter({ hasText: 'Thứ Hai' });
    await expect(monday.getByRole('cell', { name: '2', exact: true }).count()).resolves.toBe(1);
    const friday = heatmap.getByRole('row').filter({ hasText: 'Thứ Sáu' });
    expect(await friday.getByRole('cell', { name: '1', exact: true }).getAttribute('title')).toContain(
      '9:00–9:59: 1 lượt, chờ trung bình 3 phút',
    );
    await page.screenshot({ path: `${SCREENSHOTS}console-reports-week-1366x900.png`, fullPage: true });

    await page.getByLabel('Nhóm theo').selectOption('channel');
    const online = page.getByRole('row').filter({ hasText: 'Lấy số trực tuyến' });
    await online.waitFor();
    expect(await online.textContent()).toContain('0%'); // D waited 10 minutes for a 5-minute target
    await expect(page.getByRole('row').filter({ hasText: 'Họp' }).textContent()).resolves.toContain('30 phút');
    await expect(page.getByRole('row').filter({ hasText: 'Rất không hài lòng' }).textContent()).resolves.toContain('1');
    await expect(page.getByRole('row').filter({ hasText: 'Ủy ban nhân dân' }).textContent()).resolves.toContain('50%');
    expect(await page.getByRole('link', { name: 'Xuất Excel' }).getAttribute('href')).toBe(
      `/api/centers/${NK}/reports.xlsx?from=2026-03-02&to=2026-03-08&by=channel`,
    );
    expect(await page.getByRole('link', { name: /In báo cáo tháng 03\/2026/ }).getAttribute('href')).toBe(
      `/api/centers/${NK}/reports/monthly.pdf?month=2026-03`,
    );
    await expect(page.getByTestId('province-report').count()).resolves.toBe(0);
    await page.context().close();
  }, 90_000);

  it('the administrator sees the province roll-up', async () => {
    const page = await reportsAs(DEFAULT_USER);
    const province = page.getByTestId('province-report');
    await province.waitFor();
    const total = province.getByRole('row').filter({ hasText: 'Toàn tỉnh' });
    expect(await total.textContent()).toContain('66,7%');
    await province.screenshot({ path: `${SCREENSHOTS}console-reports-province-1366x900.png` });
    await page.context().close();
  }, 90_000);
});
