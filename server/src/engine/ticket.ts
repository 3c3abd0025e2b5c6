// The ticket's state machine: waiting → called → serving → done | no_show | cancelled, with recalls,
// transfers (back to waiting elsewhere, same place in line), a return after a no-show within the grace period,
// a call out of line order (callChosen), and a hold pool: a called or served citizen sent to fetch a document is
// parked ('held') and called back later to the same counter.
import type { Center, Counter, PriorityClass, Ticket, TicketChannel } from '@luot/contract';
import { DomainError } from './domain-error.ts';

const iso = (at: Date) => at.toISOString();

function expectState(ticket: Ticket, ...states: Ticket['state'][]) {
  if (!states.includes(ticket.state))
    throw new DomainError('TICKET_STATE', `ticket ${ticket.number} is ${ticket.state}`);
}

export interface NewTicket {
  id: string;
  centerId: string;
  areaId: string;
  number: number;
  serviceDay: string;
  priority: PriorityClass;
  dossierCode: string;
  trackingSecret: string;
  kioskId: string | null;
  /** Default 'kiosk'. */
  channel?: TicketChannel;
  /** An appointment's time (called ahead of walk-ins inside the center's window). */
  dueAt?: string | null;
  /** Arrival already confirmed (an appointment checked in at the kiosk). */
  confirmedAt?: string | null;
}

export const issue = ({ channel = 'kiosk', dueAt = null, confirmedAt = null, ...t }: NewTicket, at: Date): Ticket => ({
  ...t,
  channel,
  dueAt,
  confirmedAt,
  state: 'waiting',
  issuedAt: iso(at),
  queuedAt: iso(at),
  calledAt: null,
  servingAt: null,
  finishedAt: null,
  counterId: null,
  assignedCounterId: null,
  recallCount: 0,
  transferCount: 0,
});

export function call(ticket: Ticket, counter: Counter, at: Date): Ticket {
  expectState(ticket, 'waiting');
  return { ...ticket, state: 'called', counterId: counter.id, calledAt: iso(at), recallCount: 0 };
}

export type RecallOutcome = { kind: 'recalled'; ticket: Ticket } | { kind: 'no_show'; ticket: Ticket };

/** Announces again; past the center's recall limit the citizen is taken as absent. */
export function recall(ticket: Ticket, center: Center, at: Date): RecallOutcome {
  expectState(ticket, 'called');
  if (ticket.recallCount >= center.settings.maxRecalls) return { kind: 'no_show', ticket: markNoShow(ticket, at) };
  return { kind: 'recalled', ticket: { ...ticket, recallCount: ticket.recallCount + 1, calledAt: iso(at) } };
}

export function startServing(ticket: Ticket, at: Date): Ticket {
  expectState(ticket, 'called');
  return { ...ticket, state: 'serving', servingAt: iso(at) };
}

export function complete(ticket: Ticket, at: Date): Ticket {
  expectState(ticket, 'serving');
  return { ...ticket, state: 'done', finishedAt: iso(at) };
}

export function markNoShow(ticket: Ticket, at: Date): Ticket {
  expectState(ticket, 'called');
  return { ...ticket, state: 'no_show', finishedAt: iso(at) };
}

/** Until when a ticket closed as absent may be put back in line. */
export const graceEndsOf = (ticket: Ticket, center: Center): Date =>
  new Date(Date.parse(ticket.finishedAt ?? ticket.issuedAt) + center.settings.noShowGraceMinutes * 60_000);

/** A citizen back after a no-show rejoins the line at the original place, within the grace period. */
export function requeue(ticket: Ticket, center: Center, at: Date): Ticket {
  expectState(ticket, 'no_show');
  if (at.getTime() > graceEndsOf(ticket, center).getTime()) throw new DomainError('GRACE_EXPIRED');
  return { ...ticket, state: 'waiting', counterId: null, calledAt: null, finishedAt: null, recallCount: 0 };
}

/** Back to waiting in another area (optionally for one counter), keeping its place by original issue time. */
export function transfer(ticket: Ticket, toAreaId: string, toCounterId: string | null): Ticket {
  expectState(ticket, 'called', 'serving');
  return {
    ...ticket,
    state: 'waiting',
    areaId: toAreaId,
    assignedCounterId: toCounterId,
    counterId: null,
    calledAt: null,
    servingAt: null,
    recallCount: 0,
    transferCount: ticket.transferCount + 1,
  };
}

/** A waiting ticket, a called one whose citizen gives up, or a parked one that will not come back. */
export function cancel(ticket: Ticket, at: Date): Ticket {
  expectState(ticket, 'waiting', 'called', 'held');
  return { ...ticket, state: 'cancelled', finishedAt: iso(at) };
}

/**
 * Calls a waiting ticket out of line order: one of the counter's areas, not sent to another counter. The policy
 * is not asked; the reason goes into the event log.
 */
export function callChosen(ticket: Ticket, counter: Counter, at: Date): Ticket {
  expectState(ticket, 'waiting');
  const forThisCounter = ticket.assignedCounterId === counter.id;
  if (!forThisCounter && (ticket.assignedCounterId !== null || !counter.areaIds.includes(ticket.areaId))) {
    throw new DomainError('TICKET_NOT_AT_COUNTER', `số ${ticket.number}`);
  }
  return call(ticket, counter, at);
}

/** Parks the citizen at the counter (sent to fetch a document): the counter is free, the ticket stays its own. */
export function hold(ticket: Ticket): Ticket {
  expectState(ticket, 'called', 'serving');
  return { ...ticket, state: 'held' };
}

/** Calls a parked citizen back to the counter that parked them. */
export function recallFromHold(ticket: Ticket, counter: Counter, at: Date): Ticket {
  expectState(ticket, 'held');
  if (ticket.counterId !== counter.id) throw new DomainError('TICKET_NOT_AT_COUNTER', `số ${ticket.number}`);
  return { ...ticket, state: 'called', calledAt: iso(at), servingAt: null, recallCount: 0 };
}

export const isPriority = (t: Pick<Ticket, 'priority'>) => t.priority !== 'none';

/** The citizen of an online number confirms arrival at the center (kiosk scan or officer): once. */
export function confirmArrival(ticket: Ticket, at: Date): Ticket {
  expectState(ticket, 'waiting', 'no_show');
  if (ticket.confirmedAt !== null) throw new DomainError('CHECKIN_DONE');
  return { ...ticket, confirmedAt: iso(at) };
}
