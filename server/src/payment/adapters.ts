// Payment adapters by name (PAYMENT_ADAPTER): another gateway is a new file implementing PaymentAdapter, named here.
import type { Config } from '../config.ts';
import type { PaymentAdapter } from './port.ts';
import { VnpayAdapter } from './vnpay.ts';

export function paymentAdapterOf(config: Config['payment']): PaymentAdapter | null {
  switch (config.adapter) {
    case 'none':
      return null;
    case 'vnpay':
      return new VnpayAdapter(config);
  }
}
