// The storage port of online numbers and appointments: one-time codes (digests only), the citizen side of online
// numbers, appointment seats and blocked slots. Part of every transaction.
import type { Ticket } from '@luot/contract';
import type { Row } from './schema.ts';

export type CitizenCode = Row<'citizen_codes'>;
export type CitizenTicket = Row<'citizen_tickets'>;
export type Appointment = Row<'appointments'>;

export interface OnlineTx {
  insertCode(code: Omit<CitizenCode, 'attempts' | 'used_at'>): Promise<void>;
  code(id: string): Promise<CitizenCode | null>;
  /** Counts a wrong try; returns the attempts now. */
  countAttempt(id: string): Promise<number>;
  /** Marks a code used; false when it already was (a second use of the same code). */
  useCode(id: string, at: string): Promise<boolean>;
  /** Codes sent to a phone since an instant. */
  codesSince(phoneDigest: string, since: string): Promise<number>;
  /** Forgets codes created before an instant (their digests have no use after expiry and the per-phone window). */
  deleteCodesBefore(at: string): Promise<void>;

  insertCitizenTicket(row: CitizenTicket): Promise<void>;
  citizenTicketByRef(ref: string): Promise<CitizenTicket | null>;
  /** Numbers and appointments a phone holds on a day (not cancelled), every center and channel together. */
  holdingsOn(phoneDigest: string, day: string): Promise<number>;
  /** When a ticket's turn passed: the first call of a ticket of its line registered after it; null if none yet. */
  turnPassedAt(ticket: Ticket): Promise<string | null>;
  /** Waiting online numbers of a center not confirmed at the center, of service days up to `day`. */
  unconfirmedOnline(centerId: string, day: string): Promise<Ticket[]>;

  /** Adds a booked seat; false when the seat was taken meanwhile (the partial unique index). */
  insertAppointment(row: Appointment): Promise<boolean>;
  appointmentByRef(ref: string): Promise<Appointment | null>;
  setAppointmentState(id: string, state: Appointment['state'], ticketId: string | null, at: string): Promise<void>;
  /** Seats taken per slot time of an area's day. */
  bookedSeats(centerId: string, areaId: string, day: string): Promise<Map<string, number>>;
  blockedTimes(centerId: string, areaId: string, day: string): Promise<Set<string>>;
  setBlocked(
    centerId: string,
    areaId: string,
    day: string,
    time: string,
    blocked: boolean,
    by: string,
    at: string,
  ): Promise<void>;
  /** A center's appointments of a day (not cancelled first), in time order, with the ticket number once checked in. */
  appointmentsOn(centerId: string, day: string): Promise<(Appointment & { ticket_number: number | null })[]>;
}
