// The storage port of the officer's desk and the hall's text line: parked and absent tickets of a day, a
// counter's auto-call setting, an officer's count of the day, the announcement, and a reprint of a ticket.
// Part of every transaction (Tx.desk).
import type { Ticket } from '@luot/contract';

export interface ParkedTicket {
  ticket: Ticket;
  /** When it was parked (from the log) for a held ticket, when it was marked absent for a no-show. */
  since: string | null;
}

export interface DeskTx {
  /** A center's tickets of a service day that are held or absent. */
  parked(centerId: string, day: string): Promise<ParkedTicket[]>;
  autoCall(centerId: string, counterId: string): Promise<boolean>;
  setAutoCall(centerId: string, counterId: string, on: boolean): Promise<void>;
  /** Tickets of a service day this actor completed and marked absent, from the log. */
  officerDay(centerId: string, day: string, actor: string): Promise<{ served: number; noShows: number }>;
  announcement(centerId: string): Promise<string | null>;
  /** Sets the hall's text line; null clears it. */
  setAnnouncement(centerId: string, text: string | null, at: string, by: string): Promise<void>;
  /** Sets the center's call template (its settings' callTemplate). */
  setCallTemplate(centerId: string, template: string): Promise<void>;
  /** Queues a failed or expired print job again, valid from `at` (its created_at); false when it is not one. */
  requeuePrintJob(jobId: string, at: string): Promise<boolean>;
}
