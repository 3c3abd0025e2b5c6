// Working days in Vietnam and the promised return date of a dossier.
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import { CENTER_TIME_ZONE, serviceDayOf } from '../engine/service-day.ts';
import { HOLIDAYS, type HolidayYear } from './holidays.ts';

export class WorkingCalendar {
  private readonly off: Set<string>;
  private readonly worked: Set<string>;
  private readonly years: Set<number>;

  constructor(holidays: Record<number, HolidayYear> = HOLIDAYS) {
    const all = Object.values(holidays);
    this.off = new Set(all.flatMap((y) => y.off));
    this.worked = new Set(all.flatMap((y) => y.workingWeekends));
    this.years = new Set(Object.keys(holidays).map(Number));
  }

  /** Whether the calendar knows that year's holidays (beyond it only weekends are excluded). */
  knows(year: number): boolean {
    return this.years.has(year);
  }

  /** A local day yyyy-MM-dd. */
  isWorkingDay(day: string): boolean {
    if (this.worked.has(day)) return true;
    if (this.off.has(day)) return false;
    const weekday = parseISO(day).getDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The n-th working day after `day` (n = 0: `day` itself if it is a working day, else the next one). */
  addWorkingDays(day: string, n: number): string {
    let d = day;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = nextDay(d);
      return d;
    }
    for (let left = n; left > 0; ) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }
}

const nextDay = (day: string) => format(addDays(parseISO(day), 1), 'yyyy-MM-dd');

/** End of the working day at the one-stop desk, when same-day results are handed back. */
const CLOSING_TIME = { hours: 17, minutes: 0 };

/**
 * The promised return: counting starts the working day after receipt, and the result is due at the
 * same time of day on the n-th working day (at closing time for same-day procedures).
 */
export function promisedReturn(calendar: WorkingCalendar, receivedAt: Date, processingDays: number): { dueAt: Date; dueDate: string } {
  const local = new TZDate(receivedAt.getTime(), CENTER_TIME_ZONE);
  const sameDay = processingDays === 0;
  // A same-day dossier received after closing is due the next working day.
  const afterClosing = local.getHours() * 60 + local.getMinutes() >= CLOSING_TIME.hours * 60 + CLOSING_TIME.minutes;
  const dueDate = calendar.addWorkingDays(serviceDayOf(receivedAt), sameDay && afterClosing ? 1 : processingDays);
  const [y, m, d] = dueDate.split('-').map(Number);
  const due = new TZDate(y, m - 1, d, sameDay ? CLOSING_TIME.hours : local.getHours(), sameDay ? CLOSING_TIME.minutes : local.getMinutes(), 0, CENTER_TIME_ZONE);
  return { dueAt: new Date(due.getTime()), dueDate };
}
