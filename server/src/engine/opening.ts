// Whether a center issues tickets at an instant: its weekly hours, its own exceptions, the province calendar
// (holidays, make-up working days) and the last-ticket time. Pure: hours and calendar are handed in.
import { TZDate } from '@date-fns/tz';
import { parseISO } from 'date-fns';
import type { LocalMoment, OpeningHours, OpeningReason, OpeningStatus, TimeInterval, Weekday } from '@luot/contract';
import { WEEKDAYS } from '@luot/contract';
import { isRealDay, nextDay, type WorkingCalendar } from './calendar.ts';
import { CENTER_TIME_ZONE } from './service-day.ts';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 1 = Monday … 7 = Sunday, of a local day yyyy-MM-dd. */
export const isoWeekdayOf = (day: string) => ((parseISO(day).getDay() + 6) % 7) + 1;
const weekdayKey = (day: string): Weekday => WEEKDAYS[isoWeekdayOf(day) - 1];

/** A local day and time as an instant and its parts. */
export function localMoment(day: string, time: string): LocalMoment {
  const [y, m, d] = day.split('-').map(Number);
  const at = new TZDate(y, m - 1, d, Number(time.slice(0, 2)), Number(time.slice(3, 5)), 0, CENTER_TIME_ZONE);
  return { at: new Date(at.getTime()).toISOString(), day, time, weekday: isoWeekdayOf(day) };
}

interface DayPlan {
  intervals: TimeInterval[];
  /** Why the day has no intervals. */
  closed: OpeningReason;
}

/** The hours of one local day: the center's exception first, then the province calendar, then the week. */
export function dayPlan(hours: OpeningHours, calendar: WorkingCalendar, day: string): DayPlan {
  const exception = hours.exceptions.find((e) => e.day === day);
  if (exception) return { intervals: exception.intervals, closed: 'closed_day' };
  const kind = calendar.kindOf(day);
  if (kind === 'off') return { intervals: [], closed: 'holiday' };
  const week = hours.weekly[weekdayKey(day)];
  // A make-up working day (a Saturday worked) keeps the Monday hours.
  if (kind === 'working')
    return { intervals: hours.weekly.mon.length > 0 ? hours.weekly.mon : week, closed: 'weekly_closed' };
  return { intervals: week, closed: 'weekly_closed' };
}

/** The last-ticket time of an area (its own, else the center's), in minutes; null: until closing. */
function lastTicketOf(hours: OpeningHours, areaId: string | null): number | null {
  const t = (areaId !== null ? hours.areaLastTicket[areaId] : undefined) ?? hours.lastTicket;
  return t ? minutesOf(t) : null;
}

/** The intervals in which tickets are issued: the day's, cut at the last-ticket time. */
function issuingIntervals(intervals: TimeInterval[], lastTicket: number | null): [number, number][] {
  return intervals
    .map(({ from, to }): [number, number] => [
      minutesOf(from),
      Math.min(minutesOf(to), lastTicket ?? Number.POSITIVE_INFINITY),
    ])
    .filter(([from, to]) => from < to);
}

/** How far ahead to look for the next opening. */
const HORIZON_DAYS = 400;

/**
 * Whether tickets are issued at `instant` (for one area, or for the center as a whole), why not, and when
 * they are next. With no hours set, always open (`no_hours`).
 */
export function openingAt(
  hours: OpeningHours | null,
  calendar: WorkingCalendar,
  instant: Date,
  areaId: string | null = null,
): OpeningStatus {
  const local = new TZDate(instant.getTime(), CENTER_TIME_ZONE);
  const day = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  const year = local.getFullYear();
  const calendarWarning = calendar.knows(year) ? null : `no calendar data for ${year}: public holidays are not known`;
  if (!hours) return { open: true, reason: 'no_hours', nextOpening: null, closesAt: null, calendarWarning };
  const minute = local.getHours() * 60 + local.getMinutes();
  const lastTicket = lastTicketOf(hours, areaId);
  const plan = dayPlan(hours, calendar, day);
  const issuing = issuingIntervals(plan.intervals, lastTicket);
  const current = issuing.find(([from, to]) => minute >= from && minute < to);
  if (current)
    return {
      open: true,
      reason: 'open',
      nextOpening: null,
      closesAt: localMoment(day, hhmmOf(current[1])),
      calendarWarning,
    };

  let reason: OpeningReason;
  const raw = plan.intervals.map(({ from, to }) => [minutesOf(from), minutesOf(to)] as const);
  if (raw.length === 0) reason = plan.closed;
  else if (minute < raw[0][0]) reason = 'before_opening';
  else if (lastTicket !== null && minute >= lastTicket && minute < raw[raw.length - 1][1]) reason = 'after_last_ticket';
  else if (minute < raw[raw.length - 1][1]) reason = 'break';
  else reason = 'after_closing';

  return {
    open: false,
    reason,
    nextOpening: nextOpeningAfter(hours, calendar, day, minute, lastTicket),
    closesAt: null,
    calendarWarning,
  };
}

function nextOpeningAfter(
  hours: OpeningHours,
  calendar: WorkingCalendar,
  today: string,
  minute: number,
  lastTicket: number | null,
): LocalMoment | null {
  const later = issuingIntervals(dayPlan(hours, calendar, today).intervals, lastTicket).find(([from]) => from > minute);
  if (later) return localMoment(today, hhmmOf(later[0]));
  let day = today;
  for (let i = 0; i < HORIZON_DAYS; i++) {
    day = nextDay(day);
    const first = issuingIntervals(dayPlan(hours, calendar, day).intervals, lastTicket)[0];
    if (first) return localMoment(day, hhmmOf(first[0]));
  }
  return null;
}

/** What is wrong with a set of hours (empty when valid): intervals in order, not overlapping, one exception a day. */
export function hoursProblems(hours: OpeningHours, areaIds: readonly string[]): string[] {
  const problems: string[] = [];
  const checkDay = (where: string, intervals: TimeInterval[]) => {
    let end = -1;
    for (const { from, to } of intervals) {
      if (minutesOf(from) >= minutesOf(to)) problems.push(`${where}: ${from}–${to} ends before it starts`);
      else if (minutesOf(from) < end) problems.push(`${where}: ${from}–${to} overlaps or is out of order`);
      end = Math.max(end, minutesOf(to));
    }
  };
  for (const key of WEEKDAYS) checkDay(key, hours.weekly[key]);
  const seen = new Set<string>();
  for (const e of hours.exceptions) {
    if (!isRealDay(e.day)) problems.push(`exception ${e.day} is not a date`);
    if (seen.has(e.day)) problems.push(`exception ${e.day} appears twice`);
    seen.add(e.day);
    checkDay(`exception ${e.day}`, e.intervals);
  }
  for (const areaId of Object.keys(hours.areaLastTicket))
    if (!areaIds.includes(areaId)) problems.push(`areaLastTicket: unknown service area ${areaId}`);
  return problems;
}
