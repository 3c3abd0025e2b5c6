// The console in real headless Chromium against the real server: an officer signs in, takes a counter, calls
// next (the hall display shows it), receives the dossier and gets its code; the citizen rates the service;
// a manager moves an area from one counter to another and the officer's next call follows it.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { eventually, type Linked, startLinked } from '../helpers/province.ts';
import { openPaired } from '../helpers/devices.ts';
import { newKey, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const OFFICER = `canbo1.${CENTER}`;
const MANAGER = `quanly.${CENTER}`;
const LAPTOP = { width: 1366, height: 768 };
const FULL_HD = { width: 1920, height: 1080 };

let linked: Linked;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // With the reference provincial system: a received dossier is really handed over.
  [linked, browser] = await Promise.all([startLinked(), launchBrowser()]);
  server = linked.t;
});
afterAll(async () => {
  await browser?.close();
  await linked?.close();
});

async function issue(areaId: string): Promise<Ticket> {
  const res = await server.request(
    'POST',
    `/api/centers/${CENTER}/tickets`,
    { areaId },
    { 'Idempotency-Key': newKey() },
  );
  expect(res.status).toBe(201);
  return res.body.ticket;
}

async function signIn(username: string, hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${server.url}/console/?center=${CENTER}${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

async function shoot(page: Page, name: string) {
  for (const size of [LAPTOP, FULL_HD]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SCREENSHOTS}console-${name}-${size.width}x${size.height}.png`, fullPage: false });
  }
  await page.setViewportSize(LAPTOP);
}

describe('console', () => {
  it('refuses a wrong password on screen', async () => {
    const context = await browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Tên đăng nhập').fill(OFFICER);
    await page.getByLabel('Mật khẩu').fill('wrong password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Sai tên đăng nhập hoặc mật khẩu');
    await page.screenshot({ path: `${SCREENSHOTS}console-login-refused-1366x768.png` });
    await context.close();
  });

  it('officer: takes a counter, calls next (the hall shows it), receives the dossier, the citizen rates', async () => {
    const desk = await signIn(OFFICER);
    await desk.getByRole('heading', { name: 'Chọn quầy làm việc' }).waitFor();
    await shoot(desk, 'desk-pick');
    await desk.getByRole('article', { name: 'Quầy 1' }).getByRole('button', { name: 'Nhận quầy' }).click();
    await desk.getByRole('heading', { name: 'Quầy 1' }).waitFor();

    const hall = await (await browser.newContext({ viewport: FULL_HD })).newPage();
    await openPaired(hall, server, CENTER, { kind: 'hall_display', name: 'Màn hình sảnh (thử)' });
    await hall.waitForSelector('[data-online="true"]');
    const rate = await signIn(OFFICER, '#rate');
    await rate.getByText('Kính chào Quý khách').waitFor();

    const ticket = await issue('ht');
    await desk.locator('[data-testid="waiting-ht"]').filter({ hasText: '1' }).waitFor();
    await desk.keyboard.press('F2');
    await desk
      .locator('[data-testid="current-number"]')
      .filter({ hasText: String(ticket.number) })
      .waitFor();
    await hall.waitForSelector(`[data-call][data-number="${ticket.number}"]`);
    await desk.getByRole('button', { name: /Bắt đầu phục vụ/ }).click();
    await desk.getByText('Đang phục vụ').waitFor();

    // The USB scanner types the QR's tracking URL and Enter, with no field focused.
    await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await desk.keyboard.type(
      `${server.url}/track/?code=${encodeURIComponent(ticket.dossierCode)}&s=${ticket.trackingSecret}`,
    );
    await desk.keyboard.press('Enter');
    const form = desk.getByRole('form', { name: 'Tiếp nhận hồ sơ' });
    await form.waitFor();
    expect(await form.textContent()).toContain(ticket.dossierCode);
    await form.getByLabel('Thủ tục hành chính').selectOption('1.001193');
    await form.getByLabel('Họ và tên người nộp').fill('Nguyễn Văn An');
    await form.getByLabel('Số CCCD / định danh').fill('092099001234');
    await form.getByLabel('Số điện thoại').fill('0912 345 678');
    await form.getByLabel(/Họ, chữ đệm và tên của trẻ/).fill('Nguyễn Gia Bảo');
    await form.getByLabel(/Ngày sinh/).fill('01/11/2026');
    await form.getByLabel(/Quan hệ với trẻ/).fill('Cha');
    await shoot(desk, 'desk-receive');
    await form.getByRole('button', { name: 'Tiếp nhận và chuyển xử lý' }).click();
    const code = desk.locator('[data-testid="dossier-code"]');
    await code.waitFor();
    expect(await code.textContent()).toBe(ticket.dossierCode);
    expect(await desk.locator('[data-testid="due-date"]').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await shoot(desk, 'desk-receipt');
    await eventually('the province holds the dossier', () => linked.province.records.get(ticket.dossierCode));
    await desk.getByRole('button', { name: 'Xong' }).click();

    await desk.keyboard.press('F9');
    await desk.getByText('Đã hoàn thành').waitFor();
    await rate.getByRole('button', { name: /Rất hài lòng/ }).click();
    await rate.screenshot({ path: `${SCREENSHOTS}console-rate-1366x768.png` });
    await rate.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await rate.getByText('Cảm ơn Quý khách!').waitFor();

    const history = await server.request('GET', `/api/tickets/${ticket.id}`);
    expect(history.body.history.map((h: { type: string; actor: string }) => `${h.type} ${h.actor}`)).toEqual([
      'ticket:issued counter',
      `ticket:called officer:${OFFICER}`,
      `ticket:serving officer:${OFFICER}`,
      `ticket:completed officer:${OFFICER}`,
    ]);
    const today = ticket.serviceDay;
    const report = await server.requestAs(
      MANAGER,
      'GET',
      `/api/centers/${CENTER}/reports?from=${today}&to=${today}&by=officer`,
    );
    expect(report.body.rows.find((r: { key: string }) => r.key === OFFICER)).toMatchObject({
      served: 1,
      ratings: { very_satisfied: 1 },
    });
    await hall.context().close();
    await rate.context().close();
    await desk.context().close();
  }, 90_000);

  it('manager: moves an area from one counter to another, and the next call follows it', async () => {
    const desk = await signIn(OFFICER);
    await desk.getByRole('heading', { name: 'Quầy 1' }).waitFor();
    const board = await signIn(MANAGER);
    await board.locator('[data-testid="counter-1"]').waitFor();

    const older = await issue('ht');
    const certification = await issue('ct');
    await board.locator('[data-testid="area-ct"] td').nth(1).filter({ hasText: '1' }).waitFor();
    await shoot(board, 'board');

    // Counter 2 stops serving Chứng thực…
    await board.locator('[data-testid="counter-2"]').getByRole('button', { name: 'Phân lĩnh vực' }).click();
    await board.getByRole('button', { name: 'Bỏ Chứng thực' }).click();
    await board.getByRole('button', { name: 'Lưu' }).click();
    await board.locator('[data-testid="counter-2"]').filter({ hasNotText: 'Chứng thực' }).waitFor();
    // …and counter 1 takes it, first in its order.
    await board.locator('[data-testid="counter-1"]').getByRole('button', { name: 'Phân lĩnh vực' }).click();
    await board.getByRole('button', { name: '+ Chứng thực' }).click();
    const dialog = board.getByRole('dialog', { name: 'Phân lĩnh vực cho quầy' });
    await dialog.getByRole('button', { name: 'Lên' }).last().click();
    await dialog.getByRole('button', { name: 'Lên' }).nth(1).click();
    await board.screenshot({ path: `${SCREENSHOTS}console-board-assign-1366x768.png` });
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await board.locator('[data-testid="counter-1"]').filter({ hasText: '1. Chứng thực' }).waitFor();

    // Pushed live to the officer's desk, and the next call follows the new order.
    await desk.locator('[data-testid="waiting-ct"]').waitFor();
    await desk.keyboard.press('F2');
    await desk
      .locator('[data-testid="current-number"]')
      .filter({ hasText: String(certification.number) })
      .waitFor();
    expect(certification.number).not.toBe(older.number);
    const counters = (await server.request('GET', `/api/centers/${CENTER}/counters`)).body;
    expect(counters.find((c: { id: string }) => c.id === '1').areaIds).toEqual(['ct', 'ht', 'tp']);
    expect(counters.find((c: { id: string }) => c.id === '2').areaIds).toEqual(['ht']);
    await board
      .locator('[data-testid="counter-1"]')
      .filter({ hasText: String(certification.number) })
      .waitFor();
    await shoot(board, 'board-live');
    await shoot(desk, 'desk-called');

    await board.getByRole('button', { name: 'Báo cáo' }).click();
    await board.getByLabel('Nhóm theo').selectOption('officer');
    await board.getByRole('cell', { name: `Võ Thị Thu (${OFFICER})` }).waitFor();
    expect(await board.getByRole('link', { name: 'Xuất CSV' }).getAttribute('href')).toMatch(
      /reports\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&by=officer$/,
    );
    await shoot(board, 'reports');
    await board.context().close();
    await desk.context().close();
  }, 90_000);
});
