// The console's "Dữ liệu cá nhân" screen in real headless Chromium: a manager sees the register, a request received
// days ago flagged overdue with dd/mm/yyyy deadlines, records a deletion request at the desk and carries it out
// (the applicant's data is anonymised), and sees who viewed the dossier.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { birthRegistration, receiveAt, ticketAtCounter } from '../helpers/province.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const MANAGER = 'quanly.ninh-kieu';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the personal data screen', () => {
  it('shows the register, flags an overdue request, records and carries out a deletion', async () => {
    await ticketAtCounter(server, CENTER, 'ht', '2');
    const receipt = await receiveAt(
      server,
      CENTER,
      '2',
      birthRegistration({ applicant: { name: 'Đỗ Thu Hà', type: 'citizen', idNumber: '092188001122' } }),
    );
    const code = receipt.dossier.code;
    await server.requestAs('canbo1.ninh-kieu', 'GET', `/api/dossiers/${encodeURIComponent(code)}`);
    const old = await server.requestAs(MANAGER, 'POST', '/api/privacy/requests', {
      centerId: CENTER,
      kind: 'access',
      idNumber: '092188001122',
      receivedAt: '2026-04-29T03:00:00.000Z',
    });
    expect(old.status).toBe(201);

    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    await page.goto(`${server.url}/console/?center=${CENTER}#privacy`);
    await page.getByLabel('Tên đăng nhập').fill(MANAGER);
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Dữ liệu cá nhân', exact: true }).click();
    await page.getByRole('heading', { name: 'Danh mục dữ liệu cá nhân đang xử lý' }).waitFor();

    const register = page.locator('table.register');
    await expect.poll(() => register.textContent()).toContain('dossiers.applicant');
    expect(await register.textContent()).toContain('Nghĩa vụ pháp lý');
    const overdue = page.locator('table.requests tbody tr').filter({ hasText: '05/05/2026' });
    expect(await overdue.textContent()).toContain('Quá hạn');
    expect(await overdue.textContent()).toContain('*********122');
    expect(await page.locator('body').textContent()).not.toContain('092188001122');

    // A deletion request at the desk, carried out.
    await page.getByLabel('Loại yêu cầu').selectOption('delete');
    await page.getByLabel('Số định danh (CCCD)').fill('092188001122');
    await page.getByRole('button', { name: 'Ghi nhận yêu cầu' }).click();
    const row = page.locator('table.requests tbody tr').filter({ hasText: 'Xóa dữ liệu' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Thực hiện' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã thực hiện');
    // The dossier is still being processed: kept by law, and the outcome says so.
    expect(await row.textContent()).toContain(code);

    const views = page.locator('table').last();
    await expect.poll(() => views.textContent()).toContain('canbo1.ninh-kieu');
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${SCREENSHOTS}console-privacy.png`, fullPage: true });
  }, 120_000);
});
