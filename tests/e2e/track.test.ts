// The tracking page a ticket's QR opens, in headless Chromium on a phone-sized screen: the place in line
// while waiting, the dossier's status and history after receipt (live, as the province moves it), and a
// clear "not found" for an unknown code or a wrong secret. Screenshots of each state.
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingUrlOf } from '../../server/src/contract/index.ts';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { birthRegistration, eventually, type Linked, receiveAt, startLinked } from '../helpers/province.ts';
import { newKey } from '../helpers/server.ts';

const PHONE = { width: 390, height: 844 };

let linked: Linked;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(new URL('../../track/dist/index.html', import.meta.url))) throw new Error('Build the tracking page first: npx vite build track');
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The province moves a dossier only when the test says so.
  [linked, browser] = await Promise.all([startLinked({ province: { stepMs: 3_600_000 } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await linked?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, locale: 'vi-VN' });
  await page.goto(url);
  return page;
}

describe('tracking page', () => {
  it('follows a ticket from the line to the dossier, by the URL on its QR', async () => {
    const { t, province } = linked;
    const first = (await t.request('POST', '/api/centers/ninh-kieu/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() })).body;
    const mine = (await t.request('POST', '/api/centers/ninh-kieu/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() })).body;
    const page = await open(trackingUrlOf(t.url, mine.ticket.dossierCode, mine.ticket.trackingSecret));
    await expect.poll(() => page.getByTestId('number').textContent()).toBe(String(mine.ticket.number));
    expect(await page.getByTestId('ticket-state').textContent()).toBe('Đang chờ đến lượt');
    expect(await page.getByTestId('ahead').textContent()).toContain('Còn 1 người phía trước');
    await page.screenshot({ path: `${SCREENSHOTS}track-waiting.png`, fullPage: true });

    // Counter 1 serves the first ticket; counter 2 calls ours.
    await t.request('POST', '/api/centers/ninh-kieu/counters/1/call-next');
    expect((await t.request('POST', '/api/centers/ninh-kieu/counters/2/call-next')).body.id).toBe(mine.ticket.id);
    await page.reload();
    await expect.poll(() => page.getByTestId('counter').textContent()).toContain('Mời bạn đến quầy số 2');
    await page.screenshot({ path: `${SCREENSHOTS}track-called.png`, fullPage: true });
    expect(first.ticket.id).not.toBe(mine.ticket.id);

    await t.request('POST', '/api/centers/ninh-kieu/counters/2/start');
    const receipt = await receiveAt(t, 'ninh-kieu', '2', birthRegistration({ authorityId: 'ubnd-cai-rang' }));
    await eventually('the province to hold it', () => province.records.get(receipt.dossier.code));
    province.advance(receipt.dossier.code);
    province.advance(receipt.dossier.code);
    await eventually('our copy in process', async () => (await t.request('GET', `/api/dossiers/${encodeURIComponent(receipt.dossier.code)}`)).body.dossier.status === 'in_process');

    await page.reload();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Đang giải quyết');
    expect(await page.getByTestId('procedure').textContent()).toBe('Đăng ký khai sinh');
    expect(await page.getByTestId('authority').textContent()).toBe('Ủy ban nhân dân phường Cái Răng');
    expect(await page.getByTestId('due').textContent()).toBe(receipt.dossier.dueDate.split('-').reverse().join('/'));
    const steps = await page.getByTestId('history').locator('li').allTextContents();
    expect(steps.map((s) => s.replace(/^\d\d\/\d\d\/\d{4} \d\d:\d\d/, '').trim())).toEqual([
      'Đang giải quyết',
      'Cơ quan có thẩm quyền đã nhận',
      'Đã chuyển hệ thống giải quyết của tỉnh',
      'Đã tiếp nhận',
    ]);
    // Nothing personal on the page.
    const text = await page.locator('body').innerText();
    for (const personal of ['Nguyễn Thị Lan', '092190001234', '0912345678', 'Trần Minh Khang']) expect(text).not.toContain(personal);
    await page.screenshot({ path: `${SCREENSHOTS}track-dossier.png`, fullPage: true });

    province.advance(receipt.dossier.code);
    await eventually('result ready here', async () => (await t.request('GET', `/api/dossiers/${encodeURIComponent(receipt.dossier.code)}`)).body.dossier.status === 'result_ready');
    await page.reload();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Đã có kết quả, mời nhận tại quầy');
    await page.close();
  });

  it('says clearly when a code is unknown or the secret is wrong, and lets the citizen type them', async () => {
    const { t } = linked;
    const unknown = await open(trackingUrlOf(t.url, '000.31.01.H13-261123-9999', 'ABCD'));
    await expect.poll(() => unknown.getByTestId('problem').textContent()).toContain('Không tìm thấy hồ sơ');
    await unknown.screenshot({ path: `${SCREENSHOTS}track-not-found.png`, fullPage: true });

    const issued = (await t.request('POST', '/api/centers/cai-rang/tickets', { areaId: 'ct' }, { 'idempotency-key': newKey() })).body;
    const wrong = await open(trackingUrlOf(t.url, issued.ticket.dossierCode, issued.ticket.trackingSecret === 'ZZZZ' ? 'YYYY' : 'ZZZZ'));
    await expect.poll(() => wrong.getByTestId('problem').textContent()).toContain('Không tìm thấy hồ sơ');

    // The form, with the right secret typed in lower case.
    await wrong.locator('input[name=secret]').fill(issued.ticket.trackingSecret.toLowerCase());
    await wrong.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => wrong.getByTestId('number').textContent()).toBe(String(issued.ticket.number));
    expect(new URL(wrong.url()).searchParams.get('s')).toBe(issued.ticket.trackingSecret);

    const blank = await open(`${t.url}/track/`);
    expect(await blank.locator('form').isVisible()).toBe(true);
    await blank.screenshot({ path: `${SCREENSHOTS}track-form.png`, fullPage: true });
    await Promise.all([unknown.close(), wrong.close(), blank.close()]);
  });
});
