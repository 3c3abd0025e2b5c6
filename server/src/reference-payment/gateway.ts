// The reference payment gateway (demo and tests), speaking the VNPay-style protocol of ../payment/vnpay.ts from
// the gateway's side: it checks the merchant's signed order, shows a pay page (pay or cancel), then calls the
// merchant's IPN URL with the signed answer and sends the browser back to the order's return URL with it.
// It keeps its orders and the IPN replies in memory (GET /__transactions).
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { toProvinceDate } from '../handoff/province-contract.ts';
import { signedQuery, verifySecureHash } from '../payment/vnpay.ts';

export const PAY_PATH = '/paymentv2/vpcpay.html';

export interface GatewayTransaction {
  id: string;
  txnRef: string;
  amount: number;
  orderInfo: string;
  returnUrl: string;
  state: 'open' | 'paid' | 'cancelled';
  transactionNo: string | null;
  /** The merchant's reply to the IPN (its RspCode), or why it could not be sent. */
  ipnReply: unknown;
}

export interface ReferencePaymentGateway {
  transactions: GatewayTransaction[];
  /**
   * Where the IPN goes (the merchant's IPN URL, as registered at the gateway; null: none), and whether it is sent
   * before the browser goes back (tests turn it off to see the return alone).
   */
  settings: { ipnUrl: string | null; sendIpn: boolean };
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  tmnCode: string;
  hashSecret: string;
  /** The merchant's IPN URL; null: none (until settings.ipnUrl is set). */
  ipnUrl: string | null;
  now?: () => Date;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const money = (vnd: number) => `${String(vnd).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;

const page = (title: string, body: string) => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#eef2f7;margin:0;padding:24px;color:#1b2430}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 8px #0002}
h1{font-size:1.2rem;margin:0 0 4px}.sub{color:#5b6675;font-size:.9rem;margin:0 0 20px}
dl{display:grid;grid-template-columns:auto 1fr;gap:8px 12px;margin:0 0 20px}dt{color:#5b6675}dd{margin:0;font-weight:600}
.amount{font-size:1.6rem;color:#0b5cad}
button{display:block;width:100%;font-size:1rem;padding:12px;border-radius:8px;border:0;margin-top:10px;cursor:pointer}
.pay{background:#0b5cad;color:#fff}.cancel{background:#e4e8ee;color:#1b2430}
</style></head><body><main>${body}</main></body></html>`;

export function buildReferencePaymentGateway(options: GatewayOptions): ReferencePaymentGateway {
  const now = options.now ?? (() => new Date());
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const transactions: GatewayTransaction[] = [];
  const settings: ReferencePaymentGateway['settings'] = { ipnUrl: options.ipnUrl, sendIpn: true };
  let seq = 14_000_000;

  app.get(PAY_PATH, async (req, reply) => {
    const params = req.query as Record<string, string>;
    reply.type('text/html; charset=utf-8');
    if (!verifySecureHash(options.hashSecret, params) || params.vnp_TmnCode !== options.tmnCode)
      return reply.code(400).send(page('Sai chữ ký', '<h1>Giao dịch không hợp lệ</h1><p>Sai chữ ký (code 97).</p>'));
    const amount = Number(params.vnp_Amount) / 100;
    const tx: GatewayTransaction = {
      id: randomBytes(6).toString('hex'),
      txnRef: params.vnp_TxnRef ?? '',
      amount,
      orderInfo: params.vnp_OrderInfo ?? '',
      returnUrl: params.vnp_ReturnUrl ?? '',
      state: 'open',
      transactionNo: null,
      ipnReply: null,
    };
    transactions.push(tx);
    return page(
      'Cổng thanh toán (tham chiếu)',
      `<h1>Cổng thanh toán tham chiếu</h1><p class="sub">Reference payment gateway · luot demo</p>
<dl><dt>Đơn vị</dt><dd>${escape(options.tmnCode)}</dd><dt>Nội dung</dt><dd>${escape(tx.orderInfo)}</dd>
<dt>Mã giao dịch</dt><dd>${escape(tx.txnRef)}</dd><dt>Số tiền</dt><dd class="amount">${money(amount)}</dd></dl>
<form method="post" action="/pay/${tx.id}"><button class="pay" name="action" value="pay">Thanh toán</button>
<button class="cancel" name="action" value="cancel">Hủy giao dịch</button></form>`,
    );
  });

  app.post('/pay/:id', async (req, reply) => {
    const tx = transactions.find((t) => t.id === (req.params as { id: string }).id);
    if (!tx || tx.state !== 'open') return reply.code(404).send({ error: 'no open transaction' });
    const paid = (req.body as Record<string, string> | undefined)?.action === 'pay';
    tx.state = paid ? 'paid' : 'cancelled';
    tx.transactionNo = String(++seq);
    const answer: Record<string, string> = {
      vnp_Amount: String(tx.amount * 100),
      vnp_BankCode: 'NCB',
      vnp_BankTranNo: `VNP${tx.transactionNo}`,
      vnp_CardType: 'ATM',
      vnp_OrderInfo: tx.orderInfo,
      vnp_PayDate: toProvinceDate(now()),
      // 24: the customer cancelled; 02 the transaction did not go through.
      vnp_ResponseCode: paid ? '00' : '24',
      vnp_TmnCode: options.tmnCode,
      vnp_TransactionNo: tx.transactionNo,
      vnp_TransactionStatus: paid ? '00' : '02',
      vnp_TxnRef: tx.txnRef,
    };
    const query = signedQuery(options.hashSecret, answer);
    if (settings.ipnUrl && settings.sendIpn) {
      try {
        const res = await fetch(`${settings.ipnUrl}?${query}`, { signal: AbortSignal.timeout(10_000) });
        tx.ipnReply = await res.json();
      } catch (err) {
        tx.ipnReply = { error: String(err) };
      }
    }
    return reply.redirect(`${tx.returnUrl}${tx.returnUrl.includes('?') ? '&' : '?'}${query}`, 302);
  });

  app.get('/__transactions', async () => transactions);
  app.post('/__settings', async (req) => {
    const body = req.body as Partial<typeof settings> | undefined;
    if (typeof body?.sendIpn === 'boolean') settings.sendIpn = body.sendIpn;
    return settings;
  });

  return {
    transactions,
    settings,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      return `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
    },
    async close() {
      await app.close();
    },
  };
}
