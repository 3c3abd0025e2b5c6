// Fees and online payment over real HTTP, on both stores: a dossier's fees due are paid through the reference
// payment gateway (VNPay-style redirect, signed IPN and return); the province sees "paid" once; an unsigned,
// tampered, replayed or wrong-amount answer is refused with its code, logged, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dossier, type DossierPayments, receiptForm, type TrackView } from '@luot/contract';
import { ConfigError, configFromEnv, DEMO_PAYMENT_SECRET } from '../../server/src/config.ts';
import { signedQuery } from '../../server/src/payment/vnpay.ts';
import { buildReferencePaymentGateway, PAY_PATH } from '../../server/src/reference-payment/gateway.ts';
import { toProvinceDate } from '../../server/src/handoff/province-contract.ts';
import { eventually, type Linked, receiveAt, startLinked, ticketAtCounter } from '../helpers/province.ts';

const TMN = 'LUOTTEST';
const HASH_SECRET = 'test-payment-hash-secret-0123456789';
const gateway = buildReferencePaymentGateway({ tmnCode: TMN, hashSecret: HASH_SECRET, ipnUrl: null });
let linked: Linked;
let gatewayUrl = '';

beforeAll(async () => {
  gatewayUrl = await gateway.listen(0);
  linked = await startLinked({
    province: { script: ['accepted', 'fees_due', 'result_ready'] },
    config: {
      payment: {
        adapter: 'vnpay',
        gatewayUrl: `${gatewayUrl}${PAY_PATH}`,
        tmnCode: TMN,
        hashSecret: HASH_SECRET,
        expireMs: 15 * 60_000,
      },
    },
  });
  // The merchant's IPN URL, as it would be registered at the gateway.
  gateway.settings.ipnUrl = `${linked.t.url}/api/payment/ipn`;
  // The province no longer deduplicates on our behalf: a "paid" sent twice would show twice.
  linked.province.setFaults({ dedupe: false });
}, 120_000);
afterAll(async () => {
  await linked?.close();
  await gateway.close();
}, 120_000);

const path = (code: string) => `/api/dossiers/${encodeURIComponent(code)}`;
const dossierOf = async (code: string): Promise<Dossier> => (await linked.t.request('GET', path(code))).body.dossier;
const reaches = (code: string, status: Dossier['status']) =>
  eventually(`${code} reaches ${status}`, async () => (await dossierOf(code)).status === status);
const track = async (code: string, s: string): Promise<Extract<TrackView, { phase: 'dossier' }>> =>
  (await linked.t.requestAs(null, 'GET', `/api/track?code=${encodeURIComponent(code)}&s=${s}`)).body;
const paymentsOf = async (code: string): Promise<DossierPayments> =>
  (await linked.t.request('GET', `${path(code)}/payments`)).body;

/** A business registration (100.000 đồng) received at Ninh Kiều and brought by the province to "fees due". */
async function dossierWithFeesDue() {
  const { t } = linked;
  const at = await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
  const r = await receiveAt(t, 'ninh-kieu', '5', {
    procedureCode: '1.001612',
    applicant: { name: 'Phạm Thị Hoa', type: 'citizen', idNumber: '092185000111', phone: '0907123456' },
    documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1, kind: 'original' }],
    fields: { businessName: 'Hộ kinh doanh Hoa Sen', businessLines: 'Bán lẻ thực phẩm' },
  });
  await t.request('POST', '/api/centers/ninh-kieu/counters/5/complete', {});
  await reaches(r.dossier.code, 'fees_due');
  return { code: r.dossier.code, s: at.ticket.trackingSecret };
}

async function startPayment(code: string, s: string) {
  const res = await linked.t.requestAs(null, 'POST', '/api/track/pay', { code, s });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { url: string; txnRef: string; amount: number };
}

