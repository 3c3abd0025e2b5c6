// Online payment of a dossier's fees: the tracking page starts a payment (an order at the gateway for the fees
// due), the gateway answers by the citizen's browser (return) and by its own call (IPN). Each answer is checked
// (signature, order, amount, not seen before) under a lock of its payment; one that passes records the payment
// and tells the province "paid" through the outbox, in one transaction. Every answer, refused or not, is logged.
import { randomBytes } from 'node:crypto';
import {
  type DossierPayments,
  type PaymentOutcome,
  type PaymentState,
  type StartPaymentBody,
  type StartPaymentReply,
  trackingUrlOf,
} from '@luot/contract';
import type { DossierService } from '../dossier/service.ts';
import { DomainError } from '../engine/domain-error.ts';
import type { Clock } from '../queue/service.ts';
import type { Store } from '../store/store.ts';
import { holderTicket } from '../track/views.ts';
import type { IpnOutcome, PaymentAdapter } from './port.ts';

export const RETURN_PATH = '/api/payment/return';
export const IPN_PATH = '/api/payment/ipn';

/** What an answer came to: its outcome, the gateway's reply word, and where the citizen goes back to. */
export interface AnswerResult {
  outcome: PaymentOutcome;
  ipn: IpnOutcome;
  detail: string | null;
  /** The payment's state after the answer (null: not one of ours). */
  state: PaymentState | null;
  /** The dossier's tracking link, once the answer is known to be of one of our payments. */
  trackingUrl: string | null;
}

const IPN_OF: Record<PaymentOutcome, IpnOutcome> = {
  paid: 'confirmed',
  failed: 'confirmed',
  confirmed_again: 'already_confirmed',
  PAYMENT_SIGNATURE_INVALID: 'invalid_signature',
  PAYMENT_NOT_FOUND: 'not_found',
  PAYMENT_AMOUNT_MISMATCH: 'invalid_amount',
  PAYMENT_REPLAYED: 'already_confirmed',
  // The fees are settled already (paid at the desk, or by another payment): nothing more to confirm.
  PAYMENT_DOSSIER_STATE: 'already_confirmed',
};

/** Outcomes that record nothing: the answer is refused. */
export const isRefusal = (o: PaymentOutcome): o is Exclude<PaymentOutcome, 'paid' | 'failed' | 'confirmed_again'> =>
  o.startsWith('PAYMENT_');

export interface PaymentServiceOptions {
  clock: Clock;
  publicBase: () => string;
  expireMs: number;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export class PaymentService {
  constructor(
    private readonly store: Store,
    private readonly dossiers: DossierService,
    readonly adapter: PaymentAdapter | null,
    private readonly options: PaymentServiceOptions,
  ) {}

  /** An order at the gateway for the fees the dossier owes now; the citizen's browser goes to the URL. */
  start(body: StartPaymentBody, ipAddr: string): Promise<StartPaymentReply> {
    const adapter = this.adapter;
    if (!adapter) throw new DomainError('PAYMENT_UNAVAILABLE');
    return this.store.transaction(async (tx) => {
      await holderTicket(tx, body.code, body.s);
      const dossier = await tx.dossiers.dossier(body.code, 'update');
      if (!dossier || dossier.status !== 'fees_due' || dossier.fee <= 0)
        throw new DomainError('PAYMENT_NOT_DUE', dossier ? dossier.status : 'not received yet');
      const now = this.options.clock();
      const txnRef = randomBytes(8).toString('hex').toUpperCase();
      await tx.payments.insertPayment({
        txnRef,
        dossierCode: dossier.code,
        adapter: adapter.name,
        amount: dossier.fee,
        state: 'pending',
        createdAt: now.toISOString(),
        settledAt: null,
        gatewayTxn: null,
        bankCode: null,
        responseCode: null,
      });
      const url = adapter.payUrl({
        txnRef,
        amount: dossier.fee,
        orderInfo: `Nop phi le phi ho so ${dossier.code}`,
        returnUrl: `${this.options.publicBase()}${RETURN_PATH}`,
        ipAddr,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.options.expireMs),
        lang: body.lang ?? 'vi',
      });
      return { url, txnRef, amount: dossier.fee };
    });
  }

