// `npm run payment-gateway`: the reference payment gateway on PAYMENT_GATEWAY_PORT (3300) with the demo merchant
// (or PAYMENT_TMN_CODE / PAYMENT_HASH_SECRET). Start luot with PAYMENT_ADAPTER=vnpay and
// PAYMENT_GATEWAY_URL=http://127.0.0.1:3300/paymentv2/vpcpay.html; its IPN goes to PAYMENT_IPN_URL.
import { DEMO_PAYMENT_SECRET, DEMO_PAYMENT_TMN_CODE } from '../config.ts';
import { buildReferencePaymentGateway, PAY_PATH } from './gateway.ts';

const gateway = buildReferencePaymentGateway({
  tmnCode: process.env.PAYMENT_TMN_CODE || DEMO_PAYMENT_TMN_CODE,
  hashSecret: process.env.PAYMENT_HASH_SECRET || DEMO_PAYMENT_SECRET,
  ipnUrl: process.env.PAYMENT_IPN_URL || 'http://127.0.0.1:3000/api/payment/ipn',
});
const url = await gateway.listen(
  Number(process.env.PAYMENT_GATEWAY_PORT ?? 3300),
  process.env.PAYMENT_GATEWAY_HOST ?? '127.0.0.1',
);
console.log(`Reference payment gateway at ${url}${PAY_PATH} (transactions: ${url}/__transactions)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void gateway.close().then(() => process.exit(0)));
