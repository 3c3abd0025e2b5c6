// A VNPay-style gateway (the protocol of VNPay's "Cổng thanh toán", version 2.1.0, which other Vietnamese gateways
// follow closely): the order goes as vnp_* query parameters, signed with vnp_SecureHash = hex HMAC-SHA512 of the
// parameters sorted by name and URL-encoded (spaces as "+"), joined as k=v&k=v; the return and the IPN carry the
// answer signed the same way; the IPN is answered with {RspCode, Message}.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { toProvinceDate } from '../handoff/province-contract.ts';
import type { GatewayAnswer, IpnOutcome, PaymentAdapter, PaymentOrder, VerifyResult } from './port.ts';

export const VNP_VERSION = '2.1.0';

/** The parameters as the gateway signs them: sorted by name, each name and value URL-encoded, spaces as "+". */
export function signData(params: Record<string, string>): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return Object.keys(params)
    .filter((k) => k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k])}`)
    .join('&');
}

export const secureHash = (secret: string, params: Record<string, string>): string =>
  createHmac('sha512', secret).update(signData(params), 'utf8').digest('hex');

/** The parameters plus their vnp_SecureHash, as a query string. */
export function signedQuery(secret: string, params: Record<string, string>): string {
  return `${signData(params)}&vnp_SecureHash=${secureHash(secret, params)}`;
}

/** True when vnp_SecureHash is the HMAC of the other vnp_ parameters under `secret`. */
export function verifySecureHash(secret: string, params: Record<string, string>): boolean {
  const given = params.vnp_SecureHash;
  if (!given || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const vnp = Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('vnp_')));
  return timingSafeEqual(Buffer.from(secureHash(secret, vnp), 'hex'), Buffer.from(given.toLowerCase(), 'hex'));
}

const IPN_REPLIES: Record<IpnOutcome, { RspCode: string; Message: string }> = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  not_found: { RspCode: '01', Message: 'Order not found' },
  already_confirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalid_amount: { RspCode: '04', Message: 'Invalid amount' },
  invalid_signature: { RspCode: '97', Message: 'Invalid signature' },
};

export class VnpayAdapter implements PaymentAdapter {
  readonly name = 'vnpay';

  constructor(private readonly options: { gatewayUrl: string; tmnCode: string; hashSecret: string }) {}

  payUrl(order: PaymentOrder): string {
    const params: Record<string, string> = {
      vnp_Version: VNP_VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: this.options.tmnCode,
      // In hundredths of a đồng, as the gateway counts.
      vnp_Amount: String(order.amount * 100),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: order.txnRef,
      vnp_OrderInfo: order.orderInfo,
      vnp_OrderType: 'other',
      vnp_Locale: order.lang === 'en' ? 'en' : 'vn',
      vnp_ReturnUrl: order.returnUrl,
      vnp_IpAddr: order.ipAddr,
      vnp_CreateDate: toProvinceDate(order.createdAt),
      vnp_ExpireDate: toProvinceDate(order.expiresAt),
    };
    return `${this.options.gatewayUrl}?${signedQuery(this.options.hashSecret, params)}`;
  }

  verify(params: Record<string, string>): VerifyResult {
    if (!params.vnp_SecureHash) return { ok: false, detail: 'unsigned: no vnp_SecureHash' };
    if (!verifySecureHash(this.options.hashSecret, params))
      return { ok: false, detail: 'vnp_SecureHash does not match the parameters' };
    if (params.vnp_TmnCode !== this.options.tmnCode)
      return { ok: false, detail: `another merchant's answer (vnp_TmnCode ${params.vnp_TmnCode ?? 'missing'})` };
    const amount = Number(params.vnp_Amount);
    const txnRef = params.vnp_TxnRef;
    const gatewayTxn = params.vnp_TransactionNo;
    const responseCode = params.vnp_ResponseCode;
    const ref = /^[A-Za-z0-9_-]{1,64}$/;
    if (!txnRef || !ref.test(txnRef) || !gatewayTxn || !ref.test(gatewayTxn) || !responseCode)
      return { ok: false, detail: 'a signed answer without a valid order reference, transaction or code' };
    if (!/^\d{1,15}$/.test(params.vnp_Amount ?? '') || amount % 100 !== 0)
      return { ok: false, detail: `not an amount: vnp_Amount ${params.vnp_Amount ?? 'missing'}` };
    const answer: GatewayAnswer = {
      txnRef,
      amount: amount / 100,
      // "00" on both: the payment went through (a response 00 with another transaction status is not final).
      success: responseCode === '00' && params.vnp_TransactionStatus === '00',
      gatewayTxn,
      bankCode: params.vnp_BankCode || null,
      responseCode,
    };
    return { ok: true, answer };
  }

  ipnReply(outcome: IpnOutcome) {
    return IPN_REPLIES[outcome];
  }
}
