// Which waiting ticket a counter calls next. One swappable policy, chosen by the center's settings.
import type { CenterSettings, Counter, ServiceArea, Ticket } from '@luot/contract';
import { isPriority } from './ticket.ts';

export interface CallChoice {
  ticket: Ticket;
  /** The area's new count of priority calls in a row. */
  priorityStreak: number;
}

/**
 * `waiting` holds at least the head of each line the counter serves: per area, the first priority and the
 * first normal walk-in ticket, the waiting appointment with the earliest time, and the first ticket transferred to
 * this counter. A policy must choose from heads only. `now` decides whether an appointment's window is open.
 */
export type CallPolicy = (counter: Counter, areas: ServiceArea[], waiting: Ticket[], now: Date) => CallChoice | null;

const inLineOrder = (a: Ticket, b: Ticket) => a.queuedAt.localeCompare(b.queuedAt) || a.number - b.number;

/**
 * Tickets transferred to this very counter come first; then the counter's areas in its order; within an
 * area priority tickets go first, but after `cap` of them in a row a waiting normal ticket gets its turn.
 */
export function cappedPriorityPolicy(cap: number): CallPolicy {
  return (counter, areas, waiting) => {
    const streakOf = new Map(areas.map((a) => [a.id, a.priorityStreak]));
    const forCounter = waiting.filter((t) => t.assignedCounterId === counter.id).sort(inLineOrder);
    if (forCounter.length > 0) {
      const ticket = forCounter[0];
      return { ticket, priorityStreak: streakOf.get(ticket.areaId) ?? 0 };
    }
    for (const areaId of counter.areaIds) {
      const line = waiting.filter((t) => t.areaId === areaId && t.assignedCounterId === null).sort(inLineOrder);
      if (line.length === 0) continue;
      const streak = streakOf.get(areaId) ?? 0;
      const firstPriority = line.find(isPriority);
      const firstNormal = line.find((t) => !isPriority(t));
      if (firstPriority && (streak < cap || !firstNormal)) return { ticket: firstPriority, priorityStreak: streak + 1 };
      return { ticket: firstNormal ?? line[0], priorityStreak: 0 };
    }
    return null;
  };
}

export const DEFAULT_APPOINTMENT_WINDOW_MINUTES = 15;

/** When an appointment's ticket starts going ahead of walk-ins: its time less the center's window. */
export const windowOpensAt = (dueAt: string, windowMinutes: number) => Date.parse(dueAt) - windowMinutes * 60_000;

/**
 * Appointments first: a checked-in appointment of one of the counter's areas whose window has opened is called
 * before every walk-in (earliest time first); tickets transferred to this very counter still come first. Otherwise
 * the walk-in policy chooses among the other tickets; an appointment checked in early waits for its window.
 */
export function appointmentsFirst(walkIns: CallPolicy, windowMinutes: number): CallPolicy {
  return (counter, areas, waiting, now) => {
    const isAppointment = (t: Ticket) => t.dueAt !== null && t.assignedCounterId === null;
    if (!waiting.some((t) => t.assignedCounterId === counter.id)) {
      const due = waiting
        .flatMap((t) =>
          isAppointment(t) &&
          t.dueAt !== null &&
          counter.areaIds.includes(t.areaId) &&
          windowOpensAt(t.dueAt, windowMinutes) <= now.getTime()
            ? [{ ticket: t, dueAt: t.dueAt }]
            : [],
        )
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.ticket.number - b.ticket.number);
      if (due.length > 0) {
        const { ticket } = due[0];
        return { ticket, priorityStreak: areas.find((a) => a.id === ticket.areaId)?.priorityStreak ?? 0 };
      }
    }
    return walkIns(
      counter,
      areas,
      waiting.filter((t) => !isAppointment(t)),
      now,
    );
  };
}

export const policyFor = (settings: CenterSettings): CallPolicy =>
  appointmentsFirst(
    cappedPriorityPolicy(settings.priorityMode === 'strict' ? Number.POSITIVE_INFINITY : settings.maxPriorityInRow),
    settings.appointmentWindowMinutes ?? DEFAULT_APPOINTMENT_WINDOW_MINUTES,
  );

/** A slice of an area's line: priority or normal tickets, optionally only those before a given place. */
export interface LineSlice {
  priority: boolean;
  before: Pick<Ticket, 'queuedAt' | 'number'> | null;
}

/**
 * The tickets of the same area the policy would call before this one: for a priority ticket, the priority
 * tickets ahead of it; for a normal one, every priority ticket and the normal ones ahead of it. The store
 * counts them, so the cost does not grow with the line.
 */
export const slicesAhead = (ticket: Ticket): LineSlice[] =>
  isPriority(ticket)
    ? [{ priority: true, before: ticket }]
    : [
        { priority: true, before: null },
        { priority: false, before: ticket },
      ];
