// The payment port: how luot sends a citizen to a payment gateway and checks what comes back. An adapter speaks
// one gateway's protocol (redirect with a signed order; signed return to the browser and signed IPN to the
// server); the payment service decides what an answer changes.

/** An order to pay: our reference, the amount in VND, and where the browser comes back. */
export interface PaymentOrder {
  txnRef: string;
  amount: number;
  /** ASCII text the gateway shows (gateways refuse diacritics). */
  orderInfo: string;
  returnUrl: string;
  /** The citizen's address, as gateways ask for it. */
  ipAddr: string;
  createdAt: Date;
  expiresAt: Date;
  lang: 'vi' | 'en';
}

/** The gateway's signed answer, once its signature and merchant are checked. */
export interface GatewayAnswer {
  txnRef: string;
  amount: number;
  /** True when the gateway says the money was taken. */
  success: boolean;
  /** The gateway's own transaction number (unique per transaction at the gateway). */
  gatewayTxn: string;
  bankCode: string | null;
  responseCode: string;
}

export type VerifyResult = { ok: true; answer: GatewayAnswer } | { ok: false; detail: string };

export interface PaymentAdapter {
  readonly name: string;
  /** The URL the citizen's browser is sent to. */
  payUrl(order: PaymentOrder): string;
  /** Checks a return's or an IPN's parameters (signature, merchant); nothing is trusted before. */
  verify(params: Record<string, string>): VerifyResult;
  /** The body the gateway expects in reply to an IPN, for an outcome of ours. */
  ipnReply(outcome: IpnOutcome): unknown;
}

/** How an IPN ended, in the words gateways reply with. */
export type IpnOutcome = 'confirmed' | 'not_found' | 'already_confirmed' | 'invalid_amount' | 'invalid_signature';
