// In Chromium: at the desk's receipt view, "In biên nhận (máy in nhiệt)" prints the receipt on the counter's
// 80 mm printer (the real print agent, a network printer on 127.0.0.1); without the counter's agent it says so.
// A dossier's code opened again at the desk shows its receipt, to print it again.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceView, receiptForm, type Ticket } from '@luot/contract';
import { PrintAgent } from '../../printer/src/agent.ts';
import { targetOf } from '../../printer/src/connection.ts';
import { decode, textLines } from '../../printer/src/decode.ts';
import { startFakePrinter } from '../../printer/src/fake-printer.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { receiptBytes } from '../../printer/src/ticket-bytes.ts';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { type Linked, startLinked } from '../helpers/province.ts';
import { newKey, TEST_PASSWORD } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const CENTER = 'ninh-kieu';
const OFFICER = `canbo2.${CENTER}`;
const COUNTER = '3';
const profile = profileOf('epson', { text: 'text:52' });

let linked: Linked;
let browser: Browser;
let dir: string;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'luot-receipt-e2e-'));
  [linked, browser] = await Promise.all([startLinked({ province: { script: [] } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await linked?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('thermal receipt from the desk', () => {
  it('prints the receipt on the counter’s printer, and says when the counter has none', async () => {
    const { t } = linked;
    const device = await t.enrollDevice(CENTER, {
      kind: 'print_agent',
      name: 'Máy in biên nhận quầy 3',
      counterId: COUNTER,
    });
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

    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    context.setDefaultTimeout(15_000);
    const desk = await context.newPage();
    desk.on('pageerror', (err) => console.error('page error:', err));
    await desk.goto(`${t.url}/console/?center=${CENTER}`);
    await desk.getByLabel('Tên đăng nhập').fill(OFFICER);
    await desk.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await desk.getByRole('button', { name: 'Đăng nhập' }).click();
    await desk
      .getByRole('article', { name: `Quầy ${COUNTER}` })
      .getByRole('button', { name: 'Nhận quầy' })
      .click();
    await desk.getByRole('heading', { name: `Quầy ${COUNTER}` }).waitFor();

    // The ticket's QR opens the reception form.
    await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await desk.keyboard.type(
      `${t.url}/track/?code=${encodeURIComponent(ticket.dossierCode)}&s=${ticket.trackingSecret}`,
    );
    await desk.keyboard.press('Enter');
    const form = desk.getByRole('form', { name: 'Tiếp nhận hồ sơ' });
    await form.waitFor();
    await form.getByLabel('Họ và tên người nộp').fill('Võ Thị Hoàng Yến');
    await form.getByLabel('Số CCCD / định danh').fill('092190007788');
    await form.getByLabel('Địa chỉ').fill('Số 5 đường Ngô Quyền, phường Ninh Kiều');
    await form.getByLabel('Thủ tục hành chính').selectOption('1.000656');
    await form.getByLabel(/Họ và tên người chết/).fill('Võ Văn Lành');
    await form.getByLabel(/Ngày chết/).fill('20/11/2026');
    await form.getByRole('button', { name: 'Tiếp nhận và chuyển xử lý' }).click();
    await desk.locator('[data-testid="dossier-code"]').waitFor();

    const print = desk.getByRole('button', { name: 'In biên nhận (máy in nhiệt)' });
    const said = desk.locator('[data-testid="thermal-print"]');
    // No agent at this counter yet: the officer is told, and may print the PDF instead.
    await print.click();
    await expect(said.textContent()).resolves.toContain('Quầy này chưa có máy in nhiệt kết nối');
    expect(await said.getAttribute('class')).toContain('error');

    const printer = await startFakePrinter();
    const agent = new PrintAgent({
      serverUrl: t.url,
      credential: device.credential,
      centerId: CENTER,
      counterId: COUNTER,
      target: targetOf(printer.url),
      paper: 80,
      profile,
      stateDir: join(dir, 'agent'),
      retryMs: 100,
      pollMs: 200,
      timeoutMs: 1_000,
    });
    agent.start();
    try {
      await waitFor(
        async () =>
          (await t.request<DeviceView[]>('GET', `/api/centers/${CENTER}/devices`)).body.find(
            (d) => d.id === device.device.id,
          )?.status === 'ok',
        'the counter’s agent attached',
      );
      await print.click();
      await desk.getByText('Đã in biên nhận trên máy in nhiệt của quầy.').waitFor();
      await desk.screenshot({ path: `${SCREENSHOTS}console-receipt-thermal-1366x768.png`, fullPage: true });
      const [bytes] = await printer.waitForJobs(1);
      const receipt = (await t.request('GET', `/api/dossiers/${encodeURIComponent(ticket.dossierCode)}`)).body;
      expect(Buffer.compare(bytes, await receiptBytes(receiptForm(receipt), 80, profile))).toBe(0);
      const words = textLines(decode(bytes, { commands: 'epson', vietnamesePage: 52 })).join(' ');
      expect(words).toContain('Tiếp nhận hồ sơ của: Võ Thị Hoàng Yến');
      expect(words).toContain(`Mã hồ sơ: ${ticket.dossierCode}`);

      // Later, the dossier's code opened again at the desk shows its receipt, to print it once more.
      await desk.getByRole('button', { name: 'Xong' }).click();
      await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await desk.keyboard.type(
        `${t.url}/track/?code=${encodeURIComponent(ticket.dossierCode)}&s=${ticket.trackingSecret}`,
      );
      await desk.keyboard.press('Enter');
      await desk.getByText(/Hồ sơ này đã được tiếp nhận lúc/).waitFor();
      await desk.getByRole('button', { name: 'In biên nhận (máy in nhiệt)' }).click();
      await desk.getByText('Đã in biên nhận trên máy in nhiệt của quầy.').waitFor();
      const again = await printer.waitForJobs(2);
      expect(Buffer.compare(again[1], bytes)).toBe(0);
    } finally {
      await agent.stop();
      await printer.close();
      await context.close();
    }
  });
});
