// Appointment slots and check-in timing. Pure: the hours, the calendar and the counters are handed in.
import type { Counter, OpeningHours, Ticket } from '@luot/contract';
import type { WorkingCalendar } from './calendar.ts';
import { dayPlan, localMoment } from './opening.ts';
import { windowOpensAt } from './policy.ts';

export const DEFAULT_SLOT_MINUTES = 30;
export const DEFAULT_DAYS_AHEAD = 14;
/** Numbers per citizen (verified phone) per day across online numbers and appointments, after iHanoi. */
export const DEFAULT_DAILY_CAP = 2;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The slot times of a day: each opening interval cut into slots that end inside it. None on a holiday, a day off or
 * a day without hours (with no hours set at all, a center takes no appointments: there is nothing to plan against).
 */
export function slotTimes(hours: OpeningHours | null, calendar: WorkingCalendar, day: string, slotMinutes: number) {
  if (!hours) return [];
  return dayPlan(hours, calendar, day).intervals.flatMap(({ from, to }) => {
    const times: string[] = [];
    for (let m = minutesOf(from); m + slotMinutes <= minutesOf(to); m += slotMinutes) times.push(hhmmOf(m));
    return times;
  });
}

/** Seats of a slot: the counters planned for the area (whatever their state now). */
export const slotCapacity = (counters: readonly Counter[], areaId: string) =>
  counters.filter((c) => c.areaIds.includes(areaId)).length;

/** The instant an appointment slot starts (ISO). */
export const slotStart = (day: string, time: string) => localMoment(day, time).at;

export type CheckinTiming = 'early' | 'on_time' | 'late';

/**
 * A check-in against the center's window around the appointment's time: before it, the ticket waits for the
 * window; inside it, the ticket goes ahead of walk-ins; after it, the citizen joins the walk-in line.
 */
export function checkinTiming(dueAt: string, now: Date, windowMinutes: number): CheckinTiming {
  if (now.getTime() < windowOpensAt(dueAt, windowMinutes)) return 'early';
  if (now.getTime() > Date.parse(dueAt) + windowMinutes * 60_000) return 'late';
  return 'on_time';
}

/** The appointment fields of the ticket a check-in issues: late ones join the walk-in line (no time). */
export const appointmentTicketFields = (
  dueAt: string,
  timing: CheckinTiming,
  now: Date,
): Pick<Ticket, 'channel' | 'dueAt' | 'confirmedAt'> => ({
  channel: 'appointment',
  dueAt: timing === 'late' ? null : dueAt,
  confirmedAt: now.toISOString(),
});
