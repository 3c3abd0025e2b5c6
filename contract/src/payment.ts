// Fees (phí, lệ phí) of a procedure as lines, and their online payment through a gateway (redirect, then a
// signed return and IPN): what the tracking page, the receipt and the console show.
import { Type, type Static } from 'typebox';
import type { Dossier } from './dossier.ts';
import { MAX_INT } from './model.ts';

/** One fee of a procedure: its label as the fee schedule names it, and its amount in VND. */
export const FeeLine = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    amount: Type.Integer({ minimum: 0, maximum: MAX_INT }),
  },
  { additionalProperties: false },
);
export type FeeLine = Static<typeof FeeLine>;

/** A procedure's fee lines, as a procedure without its own lines has them: one "Lệ phí" line of its fee. */
export const feeLinesOf = (p: { fee: number; feeLines?: FeeLine[] }): FeeLine[] =>
  p.feeLines ?? (p.fee > 0 ? [{ label: 'Lệ phí', amount: p.fee }] : []);

export const PAYMENT_STATES = ['pending', 'paid', 'failed'] as const;
export const PaymentState = Type.Enum(PAYMENT_STATES);
export type PaymentState = Static<typeof PaymentState>;

/** One online payment of a dossier's fees: created when the citizen is sent to the gateway. */
export const Payment = Type.Object({
  /** Our reference of the order at the gateway (vnp_TxnRef). */
  txnRef: Type.String(),
  dossierCode: Type.String(),
  adapter: Type.String(),
  amount: Type.Integer(),
  state: PaymentState,
  createdAt: Type.String(),
  /** When the gateway's signed answer was recorded (paid or failed). */
  settledAt: Type.Union([Type.String(), Type.Null()]),
  /** The gateway's own transaction number, and the bank, once settled. */
  gatewayTxn: Type.Union([Type.String(), Type.Null()]),
  bankCode: Type.Union([Type.String(), Type.Null()]),
  responseCode: Type.Union([Type.String(), Type.Null()]),
});
export type Payment = Static<typeof Payment>;

/** What the gateway's return or IPN came to: recorded, or refused (and why). Kept as the payment log. */
export const PAYMENT_OUTCOMES = [
  'paid',
  'failed',
  'confirmed_again',
  'PAYMENT_SIGNATURE_INVALID',
  'PAYMENT_NOT_FOUND',
  'PAYMENT_AMOUNT_MISMATCH',
  'PAYMENT_REPLAYED',
  'PAYMENT_DOSSIER_STATE',
] as const;
export const PaymentOutcome = Type.Enum(PAYMENT_OUTCOMES);
export type PaymentOutcome = Static<typeof PaymentOutcome>;

export const PaymentLogEntry = Type.Object({
  at: Type.String(),
  /** `return`: the citizen's browser back from the gateway; `ipn`: the gateway's own call. */
  via: Type.Union([Type.Literal('return'), Type.Literal('ipn')]),
  txnRef: Type.Union([Type.String(), Type.Null()]),
  outcome: PaymentOutcome,
  detail: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
});
export type PaymentLogEntry = Static<typeof PaymentLogEntry>;

/** A dossier's fees as the tracking page shows them. */
export const DossierFees = Type.Object({
  lines: Type.Array(FeeLine),
  total: Type.Integer(),
  /** `due`: the authority asked for them (status 6); `paid`: recorded; `none`: nothing asked now. */
  state: Type.Union([Type.Literal('none'), Type.Literal('due'), Type.Literal('paid')]),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  /** An online payment can be started now (a gateway is configured and the fees are due). */
  payOnline: Type.Boolean(),
});
export type DossierFees = Static<typeof DossierFees>;

/** Starting an online payment from the tracking page: the dossier code and its secret, as the page has them. */
export const StartPaymentBody = Type.Object(
  {
    code: Type.String({ minLength: 5, maxLength: 64 }),
    s: Type.String({ minLength: 4, maxLength: 8 }),
    lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type StartPaymentBody = Static<typeof StartPaymentBody>;

export const StartPaymentReply = Type.Object({ url: Type.String(), txnRef: Type.String(), amount: Type.Integer() });
export type StartPaymentReply = Static<typeof StartPaymentReply>;

/** What the console's dossier view shows: the payments and the log of the gateway's answers. */
export const DossierPayments = Type.Object({
  payments: Type.Array(Payment),
  log: Type.Array(PaymentLogEntry),
});
export type DossierPayments = Static<typeof DossierPayments>;

/**
 * A dossier's fees: due while the authority waits for them (status 6); paid once the step after the last "fees
 * due" moved processing on (at the desk, online, or at the authority), not a withdrawal or a stop.
 */
export function feesOf(
  dossier: Pick<Dossier, 'status' | 'history' | 'fee' | 'feeLines'>,
  payOnline: boolean,
): DossierFees {
  const due = dossier.status === 'fees_due';
  const last = dossier.history.map((h) => h.status).lastIndexOf('fees_due');
  const next = last >= 0 ? dossier.history[last + 1] : undefined;
  const paid = !due && (next?.status === 'in_process' || next?.status === 'result_ready');
  return {
    lines: dossier.feeLines,
    total: dossier.fee,
    state: due ? 'due' : paid ? 'paid' : 'none',
    paidAt: paid ? next.at : null,
    payOnline: payOnline && due && dossier.fee > 0,
  };
}
