// The storage port of reports and ratings (Tx.reports): the rows of a range of service days, read from typed
// columns; the figures are computed in compute.ts. All of its SQL is in store/queries/reports.ts.
import type { Authority, DossierStatus, PriorityClass, Rating, Ticket } from '@luot/contract';

export interface ReportTicket extends Pick<Ticket, 'id' | 'areaId' | 'serviceDay' | 'state' | 'issuedAt'> {
  priority: PriorityClass;
  /** kiosk, online, appointment or counter. */
  channel: string;
}

/** One logged event of a ticket, or of a counter (ticketId null), in log order (seq). */
export interface Transition {
  seq: number;
  ticketId: string | null;
  type: string;
  at: string;
  actor: string;
  counterId: string | null;
  /** The ticket's area after an issue or a transfer (read from the event only for those); null otherwise. */
  areaId: string | null;
  /** The log entry's note: a pause's or resume's reason. */
  note: string | null;
}

export interface ReportDossier {
  code: string;
  ticketId: string;
  procedureCode: string;
  procedureName: string;
  authority: Authority;
  status: DossierStatus;
  receivedAt: string;
  dueAt: string;
  /** When the result was ready, returned or refused (the first of these steps); null while open. */
  finishedAt: string | null;
}

/** The long reads of reports, run on the store's read path (Store.read). */
export interface ReportReads {
  tickets(centerId: string, fromDay: string, toDay: string): Promise<ReportTicket[]>;
  /** The events of those tickets, and the counter events logged between the start of fromDay and the end of toDay. */
  transitions(
    centerId: string,
    fromDay: string,
    toDay: string,
    window: { fromAt: string; toAt: string },
  ): Promise<Transition[]>;
  /** Dossiers received in [fromAt, toAt). */
  dossiers(centerId: string, fromAt: string, toAt: string): Promise<ReportDossier[]>;
  ratings(centerId: string, fromDay: string, toDay: string): Promise<Rating[]>;
}

export interface ReportTx extends ReportReads {
  rating(ticketId: string): Promise<Rating | null>;
  insertRating(rating: Rating): Promise<void>;
}
