// The public online-number and appointment page (/track/?take, /track/?take=appointment) in headless Chromium on a
// phone-sized screen (390×844), against the real server with the demo hours, the reference message gateway and an
// injected clock (Thursday 03/12/2026, 09:00, the page's clock set to the same instant): choose a center and an
// area, get the one-time code by "SMS" (read from the gateway), take a number in the kiosk's line, see its check-in
// QR; then book a slot. Screenshots of each step.
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localMoment } from '../../server/src/engine/opening.ts';
import { buildReferenceGateway, type ReferenceGateway } from '../../server/src/reference-gateway/gateway.ts';
import { openPaired } from '../helpers/devices.ts';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { newKey, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const PHONE = { width: 390, height: 844 };
const SECRET = 'e2e-gateway-secret';
const NOW = new Date(localMoment('2026-12-03', '09:00').at);

let t: TestServer;
let browser: Browser;
let gateway: ReferenceGateway;

beforeAll(async () => {
  if (!existsSync(new URL('../../track/dist/index.html', import.meta.url)))
    throw new Error('Build the tracking page first: npm run build -w @luot/track');
  mkdirSync(SCREENSHOTS, { recursive: true });
  gateway = buildReferenceGateway({ secret: SECRET, now: () => NOW });
  const gatewayUrl = `${await gateway.listen(0, '127.0.0.1')}/messages`;
  [t, browser] = await Promise.all([
    startTestServer({
      clock: () => NOW,
      seedHours: true,
      config: { notifyGatewayUrl: gatewayUrl, notifyGatewaySecret: SECRET },
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await gateway?.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, locale: 'vi-VN' });
  await page.clock.setFixedTime(NOW);
  await page.goto(`${t.url}${path}`);
  return page;
}

/** The code the gateway "texted" to a phone. */
async function codeSentTo(phone: string): Promise<string> {
  await expect.poll(() => gateway.messages.some((m) => m.to === phone)).toBe(true);
  const text = gateway.messages.filter((m) => m.to === phone).at(-1)!.text;
  return /\b(\d{6})\b/.exec(text)![1];
}

describe('online numbers and appointments page', () => {
  it('takes an online number in the kiosk line with the code sent by text message, and shows its check-in QR', async () => {
    const walkIn = (
      await t.request('POST', '/api/centers/cai-rang/tickets', { areaId: 'dd' }, { 'idempotency-key': newKey() })
    ).body.ticket;
    const page = await open('/track/?take');
    await page.locator('select[name=center]').selectOption('cai-rang');
    await page.getByLabel('Đất đai').check();
    expect(await page.locator('h1').textContent()).toBe('Lấy số trực tuyến');
    await page.screenshot({ path: `${SCREENSHOTS}online-take-choose.png`, fullPage: true });

    const phone = '0912345678';
    await page.locator('input[name=phone]').fill('0912 345 678');
    await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
    await expect.poll(() => page.getByTestId('code-sent').textContent()).toContain(phone);
    const code = await codeSentTo(phone);

    // A wrong code first: the refusal in Vietnamese, nothing issued.
    await page.locator('input[name=code]').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Lấy số', exact: true }).click();
    await expect.poll(() => page.getByTestId('online-error').textContent()).toBe('Mã xác thực không đúng');

    await page.locator('input[name=code]').fill(code);
    await page.getByRole('button', { name: 'Lấy số', exact: true }).click();
    await expect.poll(() => page.getByTestId('online-number').textContent()).toBe(String(walkIn.number + 1));
    expect(await page.getByTestId('online-ahead').textContent()).toBe('Còn 1 người trước Quý khách');
    expect(await page.getByTestId('checkin-code').textContent()).toMatch(/^N[A-Z0-9]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.locator('.qr svg').count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}online-take-number.png`, fullPage: true });

    // The ticket is in the line as an online number; its tracking link shows the check-in QR.
    const stored = await t
      .db()
      .selectFrom('tickets')
      .select(['number', 'channel', 'confirmed_at'])
      .where('center_id', '=', 'cai-rang')
      .where('number', '=', walkIn.number + 1)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ channel: 'online', confirmed_at: null });
    await page.getByTestId('follow').click();
    await expect.poll(() => page.getByTestId('checkin').isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}online-track-checkin.png`, fullPage: true });
    const checkinCode = await page.locator('.checkin-code').textContent();
    await page.close();

    // At the center: the kiosk's check-in screen, the code typed (a scanner types the same way).
    const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await kiosk.clock.setFixedTime(NOW);
    await openPaired(kiosk, t, 'cai-rang', 'cai-rang-kiosk-1');
    await kiosk.getByTestId('checkin-start').click();
    await kiosk.locator('input[name=checkin]').fill('NOPE-NOPE-NOPE');
    await kiosk.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await expect.poll(() => kiosk.getByTestId('checkin-error').textContent()).toContain('Mã không hợp lệ');
    await kiosk.locator('input[name=checkin]').fill(checkinCode ?? '');
    await kiosk.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await expect
      .poll(() => kiosk.getByTestId('checked-in').locator('h2').textContent())
      .toBe(`Đã xác nhận có mặt — số ${walkIn.number + 1}`);
    await kiosk.screenshot({ path: `${SCREENSHOTS}online-kiosk-checked-in.png` });
    await kiosk.close();
    const confirmed = await t
      .db()
      .selectFrom('tickets')
      .select('confirmed_at')
      .where('center_id', '=', 'cai-rang')
      .where('number', '=', walkIn.number + 1)
      .executeTakeFirstOrThrow();
    expect(confirmed.confirmed_at).toBe(NOW.toISOString());
  });

  it('books an appointment slot and shows its QR', async () => {
    const page = await open('/track/?take=appointment');
    await page.locator('select[name=center]').selectOption('ninh-kieu');
    await page.getByLabel('Hộ tịch').check();
    await page.locator('label.slot', { hasText: '10:00' }).click();
    const phone = '0987654321';
    await page.locator('input[name=phone]').fill(phone);
    await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
    await page.locator('input[name=code]').fill(await codeSentTo(phone));
    await page.screenshot({ path: `${SCREENSHOTS}online-book-choose.png`, fullPage: true });
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await expect.poll(() => page.getByTestId('appointment-time').textContent()).toBe('10:00 ngày 03/12/2026');
    expect(await page.getByTestId('checkin-code').textContent()).toMatch(/^H[A-Z0-9]{3}-/);
    await page.screenshot({ path: `${SCREENSHOTS}online-book-done.png`, fullPage: true });
    const checkinCode = (await page.getByTestId('checkin-code').textContent()) ?? '';
    await page.close();

    // Checked in at 09:00 for 10:00: early, the ticket is printed and waits for its window.
    const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await kiosk.clock.setFixedTime(NOW);
    await openPaired(kiosk, t, 'ninh-kieu', 'ninh-kieu-kiosk-1');
    await kiosk.getByTestId('checkin-start').click();
    await kiosk.locator('input[name=checkin]').fill(checkinCode);
    await kiosk.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await expect.poll(() => kiosk.getByTestId('ticket-note').textContent()).toContain('Quý khách đến sớm');
    expect(await kiosk.getByTestId('ticket-number').textContent()).toMatch(/^\d+$/);
    await kiosk.screenshot({ path: `${SCREENSHOTS}online-kiosk-appointment.png` });
    await kiosk.close();
  });

  it("shows the manager today's appointments in the console, and blocks a slot", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    const page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    await page.goto(`${t.url}/console/?center=ninh-kieu#appointments`);
    await page.getByLabel('Tên đăng nhập').fill('quanly.ninh-kieu');
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Lịch hẹn' }).click();
    const slot = page.getByTestId('slot-10:00');
    await expect.poll(() => slot.textContent()).toContain('1 / 3');
    await expect.poll(() => page.getByTestId('appointments').textContent()).toContain('098****321');
    await page.getByTestId('slot-10:30').getByRole('button', { name: 'Khóa' }).click();
    await expect.poll(() => page.getByTestId('slot-10:30').getByRole('button').textContent()).toBe('Mở lại');
    await page.screenshot({ path: `${SCREENSHOTS}online-console-appointments.png`, fullPage: true });
    const slots = await t.requestAs(null, 'GET', '/api/online/centers/ninh-kieu/slots?areaId=ht&day=2026-12-03');
    expect(slots.body.slots.find((s: { time: string }) => s.time === '10:30')).toMatchObject({
      blocked: true,
      free: false,
    });
    await context.close();
  });
});
