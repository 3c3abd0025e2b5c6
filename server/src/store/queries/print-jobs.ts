// Print jobs of tickets issued at kiosks.
import { first, type Sql } from '../db.ts';
import { toJson } from '../json.ts';
import { toPrintJob } from '../rows.ts';
import type { PrintJobRecord, Tx } from '../store.ts';

export type PrintJobQueries = Pick<
  Tx,
  'insertPrintJob' | 'printJob' | 'printJobOfTicket' | 'pendingPrintJobs' | 'updatePrintJob'
>;

export function printJobQueries({ db, x }: Sql): PrintJobQueries {
  const jobs = db.selectFrom('print_jobs').selectAll();
  const one = async (query: typeof jobs) => {
    const r = await first(x, query);
    return r ? toPrintJob(r) : null;
  };
  return {
    insertPrintJob: async (j: PrintJobRecord) => {
      await x.run(
        db
          .insertInto('print_jobs')
          .values({
            id: j.id,
            ticket_id: j.ticketId,
            center_id: j.centerId,
            kiosk_id: j.kioskId,
            state: j.state,
            attempts: j.attempts,
            message: j.message,
            issued: toJson(j.issued),
            created_at: j.createdAt,
            updated_at: j.updatedAt,
          })
          .onConflict((oc) => oc.column('ticket_id').doNothing()),
      );
    },
    printJob: async (id) => one(jobs.where('id', '=', id)),
    printJobOfTicket: async (ticketId) => one(jobs.where('ticket_id', '=', ticketId)),
    pendingPrintJobs: async (kioskId) =>
      (
        await x.rows(
          jobs
            .where('kiosk_id', '=', kioskId)
            .where('state', 'in', ['queued', 'printing'])
            .orderBy('created_at')
            .orderBy('id'),
        )
      ).map(toPrintJob),
    updatePrintJob: async (j) => {
      await x.run(
        db
          .updateTable('print_jobs')
          .set({ state: j.state, attempts: j.attempts, message: j.message, updated_at: j.updatedAt })
          .where('id', '=', j.id),
      );
    },
  };
}
