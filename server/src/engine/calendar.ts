// Working days of a province, from its calendar data (public holidays, make-up working days, per year).
// Pure: the data is loaded by the caller (through the store) and handed in.
import { addDays, format, parseISO } from 'date-fns';
import type { CalendarDay } from '@luot/contract';

export interface CalendarData {
  /** The years that have data (whatever their status). */
  years: Iterable<number>;
  days: Iterable<Pick<CalendarDay, 'day' | 'kind'>>;
}

export class WorkingCalendar {
  private readonly off = new Set<string>();
  private readonly worked = new Set<string>();
  private readonly years: Set<number>;

  constructor(data: CalendarData) {
    for (const d of data.days) (d.kind === 'off' ? this.off : this.worked).add(d.day);
    this.years = new Set(data.years);
  }

  /** Whether the calendar has that year's holidays (beyond it only weekends are excluded: a warning). */
  knows(year: number): boolean {
    return this.years.has(year);
  }

  /** What the calendar says of a local day yyyy-MM-dd: a holiday, a make-up working day, or nothing. */
  kindOf(day: string): CalendarDay['kind'] | null {
    if (this.worked.has(day)) return 'working';
    if (this.off.has(day)) return 'off';
    return null;
  }

  /** A local day yyyy-MM-dd. */
  isWorkingDay(day: string): boolean {
    const kind = this.kindOf(day);
    if (kind) return kind === 'working';
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
    for (let left = n; left > 0;) {
      d = nextDay(d);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Years between two days (included) that the calendar does not know. */
  unknownYears(fromDay: string, toDay: string): number[] {
    const missing: number[] = [];
    for (let y = Number(fromDay.slice(0, 4)); y <= Number(toDay.slice(0, 4)); y++) if (!this.knows(y)) missing.push(y);
    return missing;
  }
}

export const nextDay = (day: string) => format(addDays(parseISO(day), 1), 'yyyy-MM-dd');

/** Whether yyyy-MM-dd is a day of the calendar (not 2026-02-30). */
export function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}
