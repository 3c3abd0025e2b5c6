// Print jobs as the server keeps them: created with the ticket, in the same transaction, so a ticket issued at a
// kiosk always has its job, whatever happens between the commit and the broadcast.
import type { IssuedTicket, PrintJob } from '@luot/contract';
import { trackingUrlOf } from '@luot/contract';
import type { PrintJobRecord } from '../store/store.ts';

/** One job per ticket: its id is derived from the ticket's. */
export const printJobIdOf = (ticketId: string) => `print-${ticketId}`;

export function newPrintJob(issued: IssuedTicket, kioskId: string, now: Date): PrintJobRecord {
  const at = now.toISOString();
  return {
    id: printJobIdOf(issued.ticket.id),
    ticketId: issued.ticket.id,
    centerId: issued.ticket.centerId,
    kioskId,
    state: 'queued',
    attempts: 0,
    message: null,
    issued,
    createdAt: at,
    updatedAt: at,
  };
}

/** A print job is valid this long after it was queued unless configured (PRINT_JOB_TTL_SECONDS). */
export const DEFAULT_PRINT_JOB_TTL_MS = 120_000;

/** When a job stops being printable: its validity runs from when it was queued. */
export const expiresAtOf = (record: PrintJobRecord, ttlMs: number) => new Date(Date.parse(record.createdAt) + ttlMs);

/** The job as the print agent receives it. */
export const printJobOf = (record: PrintJobRecord, publicBase: string, ttlMs: number): PrintJob => ({
  jobId: record.id,
  kioskId: record.kioskId,
  issued: record.issued,
  trackingUrl: trackingUrlOf(publicBase, record.issued.ticket.dossierCode, record.issued.ticket.trackingSecret),
  validFrom: record.createdAt,
  expiresAt: expiresAtOf(record, ttlMs).toISOString(),
});
