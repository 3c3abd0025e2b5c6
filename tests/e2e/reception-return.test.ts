// In Chromium: the officer scans the citizen's ID card QR into the reception form (name, ID, birth, sex and
// address filled), records documents by kind, gets the receipt with its PDF; later calls the citizen from
// "Trả kết quả" (the hall shows it) and hands the result back. At the kiosk, the optional ID card scan gives
// the elderly priority to a citizen of 60 or more, and only the priority is kept on the ticket.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { eventually, type Linked, startLinked } from '../helpers/province.ts';
import { openPaired } from '../helpers/devices.ts';
import { newKey, TEST_PASSWORD } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const OFFICER = `canbo2.${CENTER}`;
const LAPTOP = { width: 1366, height: 768 };
/** Born 15/03/1966: the card's holder turns 60 on 15/03/2026. */
const CARD =
  '092066001234|361234567|Nguyễn Văn Bình|15031966|Nam|Số 12 đường 30/4, phường Ninh Kiều, thành phố Cần Thơ|10072021';

let linked: Linked;
let browser: Browser;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [linked, browser] = await Promise.all([startLinked(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await linked?.close();
});

async function signIn(hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${linked.t.url}/console/?center=${CENTER}${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(OFFICER);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

describe('reception and return in the console', () => {
  it('fills the applicant from the ID card, receives with document kinds, then calls and hands back the result', async () => {
    const { t } = linked;
    const issued = await t.request(
      'POST',
      `/api/centers/${CENTER}/tickets`,
      { areaId: 'ht' },
      { 'Idempotency-Key': newKey() },
    );
    const ticket: Ticket = issued.body.ticket;
    // A dossier is received only for a ticket that reached a counter: this one was served at counter 1 first.
    for (;;) {
      const called = await t.request('POST', `/api/centers/${CENTER}/counters/1/call-next`);
      expect(called.status).toBe(200);
      await t.request('POST', `/api/centers/${CENTER}/counters/1/complete`, {});
      if (called.body.id === ticket.id) break;
    }
    const desk = await signIn();
    await desk.getByRole('article', { name: 'Quầy 3' }).getByRole('button', { name: 'Nhận quầy' }).click();
    await desk.getByRole('heading', { name: 'Quầy 3' }).waitFor();

    // The ticket's QR opens the form; the ID card's QR, typed by the scanner with no field focused, fills it.
    await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await desk.keyboard.type(
      `${t.url}/track/?code=${encodeURIComponent(ticket.dossierCode)}&s=${ticket.trackingSecret}`,
    );
    await desk.keyboard.press('Enter');
    const form = desk.getByRole('form', { name: 'Tiếp nhận hồ sơ' });
    await form.waitFor();
    // The form opens with the card field focused. A damaged code first: a clear message, nothing filled.
    await desk.keyboard.type('092066001234|361234567|Nguyễn Văn Bình');
    await desk.keyboard.press('Enter');
    await expect(form.getByRole('alert').textContent()).resolves.toContain('Mã QR thẻ căn cước bị hỏng');
    expect(await form.getByLabel('Họ và tên người nộp').inputValue()).toBe('');
    // Another code: said so.
    await form.getByLabel('Quét mã QR thẻ căn cước (CCCD)').fill('00020101021238570010A000000727');
    await form.getByLabel('Quét mã QR thẻ căn cước (CCCD)').press('Enter');
    await expect(form.getByRole('alert').textContent()).resolves.toBe(
      'Đây không phải mã QR của thẻ căn cước công dân.',
    );
    // The card, scanned while the cursor sits in another field (the phone): that field keeps its text.
    await form.getByLabel('Số điện thoại').fill('0912345678');
    await form.getByLabel('Số điện thoại').press('End');
    await desk.keyboard.type(CARD);
    await desk.keyboard.press('Enter');
    expect(await form.getByLabel('Số điện thoại').inputValue()).toBe('0912345678');
    await form.getByText('Đã điền từ thẻ căn cước số 092066001234.').waitFor();
    expect(await form.getByLabel('Họ và tên người nộp').inputValue()).toBe('Nguyễn Văn Bình');
    expect(await form.getByLabel('Số CCCD / định danh').inputValue()).toBe('092066001234');
    expect(await form.getByLabel('Sinh ngày').inputValue()).toBe('15/03/1966');
    expect(await form.getByLabel('Giới tính').inputValue()).toBe('Nam');
    expect(await form.getByLabel('Địa chỉ').inputValue()).toBe('Số 12 đường 30/4, phường Ninh Kiều, thành phố Cần Thơ');

    await form.getByLabel('Thủ tục hành chính').selectOption('1.000656');
    await form.getByLabel(/Họ và tên người chết/).fill('Nguyễn Văn Tư');
    // A date the form cannot take: said at once, nothing sent.
    await form.getByLabel(/Ngày chết/).fill('hôm qua');
    await form.getByText('Ngày chết phải là ngày theo dạng dd/mm/yyyy').first().waitFor();
    await form.getByLabel(/Ngày chết/).fill('20/11/2026');
    await form.getByLabel('Loại bản: Giấy báo tử hoặc giấy tờ thay thế').selectOption('certified_copy');
    await form.getByLabel('Số lượng: Giấy báo tử hoặc giấy tờ thay thế').fill('2');
    await desk.screenshot({ path: `${SCREENSHOTS}console-receive-cccd-1366x768.png`, fullPage: true });
    await form.getByRole('button', { name: 'Tiếp nhận và chuyển xử lý' }).click();
    await desk.locator('[data-testid="dossier-code"]').waitFor();
    expect(await desk.getByRole('link', { name: 'In giấy tiếp nhận (A4)' }).getAttribute('href')).toBe(
      `/api/dossiers/${encodeURIComponent(ticket.dossierCode)}/receipt.pdf?size=A4`,
    );
    await expect(desk.locator('.receipt').textContent()).resolves.toContain(
      'Giấy báo tử hoặc giấy tờ thay thế — Bản sao chứng thực: 02',
    );
    const stored = (await t.request('GET', `/api/dossiers/${encodeURIComponent(ticket.dossierCode)}`)).body.dossier;
    expect(stored.applicant).toMatchObject({
      name: 'Nguyễn Văn Bình',
      idNumber: '092066001234',
      birthDate: '1966-03-15',
      sex: 'Nam',
    });
    expect(stored.fields).toEqual({ deceasedName: 'Nguyễn Văn Tư', deathDate: '20/11/2026' });
    await desk.getByRole('button', { name: 'Xong' }).click();

    // The province processes it; the result waits at the desk.
    await eventually(
      'the result is ready',
      async () =>
        (await t.request('GET', `/api/dossiers/${encodeURIComponent(ticket.dossierCode)}`)).body.dossier.status ===
        'result_ready',
      30_000,
    );
    const hall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await openPaired(hall, t, CENTER, { kind: 'hall_display', name: 'Màn hình sảnh (thử)' });
    await hall.waitForSelector('[data-online="true"]');

    await desk.getByRole('button', { name: 'Trả kết quả' }).first().click();
    const row = desk.locator(`tr[data-dossier="${ticket.dossierCode}"]`);
    await row.waitFor();
    await desk.getByLabel('Quầy trả kết quả').selectOption('3');
    await row.getByRole('button', { name: 'Mời nhận' }).click();
    await desk.getByText(/Đã mời: Kính mời công dân có hồ sơ số/).waitFor();
    const banner = hall.locator(`[data-result-call="${ticket.dossierCode}"]`);
    await banner.waitFor();
    expect(await banner.textContent()).toContain('đến quầy số 3 để nhận kết quả');
    await hall.screenshot({ path: `${SCREENSHOTS}display-result-call-1920x1080.png` });
    await desk.screenshot({ path: `${SCREENSHOTS}console-returns-1366x768.png` });

    await row.getByRole('button', { name: 'Trả kết quả' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Trả kết quả hồ sơ' });
    expect(await dialog.getByLabel('Họ và tên người nhận').inputValue()).toBe('Nguyễn Văn Bình');
    await dialog.getByLabel('Họ và tên người nhận').fill('Nguyễn Thị Năm');
    await dialog.getByLabel('Số CCCD / định danh người nhận').fill('092070005555');
    await desk.screenshot({ path: `${SCREENSHOTS}console-return-dialog-1366x768.png` });
    await dialog.getByRole('button', { name: 'Xác nhận đã trả' }).click();
    await desk.getByText(`Đã trả kết quả hồ sơ ${ticket.dossierCode} cho Nguyễn Thị Năm.`).waitFor();
    await row.waitFor({ state: 'detached' });
    const back = (await t.request('GET', `/api/dossiers/${encodeURIComponent(ticket.dossierCode)}`)).body.dossier;
    expect(back).toMatchObject({
      status: 'returned',
      delivery: { method: 'in_person', recipientName: 'Nguyễn Thị Năm', recipientIdNumber: '092070005555' },
    });
  }, 90_000);
});

describe('kiosk ID card step', () => {
  it('gives the elderly priority from the card without asking, and keeps nothing of the card', async () => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await page.clock.setFixedTime(new Date('2026-03-15T09:00:00+07:00'));
    const sent: unknown[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().includes('/tickets')) sent.push(req.postDataJSON());
    });
    await openPaired(page, linked.t, CENTER, `${CENTER}-kiosk-1`);
    await page.locator('button[data-area="ct"]').click();
    await page.getByTestId('priority').waitFor();
    await page.getByTestId('cccd').click();
    await page.getByTestId('cccd-scan').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}kiosk-cccd-1080x1920.png` });
    await page.keyboard.type(CARD);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('priority-mark').textContent()).resolves.toBe('ƯU TIÊN');
    await expect(page.locator('.mark-kind').textContent()).resolves.toBe('Người cao tuổi');
    // What went to the server: the area, the priority and the kiosk, nothing of the card.
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ areaId: 'ct', priority: 'elderly' });
    await page.close();
  });

  it('a citizen one day short of 60 is told so and keeps choosing', async () => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await page.clock.setFixedTime(new Date('2026-03-14T09:00:00+07:00'));
    await openPaired(page, linked.t, CENTER, `${CENTER}-kiosk-1`);
    await page.locator('button[data-area="ct"]').click();
    await page.getByTestId('priority').waitFor();
    await page.keyboard.type(CARD);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cccd-scan').textContent()).resolves.toContain('chưa đủ 60 tuổi');
    await page.getByTestId('priority').waitFor();
    await page.close();
  });
});
