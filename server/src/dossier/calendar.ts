// The promised return date of a dossier, on the province's working calendar (engine/calendar.ts).
import { TZDate } from '@date-fns/tz';
import type { CalendarYearBody } from '@luot/contract';
import { type CalendarData, WorkingCalendar } from '../engine/calendar.ts';
import { CENTER_TIME_ZONE, serviceDayOf } from '../engine/service-day.ts';
import { NATIONAL_CALENDAR } from './holidays.ts';

export { WorkingCalendar };

/** Calendar data from years of days (the national seed by default). */
export function calendarDataOf(
  years: Record<number, Pick<CalendarYearBody, 'days'>> = NATIONAL_CALENDAR,
): CalendarData {
  return { years: Object.keys(years).map(Number), days: Object.values(years).flatMap((y) => y.days) };
}

/** The national calendar as seeded, for tests and tools. */
export const nationalCalendar = () => new WorkingCalendar(calendarDataOf());

/** End of the working day at the one-stop desk, when same-day results are handed back. */
const CLOSING_TIME = { hours: 17, minutes: 0 };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The promised return: counting starts the working day after receipt, and the result is due at the
 * same time of day on the n-th working day (at closing time for same-day procedures). A dossier received after
 * closing (same-day procedures), or after the procedure's own cut-off (`afterHoursCutoff`, e.g. "15:00"),
 * counts as received the next working day.
 */
export function promisedReturn(
  calendar: WorkingCalendar,
  receivedAt: Date,
  processingDays: number,
  afterHoursCutoff: string | null = null,
): { dueAt: Date; dueDate: string } {
  const local = new TZDate(receivedAt.getTime(), CENTER_TIME_ZONE);
  const sameDay = processingDays === 0;
  const minute = local.getHours() * 60 + local.getMinutes();
  const afterClosing = sameDay && minute >= CLOSING_TIME.hours * 60 + CLOSING_TIME.minutes;
  const afterCutoff = afterHoursCutoff !== null && minute >= minutesOf(afterHoursCutoff);
  const day = serviceDayOf(receivedAt);
  let dueDate: string;
  if (afterCutoff) {
    // Received the next working day: counting starts from there.
    const received = calendar.addWorkingDays(day, 1);
    dueDate = calendar.addWorkingDays(received, processingDays);
  } else dueDate = calendar.addWorkingDays(day, afterClosing ? 1 : processingDays);
  const [y, m, d] = dueDate.split('-').map(Number);
  // After a cut-off the dossier counts from the next morning: a multi-day result is due at closing time.
  const atClosing = sameDay || afterCutoff;
  const due = new TZDate(
    y,
    m - 1,
    d,
    atClosing ? CLOSING_TIME.hours : local.getHours(),
    atClosing ? CLOSING_TIME.minutes : local.getMinutes(),
    0,
    CENTER_TIME_ZONE,
  );
  return { dueAt: new Date(due.getTime()), dueDate };
}
