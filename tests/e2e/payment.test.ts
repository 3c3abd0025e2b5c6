// Paying a dossier's fees from the tracking page, in headless Chromium on a phone-sized screen: the province asks
// for the fees (status 6), the page shows the fee lines and "Thanh toán trực tuyến", the citizen pays on the
// reference payment gateway's page and comes back to the tracking page, which says it was paid; the province
// sees "paid" once. Screenshots of each step.
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingUrlOf } from '@luot/contract';
import { buildReferencePaymentGateway, PAY_PATH } from '../../server/src/reference-payment/gateway.ts';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { eventually, type Linked, receiveAt, startLinked, ticketAtCounter } from '../helpers/province.ts';

const PHONE = { width: 390, height: 844 };
const TMN = 'LUOTE2E';
const HASH_SECRET = 'e2e-payment-hash-secret-0123456789';

let linked: Linked;
let browser: Browser;
const gateway = buildReferencePaymentGateway({ tmnCode: TMN, hashSecret: HASH_SECRET, ipnUrl: null });

beforeAll(async () => {
  if (!existsSync(new URL('../../track/dist/index.html', import.meta.url)))
    throw new Error('Build the tracking page first: npx vite build track');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const gatewayUrl = await gateway.listen(0);
  [linked, browser] = await Promise.all([
    startLinked({
      province: { script: ['accepted', 'fees_due', 'result_ready'], stepMs: 200 },
      config: {
        payment: {
          adapter: 'vnpay',
          gatewayUrl: `${gatewayUrl}${PAY_PATH}`,
          tmnCode: TMN,
          hashSecret: HASH_SECRET,
          expireMs: 15 * 60_000,
        },
      },
    }),
    launchBrowser(),
  ]);
  gateway.settings.ipnUrl = `${linked.t.url}/api/payment/ipn`;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await linked?.close();
  await gateway.close();
});

describe('tracking page: fees and online payment', () => {
  it('shows the fees due, pays them through the reference gateway, and comes back paid', async () => {
    const { t, province } = linked;
    const at = await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
    const r = await receiveAt(t, 'ninh-kieu', '5', {
      procedureCode: '1.001612',
      applicant: { name: 'Phạm Thị Hoa', type: 'citizen', idNumber: '092185000111', phone: '0907123456' },
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1, kind: 'original' }],
      fields: { businessName: 'Hộ kinh doanh Hoa Sen', businessLines: 'Bán lẻ thực phẩm' },
    });
    const code = r.dossier.code;
    await eventually('fees due', () => province.records.get(code)?.status === 'fees_due');

    const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, locale: 'vi-VN' });
    await page.goto(trackingUrlOf(t.url, code, at.ticket.trackingSecret));
    const pay = page.getByTestId('pay');
    await pay.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('status').textContent()).toContain('Chờ nộp phí, lệ phí');
    const fees = await page.getByTestId('fees').textContent();
    expect(fees).toContain('Lệ phí đăng ký hộ kinh doanh');
    expect(fees).toContain('100.000 đ');
    expect(await pay.textContent()).toContain('Thanh toán trực tuyến');
    await page.getByTestId('fees').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}track-fees-due.png`, fullPage: true });

    await pay.click();
    await page.waitForURL((u) => u.pathname === PAY_PATH, { timeout: 15_000 });
    expect(await page.textContent('main')).toContain('100.000 đ');
    await page.screenshot({ path: `${SCREENSHOTS}payment-gateway.png`, fullPage: true });

    await page.getByRole('button', { name: 'Thanh toán' }).click();
    await page.waitForURL((u) => u.pathname === '/track/' && u.searchParams.get('payment') === 'paid', {
      timeout: 15_000,
    });
    await page.getByTestId('payment-result').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('payment-result').textContent()).toContain('Thanh toán thành công');
    expect(await page.getByTestId('fees-paid').textContent()).toMatch(
      /Đã nộp phí, lệ phí lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/,
    );
    expect(await page.getByTestId('pay').count()).toBe(0);
    await page.getByTestId('fees').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}track-fees-paid.png`, fullPage: true });

    const record = await eventually('result ready at the province', () => {
      const rec = province.records.get(code);
      return rec?.status === 'result_ready' && rec;
    });
    expect(record.progress.filter((p) => p.event === 'paid')).toHaveLength(1);
    await page.close();
  });
});
