// The fees on the tracking page: their words, and starting an online payment (the browser then goes to the gateway).
import type { ErrorBody, StartPaymentReply } from '@luot/contract';
import type { Lang } from './track.ts';

/** "100.000 đ" */
export const money = (vnd: number) => `${String(vnd).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;

export const FEE_WORDS = {
  vi: {
    title: 'Phí, lệ phí',
    due: 'Hồ sơ đang chờ nộp phí, lệ phí',
    total: 'Tổng cộng',
    paid: (time: string, day: string) => `Đã nộp phí, lệ phí lúc ${time} ngày ${day}`,
    pay: 'Thanh toán trực tuyến',
    paying: 'Đang chuyển đến cổng thanh toán…',
    atCenter: 'Quý khách có thể nộp tại trung tâm nơi đã nộp hồ sơ.',
    returnedPaid: 'Thanh toán thành công. Hồ sơ tiếp tục được giải quyết.',
    returnedFailed: 'Giao dịch chưa thành công hoặc đã hủy. Quý khách có thể thanh toán lại.',
    failed: 'Chưa thể bắt đầu thanh toán. Vui lòng thử lại sau.',
  },
  en: {
    title: 'Fees',
    due: 'This dossier is waiting for its fees',
    total: 'Total',
    paid: (time: string, day: string) => `Fees paid at ${time} on ${day}`,
    pay: 'Pay online',
    paying: 'Going to the payment gateway…',
    atCenter: 'You may also pay at the center where you filed the dossier.',
    returnedPaid: 'Payment received. Processing of the dossier goes on.',
    returnedFailed: 'The payment did not go through or was cancelled. You may pay again.',
    failed: 'The payment could not be started. Please try again later.',
  },
} satisfies Record<Lang, unknown>;

/** The result the gateway's return brought back (?payment=paid|failed), if any. */
export function returnedPayment(params: URLSearchParams): 'paid' | 'failed' | null {
  const p = params.get('payment');
  return p === 'paid' || p === 'failed' ? p : null;
}

/** Starts a payment of the fees due: the gateway's URL, or the refusal's Vietnamese/English words. */
export async function startPayment(
  code: string,
  secret: string,
  lang: Lang,
): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  try {
    const res = await fetch('/api/track/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, s: secret, lang }),
    });
    if (res.ok) return { ok: true, url: ((await res.json()) as StartPaymentReply).url };
    const body = (await res.json()) as ErrorBody;
    return { ok: false, message: lang === 'vi' ? body.messageVi : body.message };
  } catch {
    return { ok: false, message: FEE_WORDS[lang].failed };
  }
}