  /** The gateway's answer (the browser's return or the gateway's IPN): checked, then recorded or refused. */
  answer(via: 'return' | 'ipn', params: Record<string, string>, address: string): Promise<AnswerResult> {
    const adapter = this.adapter;
    if (!adapter) throw new DomainError('PAYMENT_UNAVAILABLE');
    const verified = adapter.verify(params);
    return this.store.transaction(async (tx) => {
      const at = this.options.clock().toISOString();
      let dossierCode: string | null = null;
      let trackingUrl: string | null = null;
      let state: PaymentState | null = null;
      const end = async (outcome: PaymentOutcome, detail: string | null): Promise<AnswerResult> => {
        const txnRef = verified.ok ? verified.answer.txnRef : (params.vnp_TxnRef?.slice(0, 64) ?? null);
        await tx.payments.logAnswer({ at, via, txnRef, dossierCode, outcome, detail, address });
        const entry = { via, txnRef, dossierCode, outcome, detail, address };
        if (isRefusal(outcome)) this.options.log.warn(entry, `payment answer refused: ${outcome}`);
        else this.options.log.info(entry, `payment answer: ${outcome}`);
        return { outcome, ipn: IPN_OF[outcome], detail, state, trackingUrl };
      };
      if (!verified.ok) return end('PAYMENT_SIGNATURE_INVALID', verified.detail);
      const a = verified.answer;
      const payment = await tx.payments.payment(a.txnRef, 'update');
      if (!payment) return end('PAYMENT_NOT_FOUND', a.txnRef);
      dossierCode = payment.dossierCode;
      state = payment.state;
      const dossier = await this.dossiers.lockedDossier(tx, payment.dossierCode);
      const ticket = (await tx.ticket(dossier.ticketId))!;
      trackingUrl = trackingUrlOf(this.options.publicBase(), dossier.code, ticket.trackingSecret);
      if (a.amount !== payment.amount)
        return end('PAYMENT_AMOUNT_MISMATCH', `${a.amount} đồng paid, ${payment.amount} đồng due`);
      if (payment.state !== 'pending') {
        // The browser's return after the IPN recorded the same transaction is the usual way back: shown, not redone.
        if (via === 'return' && payment.gatewayTxn === a.gatewayTxn)
          return end('confirmed_again', `already ${payment.state}`);
        return end(
          'PAYMENT_REPLAYED',
          `payment ${payment.state} at ${payment.settledAt} (transaction ${payment.gatewayTxn})`,
        );
      }
      const other = await tx.payments.paymentOfGatewayTxn(adapter.name, a.gatewayTxn);
      if (other) return end('PAYMENT_REPLAYED', `transaction ${a.gatewayTxn} recorded for order ${other.txnRef}`);
      const settled = {
        settledAt: at,
        gatewayTxn: a.gatewayTxn,
        bankCode: a.bankCode,
        responseCode: a.responseCode,
      };
      if (!a.success) {
        // Declined or cancelled: the fees stay due, the citizen may try again.
        await tx.payments.settlePayment(payment.txnRef, { state: 'failed', ...settled });
        state = 'failed';
        return end('failed', `response ${a.responseCode}`);
      }
      if (dossier.status !== 'fees_due') return end('PAYMENT_DOSSIER_STATE', `dossier ${dossier.status}`);
      await tx.payments.settlePayment(payment.txnRef, { state: 'paid', ...settled });
      state = 'paid';
      await this.dossiers.feesPaidIn(tx, dossier, `payment:${adapter.name}`, {
        amount: payment.amount,
        paymentRef: `${adapter.name.toUpperCase()}-${a.gatewayTxn}`,
      });
      return end('paid', null);
    });
  }

  /** A dossier's payments and the log of the gateway's answers (the console's dossier view). */
  ofDossier(code: string): Promise<DossierPayments> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.dossiers.dossier(code))) throw new DomainError('DOSSIER_NOT_FOUND', code);
      return { payments: await tx.payments.paymentsOfDossier(code), log: await tx.payments.logOfDossier(code, 50) };
    });
  }
}
