// The console's setup view in real headless Chromium: a manager edits the center's hours (a lunch break, a
// closed day), an administrator fixes a calendar year, and both changes appear in the audit log with who,
// when (dd/mm/yyyy HH:mm) and before → after; a year still to verify is a warning on the board.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
// Monday 30/11/2026, 09:00 in Vietnam.
const now = new Date('2026-11-30T09:00:00+07:00');
const LAPTOP = { width: 1366, height: 900 };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startTestServer({ clock: () => now, seedHours: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(username: string, hash: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${server.url}/console/?center=ninh-kieu${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

it('lets a manager edit the hours and see the change in the audit log', async () => {
  const page = await signIn('quanly.ninh-kieu', '#setup');
  const editor = page.getByTestId('hours-editor');
  await editor.waitFor();
  expect(await page.getByTestId('opening-now').textContent()).toContain('Đang cấp số');
  expect(await page.locator('input[data-day="mon"]').inputValue()).toBe('07:30–11:30, 13:30–17:00');

  // A typo is refused on the page, nothing is sent.
  await page.locator('input[data-day="fri"]').fill('07:30-1130');
  await page.getByTestId('save-hours').click();
  await expect(editor.getByRole('alert').textContent()).resolves.toContain('Thứ Sáu');

  await page.locator('input[data-day="fri"]').fill('07:00-11:30, 13:00-16:30');
  await page.locator('input[data-area-last="ht"]').fill('15:00');
  await page.getByTestId('save-hours').click();
  await editor.getByText('Đã lưu giờ làm việc').waitFor();
  const hours = (await server.requestAs('quanly.ninh-kieu', 'GET', '/api/centers/ninh-kieu/hours')).body.hours;
  expect(hours.weekly.fri).toEqual([
    { from: '07:00', to: '11:30' },
    { from: '13:00', to: '16:30' },
  ]);
  expect(hours.areaLastTicket).toEqual({ ht: '15:00' });

  const row = page.getByTestId('audit-row').first();
  await row.waitFor();
  const text = await row.textContent();
  expect(text).toContain('30/11/2026 09:00');
  expect(text).toContain('quanly.ninh-kieu');
  expect(text).toContain('Sửa Giờ làm việc');
  expect(text).toContain('weekly.fri');
  expect(text).toContain('→');
  await page.screenshot({ path: `${SCREENSHOTS}console-setup-hours-1366x900.png`, fullPage: true });
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  // A manager reads the calendar but cannot change it.
  await expect(page.getByTestId('calendar-editor').textContent()).resolves.toContain(
    'Chỉ quản trị viên cấp tỉnh được sửa lịch',
  );
  await page.context().close();
});

it('lets the administrator fix a calendar year, and warns of a year still to verify', async () => {
  const page = await signIn('admin.cantho', '#board');
  await expect(page.getByTestId('calendar-warning').first().textContent()).resolves.toContain('2027');
  await page.getByRole('button', { name: 'Thiết lập' }).click();
  const editor = page.getByTestId('calendar-editor');
  await editor.waitFor();
  await page.getByTestId('calendar-year').selectOption('2027');
  await editor.locator('tr[data-day="01/01/2027"]').waitFor();
  await editor.getByRole('combobox').nth(1).selectOption('verified');
  // A day typed as people write it: dd/mm/yyyy.
  await editor.getByRole('button', { name: '+ Thêm ngày' }).click();
  await editor.locator('tbody tr').last().locator('input').first().fill('31/12/2027');
  await editor.locator('tbody tr').last().locator('input').nth(1).fill('Nghỉ bù thử');
  await page.getByTestId('save-calendar').click();
  await editor.getByText('Đã lưu lịch năm 2027').waitFor();
  await page.getByTestId('calendar-warning').waitFor({ state: 'detached' });
  const year = (await server.request('GET', '/api/calendar/2027')).body;
  expect(year).toMatchObject({ status: 'verified', updatedBy: 'admin.cantho' });
  expect(year.days).toContainEqual({ day: '2027-12-31', kind: 'off', note: 'Nghỉ bù thử' });
  const row = page.getByTestId('audit-row').first();
  await expect(row.textContent()).resolves.toContain('Sửa Lịch năm can-tho:2027');
  await expect(row.textContent()).resolves.toContain('status: to_verify → verified');
  await expect(row.textContent()).resolves.toContain('days: — → 31/12/2027 nghỉ');
  await page.screenshot({ path: `${SCREENSHOTS}console-setup-calendar-1366x900.png`, fullPage: true });
  await page.context().close();
});
