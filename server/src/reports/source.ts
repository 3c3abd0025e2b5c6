// The storage port of reports and ratings (Tx.reports): raw tickets and their logged transitions of a
// range of service days; the figures are computed in compute.ts.
import type { Rating, Ticket } from '@luot/contract';

export type ReportTicket = Pick<Ticket, 'id' | 'areaId' | 'serviceDay' | 'state' | 'issuedAt'>;

/** One logged transition of a ticket, in log order. */
export interface Transition {
  ticketId: string;
  type: string;
  at: string;
  actor: string;
  counterId: string | null;
  /** The ticket's area after the transition. */
  areaId: string;
}

export interface ReportTx {
  tickets(centerId: string, fromDay: string, toDay: string): Promise<ReportTicket[]>;
  transitions(centerId: string, fromDay: string, toDay: string): Promise<Transition[]>;
  ratings(centerId: string, fromDay: string, toDay: string): Promise<Rating[]>;
  rating(ticketId: string): Promise<Rating | null>;
  insertRating(rating: Rating): Promise<void>;
}
