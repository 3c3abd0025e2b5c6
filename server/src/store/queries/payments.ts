// Online payments and the log of the gateway's answers.
import type { Payment, PaymentLogEntry } from '@luot/contract';
import { first, type Sql } from '../db.ts';
import type { PaymentTx } from '../payments.ts';
import type { Row } from '../schema.ts';

const toPayment = (r: Row<'payments'>): Payment => ({
  txnRef: r.txn_ref,
  dossierCode: r.dossier_code,
  adapter: r.adapter,
  amount: r.amount,
  state: r.state,
  createdAt: r.created_at,
  settledAt: r.settled_at,
  gatewayTxn: r.gateway_txn,
  bankCode: r.bank_code,
  responseCode: r.response_code,
});

const toLogEntry = (r: Row<'payment_log'>): PaymentLogEntry => ({
  at: r.at,
  via: r.via,
  txnRef: r.txn_ref,
  outcome: r.outcome,
  detail: r.detail,
  address: r.address,
});

export function paymentQueries({ db, x, d }: Sql): PaymentTx {
  return {
    insertPayment: async (p) => {
      await x.run(
        db.insertInto('payments').values({
          txn_ref: p.txnRef,
          dossier_code: p.dossierCode,
          adapter: p.adapter,
          amount: p.amount,
          state: p.state,
          created_at: p.createdAt,
          settled_at: p.settledAt,
          gateway_txn: p.gatewayTxn,
          bank_code: p.bankCode,
          response_code: p.responseCode,
        }),
      );
    },
    payment: async (txnRef, lock) => {
      const query = db.selectFrom('payments').selectAll().where('txn_ref', '=', txnRef);
      const r = await first(x, lock ? d.lock(query, lock) : query);
      return r ? toPayment(r) : null;
    },
    paymentOfGatewayTxn: async (adapter, gatewayTxn) => {
      const r = await first(
        x,
        db.selectFrom('payments').selectAll().where('adapter', '=', adapter).where('gateway_txn', '=', gatewayTxn),
      );
      return r ? toPayment(r) : null;
    },
    settlePayment: async (txnRef, s) => {
      await x.run(
        db
          .updateTable('payments')
          .set({
            state: s.state,
            settled_at: s.settledAt,
            gateway_txn: s.gatewayTxn,
            bank_code: s.bankCode,
            response_code: s.responseCode,
          })
          .where('txn_ref', '=', txnRef),
      );
    },
    paymentsOfDossier: async (code) =>
      (
        await x.rows(
          db
            .selectFrom('payments')
            .selectAll()
            .where('dossier_code', '=', code)
            .orderBy('created_at', 'desc')
            .orderBy('txn_ref'),
        )
      ).map(toPayment),
    logAnswer: async (e) => {
      await x.run(
        db.insertInto('payment_log').values({
          at: e.at,
          via: e.via,
          txn_ref: e.txnRef,
          dossier_code: e.dossierCode,
          outcome: e.outcome,
          detail: e.detail,
          address: e.address,
        }),
      );
    },
    logOfDossier: async (code, limit) =>
      (
        await x.rows(
          db.selectFrom('payment_log').selectAll().where('dossier_code', '=', code).orderBy('id', 'desc').limit(limit),
        )
      ).map(toLogEntry),
  };
}
