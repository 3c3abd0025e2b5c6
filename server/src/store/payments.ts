// The storage port of online payments: a dossier's payments, the log of the gateway's answers, and when its
// fees were paid. Part of every transaction.
import type { Payment, PaymentLogEntry } from '@luot/contract';

export interface PaymentLogRecord extends PaymentLogEntry {
  dossierCode: string | null;
}

export interface PaymentTx {
  insertPayment(payment: Payment): Promise<void>;
  /** With 'update', locked until the transaction ends: two answers of one payment take turns. */
  payment(txnRef: string, lock?: 'update'): Promise<Payment | null>;
  /** The payment that recorded this gateway transaction, if any. */
  paymentOfGatewayTxn(adapter: string, gatewayTxn: string): Promise<Payment | null>;
  settlePayment(
    txnRef: string,
    settled: Pick<Payment, 'state' | 'settledAt' | 'gatewayTxn' | 'bankCode' | 'responseCode'>,
  ): Promise<void>;
  /** A dossier's payments, the newest first. */
  paymentsOfDossier(code: string): Promise<Payment[]>;
  logAnswer(entry: PaymentLogRecord): Promise<void>;
  /** The log of a dossier's answers, the newest first. */
  logOfDossier(code: string, limit: number): Promise<PaymentLogEntry[]>;
}
