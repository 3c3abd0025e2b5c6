// Enrolling devices in real headless Chromium: the administrator adds a kiosk and a hall display in the console
// and gets their pairing codes; the kiosk page is paired by typing its code, the display by its pairing URL; a
// ticket taken at that kiosk is called and the display shows it; the device list shows both online.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const CENTER = 'cai-rang';
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

async function newPage(viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  return page;
}

/** Adds a device in the console's Devices view; returns the pairing code and URL it shows. */
async function addDevice(consolePage: Page, kind: string, name: string) {
  await consolePage.getByTestId('device-kind').selectOption(kind);
  await consolePage.getByTestId('device-name').fill(name);
  await consolePage.getByRole('button', { name: 'Thêm và lấy mã ghép nối' }).click();
  const shown = consolePage.getByTestId('pairing-code-shown');
  await shown.waitFor();
  await expect.poll(() => shown.textContent()).toContain(name);
  const code = (await consolePage.getByTestId('pairing-code-value').textContent())!.trim();
  const url = (await consolePage.getByTestId('pairing-url').textContent())!.trim();
  return { code, url };
}

describe('enrolling a kiosk and a hall display from the console', () => {
  it('pairs both with their codes; a ticket taken at the kiosk is shown on the display when called', async () => {
    const consolePage = await newPage();
    await consolePage.goto(`${server.url}/console/?center=${CENTER}#devices`);
    await consolePage.getByLabel('Tên đăng nhập').fill('admin.cantho');
    await consolePage.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await consolePage.getByRole('button', { name: 'Đăng nhập' }).click();
    await consolePage.getByRole('button', { name: 'Thiết bị', exact: true }).click();
    await consolePage.getByTestId('device-list').waitFor();

    const kiosk = await addDevice(consolePage, 'kiosk', 'Kiosk tầng 1');
    expect(kiosk.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(kiosk.url).toBe(`${server.url}/kiosk/?pair=${kiosk.code}`);
    await consolePage.evaluate(() => document.fonts.ready);
    await consolePage.screenshot({ path: `${SCREENSHOTS}console-devices-pairing-code.png` });

    // The kiosk page without a credential asks for the code; a wrong one is refused in both languages.
    const kioskPage = await newPage({ width: 1080, height: 1920 });
    await kioskPage.goto(`${server.url}/kiosk/`);
    await kioskPage.getByTestId('pairing').waitFor();
    await kioskPage.getByTestId('pairing-code').fill('AAAA-AAAA');
    await kioskPage.getByRole('button', { name: 'Ghép nối / Pair' }).click();
    await expect.poll(() => kioskPage.getByTestId('pairing-error').textContent()).toMatch(/Mã ghép nối sai/);
    await kioskPage.evaluate(() => document.fonts.ready);
    await kioskPage.screenshot({ path: `${SCREENSHOTS}kiosk-pairing-1080x1920.png` });
    await kioskPage.getByTestId('pairing-code').fill(kiosk.code.toLowerCase());
    await kioskPage.getByRole('button', { name: 'Ghép nối / Pair' }).click();
    await kioskPage.locator('button[data-area="ht"]').waitFor();

    // The display opens its pairing URL.
    const hall = await addDevice(consolePage, 'hall_display', 'Màn hình sảnh tầng 1');
    const displayPage = await newPage({ width: 1920, height: 1080 });
    await displayPage.goto(`${server.url}/display/`);
    await displayPage.getByTestId('pairing').waitFor();
    await displayPage.evaluate(() => document.fonts.ready);
    await displayPage.screenshot({ path: `${SCREENSHOTS}display-pairing-1920x1080.png` });
    await displayPage.goto(`${hall.url}&voice=off`);
    await displayPage.waitForSelector('[data-online="true"]');
    expect(new URL(displayPage.url()).searchParams.has('pair')).toBe(false);

    // A citizen takes a number at that kiosk.
    await kioskPage.locator('button[data-area="ht"]').click();
    await kioskPage.locator('button[data-priority="none"]').click();
    await kioskPage.getByTestId('ticket-number').waitFor();
    const number = Number(await kioskPage.getByTestId('ticket-number').textContent());
    const kioskId = (await consolePage
      .locator('tr[data-device]')
      .filter({ hasText: 'Kiosk tầng 1' })
      .getAttribute('data-device'))!;
    const events = (await server.request('GET', `/api/centers/${CENTER}/events?after=0&limit=1000`)).body as {
      type: string;
      ticket?: { id: string; number: number };
    }[];
    const issuedId = events.find((e) => e.type === 'ticket:issued' && e.ticket?.number === number)!.ticket!.id;
    expect((await server.request('GET', `/api/tickets/${issuedId}`)).body.ticket.kioskId).toBe(kioskId);

    // An officer calls it; the display shows it.
    const officer = 'canbo1.cai-rang';
    expect((await server.requestAs(officer, 'POST', `/api/centers/${CENTER}/counters/1/open`, {})).status).toBe(200);
    const called = await server.requestAs(officer, 'POST', `/api/centers/${CENTER}/counters/1/call-next`);
    expect(called.body.number).toBe(number);
    await displayPage.locator(`[data-call][data-number="${number}"]`).first().waitFor();

    // The console lists both devices as paired and reporting.
    await consolePage.getByRole('button', { name: 'Đóng' }).click();
    for (const name of ['Kiosk tầng 1', 'Màn hình sảnh tầng 1'])
      await expect
        .poll(
          async () => {
            await consolePage.getByRole('button', { name: 'Thiết bị', exact: true }).click();
            return consolePage.locator('tr[data-device]').filter({ hasText: name }).getAttribute('data-status');
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toBe('ok');
    await consolePage.evaluate(() => document.fonts.ready);
    await consolePage.screenshot({ path: `${SCREENSHOTS}console-devices-list.png`, fullPage: true });
  }, 120_000);
});
