// The pages of dossiers' files and citizens' feedback, in headless Chromium: the officer attaches a scan in the
// desk's dossier panel and sees it listed with its download link (a file that is no PDF, JPEG or PNG is refused on
// screen); the citizen's tracking page lists the file's name, sends a complaint, and shows the province's answer;
// the manager's "Phản ánh, kiến nghị" screen shows an open item with its age and answers it. Screenshots of each.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingUrlOf, type Ticket } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { eventually, type Linked, startLinked } from '../helpers/province.ts';
import { newKey, TEST_PASSWORD } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const CARD =
  '092066001234|361234567|Nguyễn Văn Bình|15031966|Nam|Số 12 đường 30/4, phường Ninh Kiều, thành phố Cần Thơ|10072021';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(3000, 32)]);

let linked: Linked;
let browser: Browser;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The province moves a dossier only when the test says so.
  [linked, browser] = await Promise.all([startLinked({ province: { stepMs: 3_600_000 } }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await linked?.close();
});

async function signIn(username: string, hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${linked.t.url}/console/?center=${CENTER}${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

describe("a dossier's files and feedback in the console and on the tracking page", () => {
  it('attaches a scan at the desk, shows it to the citizen, and carries feedback to the province and back', async () => {
    const { t, province } = linked;
    const issued = await t.request(
      'POST',
      `/api/centers/${CENTER}/tickets`,
      { areaId: 'ht' },
      { 'Idempotency-Key': newKey() },
    );
    const ticket: Ticket = issued.body.ticket;
    for (;;) {
      const called = await t.request('POST', `/api/centers/${CENTER}/counters/1/call-next`);
      expect(called.status).toBe(200);
      await t.request('POST', `/api/centers/${CENTER}/counters/1/complete`, {});
      if (called.body.id === ticket.id) break;
    }
    const desk = await signIn('canbo2.ninh-kieu');
    await desk.getByRole('article', { name: 'Quầy 3' }).getByRole('button', { name: 'Nhận quầy' }).click();
    await desk.getByRole('heading', { name: 'Quầy 3' }).waitFor();
    await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await desk.keyboard.type(
      `${t.url}/track/?code=${encodeURIComponent(ticket.dossierCode)}&s=${ticket.trackingSecret}`,
    );
    await desk.keyboard.press('Enter');
    const form = desk.getByRole('form', { name: 'Tiếp nhận hồ sơ' });
    await form.waitFor();
    await desk.keyboard.type(CARD);
    await desk.keyboard.press('Enter');
    await form.getByText('Đã điền từ thẻ căn cước số 092066001234.').waitFor();
    await form.getByLabel('Thủ tục hành chính').selectOption('1.000656');
    await form.getByLabel(/Họ và tên người chết/).fill('Nguyễn Văn Tư');
    await form.getByLabel(/Ngày chết/).fill('20/11/2026');
    await form.getByRole('button', { name: 'Tiếp nhận và chuyển xử lý' }).click();
    await desk.locator('[data-testid="dossier-code"]').waitFor();
    const code = ticket.dossierCode;

    // A text file named .pdf: refused on screen, by its bytes.
    const files = desk.getByRole('region', { name: 'Tệp hồ sơ' });
    await files
      .getByLabel('Chọn tệp')
      .setInputFiles({ name: 'gia-mao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là chữ') });
    await files.getByRole('button', { name: 'Đính kèm' }).click();
    await expect(files.getByRole('alert').textContent()).resolves.toContain('Chỉ nhận tệp PDF, JPEG hoặc PNG');
    // The real scan: listed with its download link.
    await files
      .getByLabel('Chọn tệp')
      .setInputFiles({ name: 'giay-bao-tu.pdf', mimeType: 'application/pdf', buffer: PDF });
    await files.getByLabel('Tên tệp').fill('Giấy báo tử (bản quét)');
    await files.getByRole('button', { name: 'Đính kèm' }).click();
    const link = files.getByRole('link', { name: 'Giấy báo tử (bản quét)' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(
      new RegExp(`/api/dossiers/${encodeURIComponent(code)}/files/\\d+$`),
    );
    await desk.screenshot({ path: `${SCREENSHOTS}console-desk-files-1366x768.png`, fullPage: true });
    await eventually('the province has the scan', () => (province.records.get(code)?.documents.length ?? 0) === 1);

    // The citizen: the file's name (no link), then a complaint sent from the page.
    const phone = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, locale: 'vi-VN' });
    await phone.goto(trackingUrlOf(t.url, code, ticket.trackingSecret));
    const filesCard = phone.getByTestId('files');
    await filesCard.getByText('Giấy báo tử (bản quét)').waitFor();
    expect(await filesCard.locator('a').count()).toBe(0);
    const feedback = phone.getByTestId('feedback');
    await feedback.getByTestId('feedback-text').fill('Tôi chưa nhận được tin nhắn nào về hồ sơ dù đã quá 3 ngày.');
    await feedback.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
    await feedback.getByText('Đang chờ trả lời').waitFor();
    const item = await eventually('the province has the complaint', () => province.records.get(code)?.feedback[0]);
    await phone.screenshot({ path: `${SCREENSHOTS}track-feedback-sent-390x844.png`, fullPage: true });

    // The manager sees it open with its age.
    const board = await signIn('quanly.ninh-kieu', '#feedback');
    const rows = board.getByTestId('feedback-rows');
    await rows.getByText('Tôi chưa nhận được tin nhắn nào').waitFor();
    await expect(rows.locator('.age').first().textContent()).resolves.toMatch(/giây|phút/);
    await board.screenshot({ path: `${SCREENSHOTS}console-feedback-open-1366x768.png`, fullPage: true });

    // The province answers; the citizen's page shows it (reloaded, as a citizen coming back would).
    province.answerFeedback(code, item.feedbackId, 'Sở Tư pháp đã liên hệ; kết quả trả ngày 05/12/2026.');
    await eventually('the answer is kept', async () => {
      const list = (await t.requestAs(null, 'GET', `/api/track/feedback?code=${code}&s=${ticket.trackingSecret}`)).body;
      return list[0]?.answer ? list : undefined;
    });
    await phone.reload();
    await phone.getByTestId('answer').getByText('Sở Tư pháp đã liên hệ').waitFor();
    await phone.screenshot({ path: `${SCREENSHOTS}track-feedback-answered-390x844.png`, fullPage: true });

    // A second item, recorded at the center, answered by the manager on the screen.
    await t.requestAs('canbo2.ninh-kieu', 'POST', `/api/dossiers/${code}/feedback`, {
      kind: 'recommendation',
      content: 'Đề nghị bố trí thêm ghế chờ cho người cao tuổi.',
    });
    await board.getByRole('tab', { name: 'Đã trả lời' }).click();
    await board.getByRole('tab', { name: 'Chờ trả lời' }).click();
    await rows.getByText('Đề nghị bố trí thêm ghế chờ').waitFor();
    await board.getByRole('textbox', { name: /Trả lời phản ánh/ }).fill('Trung tâm đã bố trí thêm 10 ghế ưu tiên.');
    await board.getByRole('button', { name: 'Gửi trả lời' }).click();
    await board.getByText('Không có phản ánh, kiến nghị nào đang chờ trả lời.').waitFor();
    await board.getByRole('tab', { name: 'Đã trả lời' }).click();
    await rows.getByText('Trung tâm đã bố trí thêm 10 ghế ưu tiên.').waitFor();
    await board.screenshot({ path: `${SCREENSHOTS}console-feedback-answered-1366x768.png`, fullPage: true });
  }, 180_000);
});
