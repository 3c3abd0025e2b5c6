// The VNPay-style signature: HMAC-SHA512 over the parameters sorted by name, URL-encoded with spaces as "+".
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secureHash, signData, signedQuery, VnpayAdapter, verifySecureHash } from '../../server/src/payment/vnpay.ts';

const SECRET = 'unit-test-hash-secret-0123456789';

describe('VNPay-style signing', () => {
  it('signs the sorted, URL-encoded parameters (spaces as +), without the hash itself', () => {
    const params = {
      vnp_TxnRef: 'AB12',
      vnp_Amount: '10000000',
      vnp_OrderInfo: 'Nop phi ho so 000.31.01.H13-261203-0001',
      vnp_ReturnUrl: 'https://luot.example.vn/api/payment/return',
      vnp_SecureHash: 'ignored',
    };
    const data =
      'vnp_Amount=10000000&vnp_OrderInfo=Nop+phi+ho+so+000.31.01.H13-261203-0001' +
      '&vnp_ReturnUrl=https%3A%2F%2Fluot.example.vn%2Fapi%2Fpayment%2Freturn&vnp_TxnRef=AB12';
    expect(signData(params)).toBe(data);
    expect(secureHash(SECRET, params)).toBe(createHmac('sha512', SECRET).update(data).digest('hex'));
  });

  it('verifies its own query, and refuses a change of any parameter or of the key', () => {
    const query = signedQuery(SECRET, { vnp_Amount: '500000', vnp_TxnRef: 'X1', vnp_TmnCode: 'M1' });
    const params = Object.fromEntries(new URLSearchParams(query));
    expect(verifySecureHash(SECRET, params)).toBe(true);
    expect(verifySecureHash(SECRET, { ...params, vnp_SecureHash: params.vnp_SecureHash.toUpperCase() })).toBe(true);
    expect(verifySecureHash(SECRET, { ...params, vnp_Amount: '5000' })).toBe(false);
    expect(verifySecureHash(SECRET, { ...params, vnp_BankCode: 'NCB' })).toBe(false);
    expect(verifySecureHash(`${SECRET}x`, params)).toBe(false);
    expect(verifySecureHash(SECRET, { ...params, vnp_SecureHash: 'abc' })).toBe(false);
  });

  it("builds the pay URL and reads the gateway's answer in đồng", () => {
    const adapter = new VnpayAdapter({
      gatewayUrl: 'https://pay.example/vpcpay.html',
      tmnCode: 'M1',
      hashSecret: SECRET,
    });
    const url = new URL(
      adapter.payUrl({
        txnRef: 'REF1',
        amount: 100000,
        orderInfo: 'Nop phi',
        returnUrl: 'https://luot.example.vn/api/payment/return',
        ipAddr: '10.0.0.1',
        createdAt: new Date('2026-12-03T07:00:00Z'),
        expiresAt: new Date('2026-12-03T07:15:00Z'),
        lang: 'vi',
      }),
    );
    expect(url.searchParams.get('vnp_Amount')).toBe('10000000');
    expect(url.searchParams.get('vnp_CreateDate')).toBe('20261203140000');
    expect(url.searchParams.get('vnp_ExpireDate')).toBe('20261203141500');
    expect(verifySecureHash(SECRET, Object.fromEntries(url.searchParams))).toBe(true);

    const answer = (extra: Record<string, string>) =>
      adapter.verify(
        Object.fromEntries(
          new URLSearchParams(
            signedQuery(SECRET, {
              vnp_Amount: '10000000',
              vnp_TmnCode: 'M1',
              vnp_TxnRef: 'REF1',
              vnp_TransactionNo: '14000001',
              vnp_ResponseCode: '00',
              vnp_TransactionStatus: '00',
              ...extra,
            }),
          ),
        ),
      );
    expect(answer({})).toMatchObject({ ok: true, answer: { amount: 100000, success: true, gatewayTxn: '14000001' } });
    expect(answer({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' })).toMatchObject({
      ok: true,
      answer: { success: false },
    });
    expect(answer({ vnp_TmnCode: 'OTHER' }).ok).toBe(false);
    expect(answer({ vnp_Amount: '10000050' }).ok).toBe(false);
    expect(adapter.verify({ vnp_TxnRef: 'REF1', vnp_Amount: '10000000' })).toMatchObject({ ok: false });
  });
});
