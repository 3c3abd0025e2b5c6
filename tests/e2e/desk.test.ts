// The officer's desk in real headless Chromium against the real server: the waiting list, a call out of line
// order with its reason, the hold pool, a no-show put back in line, cancelling, complete-and-next, auto-call,
// the transfer dialog and the pause dialog with its reasons. Every step also checked in the server's log.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { openPaired } from '../helpers/devices.ts';
import { newKey, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const CENTER = 'cai-rang';
const OFFICER = `canbo1.${CENTER}`;
const LAPTOP = { width: 1366, height: 768 };

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

/** A ticket taken at the desk by the administrator (channel 'counter'), or at an enrolled kiosk (its credential). */
async function issue(areaId: string, kioskId?: string): Promise<Ticket> {
  const res = kioskId
    ? await server.issueAsKiosk((await server.enrollDevice(CENTER, kioskId)).credential, CENTER, { areaId })
    : await server.request('POST', `/api/centers/${CENTER}/tickets`, { areaId }, { 'Idempotency-Key': newKey() });
  expect(res.status).toBe(201);
  return res.body.ticket;
}

const history = async (ticketId: string) =>
  (await server.request('GET', `/api/tickets/${ticketId}`)).body.history as {
    type: string;
    actor: string;
    note: string | null;
  }[];

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${server.url}/console/?center=${CENTER}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

describe('the desk', () => {
  it('does every desk action from the screen and the keyboard', async () => {
    const [a, b, c] = [await issue('ht', `${CENTER}-kiosk-1`), await issue('ht'), await issue('ht')];
    const desk = await signIn(OFFICER);
    await desk.getByRole('article', { name: 'Quầy 1' }).getByRole('button', { name: 'Nhận quầy' }).click();
    await desk.getByRole('heading', { name: 'Quầy 1' }).waitFor();
    const current = desk.locator('[data-testid="current-number"]');
    const row = (kind: string, n: number) => desk.locator(`[data-testid="${kind}-row-${n}"]`);
    // A key counts once the desk has finished its last command (the number may show first, from the live feed).
    const press = async (key: string) => {
      await desk.locator('[data-testid="desk-main"][aria-busy="false"]').waitFor();
      await desk.keyboard.press(key);
    };

    // The waiting list: number, area, channel, wait so far.
    await row('waiting', c.number).waitFor();
    expect(await row('waiting', a.number).textContent()).toContain('Kiosk');
    expect(await row('waiting', b.number).textContent()).toContain('Tại quầy');
    expect(await row('waiting', a.number).textContent()).toMatch(/\d+ giây|\d+ phút/);

    // Out of line order, with a reason.
    await row('waiting', c.number).getByRole('button', { name: 'Gọi số này…' }).click();
    const choose = desk.getByRole('dialog', { name: 'Gọi số ngoài thứ tự' });
    await choose.getByLabel('Lý do').fill('Người cao tuổi đi cùng trẻ nhỏ');
    await choose.getByRole('button', { name: 'Gọi số này' }).click();
    await current.filter({ hasText: String(c.number) }).waitFor();
    expect((await history(c.id)).at(-1)).toEqual(
      expect.objectContaining({
        type: 'ticket:called_chosen',
        actor: `officer:${OFFICER}`,
        note: 'Người cao tuổi đi cùng trẻ nhỏ',
      }),
    );

    // Serving timer; then parked with Shift+F7 while the citizen fetches a document.
    await press('F4');
    await desk
      .locator('[data-testid="serving-timer"]')
      .filter({ hasText: /\d\d:\d\d/ })
      .waitFor();
    await press('Shift+F7');
    const holdDialog = desk.getByRole('dialog', { name: 'Tạm giữ số thứ tự' });
    await holdDialog.getByLabel(/Ghi chú/).fill('Đi photo CCCD');
    await holdDialog.getByRole('button', { name: 'Tạm giữ' }).click();
    await row('held', c.number).waitFor();
    await current.waitFor({ state: 'detached' });
    expect((await history(c.id)).at(-1)).toMatchObject({ type: 'ticket:held', note: 'Đi photo CCCD' });

    // The next one does not come: absent, then back within the grace period.
    await press('F2');
    await current.filter({ hasText: String(a.number) }).waitFor();
    await press('F7');
    await row('noshow', a.number).getByRole('button', { name: 'Xếp lại hàng' }).click();
    await row('waiting', a.number).waitFor();
    await row('noshow', a.number).waitFor({ state: 'detached' });
    expect((await history(a.id)).map((h) => h.type).slice(-2)).toEqual(['ticket:no_show', 'ticket:requeued']);

    // The parked citizen is back: called again to this counter, served, and the next one called with one key.
    await row('held', c.number).getByRole('button', { name: 'Mời lại' }).click();
    await current.filter({ hasText: String(c.number) }).waitFor();
    await press('F4');
    await desk.getByText('Đang phục vụ').waitFor();
    await desk.screenshot({ path: `${SCREENSHOTS}desk-serving-${LAPTOP.width}x${LAPTOP.height}.png` });
    await press('Shift+F9');
    await current.filter({ hasText: String(a.number) }).waitFor();
    expect((await history(c.id)).map((h) => h.type).slice(-3)).toEqual([
      'ticket:unheld',
      'ticket:serving',
      'ticket:completed',
    ]);
    await desk.locator('[data-testid="officer-day"]').filter({ hasText: 'đã phục vụ 1 · vắng mặt 1' }).waitFor();

    // Cancel a waiting ticket from the list.
    await row('waiting', b.number).getByRole('button', { name: 'Hủy…' }).click();
    const cancel = desk.getByRole('dialog', { name: 'Hủy số thứ tự' });
    await cancel.getByLabel(/Ghi chú/).fill('Công dân không làm thủ tục nữa');
    await cancel.getByRole('button', { name: 'Hủy số' }).click();
    await row('waiting', b.number).waitFor({ state: 'detached' });
    expect((await history(b.id)).at(-1)).toMatchObject({
      type: 'ticket:cancelled',
      note: 'Công dân không làm thủ tục nữa',
    });

    // The transfer dialog: the called citizen goes to certification, the counter is free.
    await press('F8');
    const transfer = desk.getByRole('dialog', { name: 'Chuyển số thứ tự' });
    await transfer.getByLabel('Sang lĩnh vực').selectOption('ct');
    await transfer.getByLabel(/Ghi chú cho quầy nhận/).fill('Cần chứng thực bản sao');
    await transfer.getByRole('button', { name: 'Chuyển' }).click();
    await desk.getByText(`Đã chuyển số ${a.number}.`).waitFor();
    expect((await history(a.id)).at(-1)).toMatchObject({ type: 'ticket:transferred', note: 'Cần chứng thực bản sao' });

    // Pause with a reason from the list, then one typed under "Khác…"; both logged with the resume.
    await press('Shift+F2');
    const pause = desk.getByRole('dialog', { name: 'Tạm dừng quầy' });
    await pause.getByLabel('Nghỉ giữa giờ').check();
    await pause.getByRole('button', { name: 'Tạm dừng' }).click();
    await desk.getByText('Tạm dừng: Nghỉ giữa giờ').first().waitFor();
    await desk.getByRole('button', { name: 'Tiếp tục làm việc' }).click();
    await desk.getByText('Đang mở').waitFor();
    await desk.getByRole('button', { name: /Tạm dừng…/ }).click();
    await pause.getByLabel('Khác…').check();
    await pause.getByLabel('Lý do khác').fill('Tập huấn phần mềm');
    await pause.getByRole('button', { name: 'Tạm dừng' }).click();
    await desk.getByText('Tạm dừng: Tập huấn phần mềm').first().waitFor();
    await desk.getByRole('button', { name: 'Tiếp tục làm việc' }).click();
    await desk.getByText('Đang mở').waitFor();
    const log = (await server.request('GET', `/api/centers/${CENTER}/events?after=0&limit=1000`)).body as {
      type: string;
      counters: { id: string; pauseReason: string | null }[];
    }[];
    const pauses = log.filter((e) => e.type === 'counter:paused').map((e) => e.counters[0].pauseReason);
    expect(pauses).toEqual(['Nghỉ giữa giờ', 'Tập huấn phần mềm']);
    expect(log.filter((e) => e.type === 'counter:resumed')).toHaveLength(2);

    // Auto-call: when the counter is free again, the next citizen is called without a key.
    const [d, e] = [await issue('ht'), await issue('ht')];
    await desk.getByLabel('Tự động gọi số khi quầy rảnh').check();
    await desk.getByText('Đã bật tự động gọi số khi quầy rảnh.').waitFor();
    await press('F2');
    await current.filter({ hasText: String(d.number) }).waitFor();
    await row('waiting', e.number).waitFor();
    await desk.screenshot({ path: `${SCREENSHOTS}desk-lists-${LAPTOP.width}x${LAPTOP.height}.png`, fullPage: true });
    await press('F7');
    await current.filter({ hasText: String(e.number) }).waitFor();

    // The called citizen gives up: cancelled from the desk, the counter is free.
    await desk.getByRole('button', { name: 'Hủy số đang mời…' }).click();
    await cancel.getByRole('button', { name: 'Hủy số' }).click();
    await current.waitFor({ state: 'detached' });
    expect((await history(e.id)).at(-1)).toMatchObject({ type: 'ticket:cancelled', actor: `officer:${OFFICER}` });
    await desk.context().close();
  }, 120_000);

  it('manager: sets the hall’s text line and the call wording from the board; the hall shows both', async () => {
    const board = await signIn(`quanly.${CENTER}`);
    const panel = board.getByRole('region', { name: 'Màn hình sảnh' });
    await panel
      .getByLabel('Lời mời (hiện và đọc khi gọi số)')
      .fill('Kính mời công dân có số thứ tự {number} đến quầy số {counter}, lĩnh vực {area}');
    await panel.getByRole('button', { name: 'Cập nhật lời mời' }).click();
    await panel.getByText('Đã cập nhật lời mời.').waitFor();
    await panel.getByLabel('Lời mời (hiện và đọc khi gọi số)').fill('Mời số {so}');
    await panel.getByRole('button', { name: 'Cập nhật lời mời' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Mẫu lời mời phải có {number} và {counter}' }).waitFor();
    await panel
      .getByLabel('Dòng thông báo dưới danh sách gọi số')
      .fill('Từ 11 giờ 30 đến 13 giờ 30 trung tâm nghỉ trưa.');
    await panel.getByRole('button', { name: 'Hiển thị' }).click();
    await panel.getByText('Đã cập nhật dòng thông báo.').waitFor();
    await board.screenshot({
      path: `${SCREENSHOTS}board-hall-panel-${LAPTOP.width}x${LAPTOP.height}.png`,
      fullPage: true,
    });

    const hall = await board.context().newPage();
    await openPaired(hall, server, CENTER, { kind: 'hall_display', name: 'Màn hình sảnh (thử)' }, 'voice=off');
    await hall
      .locator('[data-announcement]')
      .filter({ hasText: 'Từ 11 giờ 30 đến 13 giờ 30 trung tâm nghỉ trưa.' })
      .waitFor();
    const t = await issue('dd');
    expect((await server.request('POST', `/api/centers/${CENTER}/counters/3/call-next`)).status).toBe(200);
    await hall
      .locator('[data-call-text]')
      .filter({ hasText: `Kính mời công dân có số thứ tự ${t.number} đến quầy số 3, lĩnh vực Đất đai` })
      .waitFor();
    await panel.getByRole('button', { name: 'Gỡ' }).click();
    await hall.locator('[data-announcement]').waitFor({ state: 'detached' });
    await board.context().close();
  }, 60_000);
});