/** The citizen on the gateway's page presses "Thanh toán" (or "Hủy"): the gateway's redirect back to luot. */
async function payAtGateway(url: string, action: 'pay' | 'cancel' = 'pay'): Promise<string> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = /action="(\/pay\/[0-9a-f]+)"/.exec(html)?.[1];
  expect(form).toBeTruthy();
  const res = await fetch(`${gatewayUrl}${form}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `action=${action}`,
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

/** An answer signed as the gateway signs it (with the shared secret), for the cases the gateway never sends. */
function signedAnswer(txnRef: string, amount: number, transactionNo: string, secret = HASH_SECRET) {
  return signedQuery(secret, {
    vnp_Amount: String(amount * 100),
    vnp_BankCode: 'NCB',
    vnp_OrderInfo: 'Nop phi le phi',
    vnp_PayDate: toProvinceDate(new Date()),
    vnp_ResponseCode: '00',
    vnp_TmnCode: TMN,
    vnp_TransactionNo: transactionNo,
    vnp_TransactionStatus: '00',
    vnp_TxnRef: txnRef,
  });
}

const ret = (query: string) => fetch(`${linked.t.url}/api/payment/return?${query}`, { redirect: 'manual' });
const ipn = async (query: string) =>
  (await fetch(`${linked.t.url}/api/payment/ipn?${query}`)).json() as Promise<{ RspCode: string }>;

describe('fees and online payment', () => {
  it('received → fees due → paid through the reference gateway; the province sees "paid" once', async () => {
    const { code, s } = await dossierWithFeesDue();
    const due = await track(code, s);
    expect(due.fees).toEqual({
      lines: [{ label: 'Lệ phí đăng ký hộ kinh doanh', amount: 100000 }],
      total: 100000,
      state: 'due',
      paidAt: null,
      payOnline: true,
    });
    // The receipt, reprinted now, says what is due.
    const form = receiptForm((await linked.t.request('GET', path(code))).body);
    expect(form.items.map((i) => `${i.label}: ${i.value}`)).toEqual(
      expect.arrayContaining([
        'Phí, lệ phí: 100.000 đồng (Lệ phí đăng ký hộ kinh doanh: 100.000 đồng)',
        'Phí, lệ phí phải nộp: 100.000 đồng (chưa nộp)',
      ]),
    );

    const order = await startPayment(code, s);
    expect(order.amount).toBe(100000);
    const orderUrl = new URL(order.url);
    expect(orderUrl.searchParams.get('vnp_Amount')).toBe('10000000');
    expect(orderUrl.searchParams.get('vnp_SecureHash')).toMatch(/^[0-9a-f]{128}$/);

    const back = await payAtGateway(order.url);
    // The IPN came first and recorded the payment.
    const tx = gateway.transactions.find((t) => t.txnRef === order.txnRef)!;
    expect(tx.ipnReply).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    const res = await fetch(back, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, linked.t.url);
    expect(location.pathname).toBe('/track/');
    expect(location.searchParams.get('code')).toBe(code);
    expect(location.searchParams.get('payment')).toBe('paid');

    const paid = await dossierOf(code);
    expect(paid.status).not.toBe('fees_due');
    expect((await track(code, s)).fees).toMatchObject({ state: 'paid', payOnline: false });

    // The IPN again (the gateway retries): confirmed already, nothing more.
    expect(await ipn(new URL(back).search.slice(1))).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    await reaches(code, 'result_ready');
    const record = linked.province.records.get(code)!;
    const paidEvents = record.progress.filter((p) => p.event === 'paid');
    expect(paidEvents).toHaveLength(1);
    expect(paidEvents[0]).toMatchObject({ amount: 100000, paymentRef: `VNPAY-${tx.transactionNo}`, statusCode: 4 });

    const view = await paymentsOf(code);
    expect(view.payments).toMatchObject([{ txnRef: order.txnRef, state: 'paid', amount: 100000, bankCode: 'NCB' }]);
    expect(view.log.map((l) => [l.via, l.outcome])).toEqual([
      ['ipn', 'PAYMENT_REPLAYED'],
      ['return', 'confirmed_again'],
      ['ipn', 'paid'],
    ]);
  });

  it('refuses an unsigned, tampered, wrong-amount or replayed answer with its code, and changes nothing', async () => {
    const { code, s } = await dossierWithFeesDue();
    const order = await startPayment(code, s);
    const valid = signedAnswer(order.txnRef, order.amount, '91000001');
    const outbox = async () =>
      (await linked.t.server.handoff.dossiers.store.transaction((tx) => tx.dossiers.outbox('ninh-kieu', null, 500)))
        .length;
    const queued = await outbox();

    // Unsigned.
    const unsigned = valid.replace(/&vnp_SecureHash=[0-9a-f]+/, '');
    const r1 = await ret(unsigned);
    expect(r1.status).toBe(400);
    expect((await r1.json()).code).toBe('PAYMENT_SIGNATURE_INVALID');
    expect((await ipn(unsigned)).RspCode).toBe('97');
    // Tampered: the amount changed after signing.
    const tampered = valid.replace('vnp_Amount=10000000', 'vnp_Amount=100');
    expect(tampered).not.toBe(valid);
    expect((await (await ret(tampered)).json()).code).toBe('PAYMENT_SIGNATURE_INVALID');
    expect((await ipn(tampered)).RspCode).toBe('97');
    // Signed with another key.
    const forged = signedAnswer(order.txnRef, order.amount, '91000001', DEMO_PAYMENT_SECRET);
    expect((await (await ret(forged)).json()).code).toBe('PAYMENT_SIGNATURE_INVALID');
    // Correctly signed, but not the amount due.
    const short = signedAnswer(order.txnRef, 1000, '91000002');
    const r2 = await ret(short);
    expect(r2.status).toBe(400);
    expect((await r2.json()).code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect((await ipn(short)).RspCode).toBe('04');
    // An order we never made.
    expect((await ipn(signedAnswer('NOSUCHORDER', 1000, '91000003'))).RspCode).toBe('01');

    // Nothing changed: still due, the payment pending, nothing queued for the province.
    expect((await dossierOf(code)).status).toBe('fees_due');
    expect((await paymentsOf(code)).payments).toMatchObject([{ txnRef: order.txnRef, state: 'pending' }]);
    expect(await outbox()).toBe(queued);

    // The valid answer is recorded once; a second transaction for the same order, and the same transaction for
    // another order of the dossier, are replays.
    const second = await startPayment(code, s);
    expect((await ipn(valid)).RspCode).toBe('00');
    const again = signedAnswer(order.txnRef, order.amount, '91000009');
    const r3 = await ret(again);
    expect(r3.status).toBe(409);
    expect((await r3.json()).code).toBe('PAYMENT_REPLAYED');
    const reused = signedAnswer(second.txnRef, second.amount, '91000001');
    expect((await (await ret(reused)).json()).code).toBe('PAYMENT_REPLAYED');
    // The second order paid for real: the fees are no longer due, the answer is not applied.
    const late = signedAnswer(second.txnRef, second.amount, '91000010');
    expect((await (await ret(late)).json()).code).toBe('PAYMENT_DOSSIER_STATE');
    expect((await paymentsOf(code)).payments.map((p) => [p.txnRef, p.state]).sort()).toEqual(
      [
        [order.txnRef, 'paid'],
        [second.txnRef, 'pending'],
      ].sort(),
    );

    await reaches(code, 'result_ready');
    expect(linked.province.records.get(code)!.progress.filter((p) => p.event === 'paid')).toHaveLength(1);
    // Every refusal is in the payment log, with its code.
    const outcomes = (await paymentsOf(code)).log.map((l) => l.outcome);
    for (const o of ['PAYMENT_AMOUNT_MISMATCH', 'PAYMENT_REPLAYED', 'PAYMENT_DOSSIER_STATE', 'paid'])
      expect(outcomes).toContain(o);
  });

  it('a cancelled payment leaves the fees due, to pay again', async () => {
    const { code, s } = await dossierWithFeesDue();
    const order = await startPayment(code, s);
    const back = await payAtGateway(order.url, 'cancel');
    const res = await fetch(back, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, linked.t.url).searchParams.get('payment')).toBe('failed');
    expect((await dossierOf(code)).status).toBe('fees_due');
    expect((await track(code, s)).fees).toMatchObject({ state: 'due', payOnline: true });
    // Paid with the return alone (no IPN reached us): recorded by the return.
    gateway.settings.sendIpn = false;
    try {
      const retry = await startPayment(code, s);
      const paidBack = await payAtGateway(retry.url);
      expect(
        new URL(
          (await fetch(paidBack, { redirect: 'manual' })).headers.get('location')!,
          linked.t.url,
        ).searchParams.get('payment'),
      ).toBe('paid');
    } finally {
      gateway.settings.sendIpn = true;
    }
    expect((await dossierOf(code)).status).not.toBe('fees_due');
  });

  it('starts a payment only for fees due, for the holder of the code and secret', async () => {
    const { t } = linked;
    const at = await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
    const code = at.ticket.dossierCode;
    // Still at the counter: no dossier, nothing due.
    const early = await t.requestAs(null, 'POST', '/api/track/pay', { code, s: at.ticket.trackingSecret });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PAYMENT_NOT_DUE');
    const wrong = await t.requestAs(null, 'POST', '/api/track/pay', { code, s: 'ZZZZ' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('DOSSIER_NOT_FOUND');
    await t.request('POST', '/api/centers/ninh-kieu/counters/5/complete', {});
  });

  it("shows a dossier's payments to its receiving center's staff only", async () => {
    const { code } = await dossierWithFeesDue();
    expect((await linked.t.requestAs('quanly.ninh-kieu', 'GET', `${path(code)}/payments`)).status).toBe(200);
    const other = await linked.t.requestAs('quanly.cai-rang', 'GET', `${path(code)}/payments`);
    expect(other.status).toBe(403);
    expect((await linked.t.requestAs(null, 'GET', `${path(code)}/payments`)).status).toBe(401);
  });
});

describe('fee lines of the catalog', () => {
  const header = 'code,name,areaCode,level,departmentId,processingDays,fee,documents,fields,feeLines';
  const row = (fee: number, lines: string) =>
    `1.001023,Cấp bản sao trích lục hộ tịch,HT,commune,,1,${fee},Tờ khai,"copies:Số bản sao","${lines}"`;
  const csv = (fee: number, lines: string) => [header, row(fee, lines)].join('\n');
  const imp = (user: string, body: string) =>
    linked.t.requestAs(user, 'POST', '/api/procedures/import', body, { 'content-type': 'text/csv' });

  it('are kept per procedure, edited by the province administrator only, and must add up to the fee', async () => {
    const ok = await imp('admin.cantho', csv(13000, 'Lệ phí cấp bản sao trích lục:8000|Phí sao y điện tử:5000'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const procedure = (await linked.t.request('GET', '/api/procedures')).body.find(
      (p: { code: string }) => p.code === '1.001023',
    );
    expect(procedure).toMatchObject({
      fee: 13000,
      feeLines: [
        { label: 'Lệ phí cấp bản sao trích lục', amount: 8000 },
        { label: 'Phí sao y điện tử', amount: 5000 },
      ],
    });
    const mismatch = await imp('admin.cantho', csv(20000, 'Lệ phí cấp bản sao trích lục:8000|Phí sao y điện tử:5000'));
    expect([mismatch.status, mismatch.body.code]).toEqual([400, 'CATALOG_INVALID']);
    expect(mismatch.body.detail).toContain('add up to 13000, not the fee 20000');
    const notANumber = await imp('admin.cantho', csv(8000, 'Lệ phí:tám nghìn'));
    expect([notANumber.status, notANumber.body.code]).toEqual([400, 'CATALOG_INVALID']);
    const manager = await imp('quanly.ninh-kieu', csv(8000, 'Lệ phí:8000'));
    expect([manager.status, manager.body.code]).toEqual([403, 'PROVINCE_ADMIN_ONLY']);
    // Nothing refused changed the procedure.
    const after = (await linked.t.request('GET', '/api/procedures')).body.find(
      (p: { code: string }) => p.code === '1.001023',
    );
    expect(after).toEqual(procedure);
  });
});

describe('payment configuration', () => {
  const production = {
    PROVINCE_SYSTEM_URL: 'https://lgsp.example.vn',
    PROVINCE_SYSTEM_USER: 'luot-ct',
    PROVINCE_SYSTEM_PASSWORD: 'a-real-password',
    PROVINCE_WEBHOOK_SECRET: 'a-real-webhook-secret-0001',
    PAYMENT_ADAPTER: 'vnpay',
    PAYMENT_GATEWAY_URL: 'https://pay.example.vn/paymentv2/vpcpay.html',
    PAYMENT_TMN_CODE: 'CANTHO01',
  };
  it('refuses a missing or demo hash secret outside demo mode', () => {
    expect(() => configFromEnv(production)).toThrow(ConfigError);
    expect(() => configFromEnv({ ...production, PAYMENT_HASH_SECRET: DEMO_PAYMENT_SECRET })).toThrow(
      /PAYMENT_HASH_SECRET/,
    );
    expect(configFromEnv({ ...production, PAYMENT_HASH_SECRET: 'our-own-secret-from-vnpay' }).payment).toMatchObject({
      adapter: 'vnpay',
      tmnCode: 'CANTHO01',
    });
    expect(() => configFromEnv({ ...production, PAYMENT_GATEWAY_URL: '' })).toThrow(/PAYMENT_GATEWAY_URL/);
    expect(configFromEnv({}).payment.adapter).toBe('none');
  });
});
