// Receipts printed at a counter's thermal printer (see ../receipt-prints.ts).
import { first, type Sql } from '../db.ts';
import type { ReceiptPrintRecord, ReceiptPrintTx } from '../receipt-prints.ts';
import type { Row } from '../schema.ts';

const toRecord = (r: Row<'receipt_print_jobs'>): ReceiptPrintRecord => ({
  id: r.id,
  centerId: r.center_id,
  counterId: r.counter_id,
  dossierCode: r.dossier_code,
  state: r.state,
  attempts: r.attempts,
  message: r.message,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function receiptPrintQueries({ db, x }: Sql): ReceiptPrintTx {
  const jobs = db.selectFrom('receipt_print_jobs').selectAll();
  return {
    insert: async (j) => {
      await x.run(
        db.insertInto('receipt_print_jobs').values({
          id: j.id,
          center_id: j.centerId,
          counter_id: j.counterId,
          dossier_code: j.dossierCode,
          state: j.state,
          attempts: j.attempts,
          message: j.message,
          requested_by: j.requestedBy,
          created_at: j.createdAt,
          updated_at: j.updatedAt,
        }),
      );
    },
    job: async (id) => {
      const r = await first(x, jobs.where('id', '=', id));
      return r ? toRecord(r) : null;
    },
    pending: async (centerId, counterId) =>
      (
        await x.rows(
          jobs
            .where('center_id', '=', centerId)
            .where('counter_id', '=', counterId)
            .where('state', 'in', ['queued', 'printing'])
            .orderBy('created_at')
            .orderBy('id'),
        )
      ).map(toRecord),
    update: async (j) => {
      await x.run(
        db
          .updateTable('receipt_print_jobs')
          .set({ state: j.state, attempts: j.attempts, message: j.message, updated_at: j.updatedAt })
          .where('id', '=', j.id),
      );
    },
  };
}
