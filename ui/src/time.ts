// Dates and times as people at a Vietnamese center read them: always in Vietnam's time zone whatever the
// device is set to, dates dd/mm/yyyy, times HH:mm on a 24-hour clock. Shared by the apps and the print agent.
// The zone and its calendar fields come from the contract (its printed forms use them too).
import { TIME_ZONE, vietnamParts, type Moment } from '@luot/contract';

export { TIME_ZONE, type Moment };

const weekdays = new Map<string, Intl.DateTimeFormat>();

/** The calendar fields of a moment in Vietnam, zero-padded. */
export const partsOf = vietnamParts;

/** "09:41" */
export function timeText(at: Moment): string {
  const p = partsOf(at);
  return `${p.hour}:${p.minute}`;
}

/** "23/11/2026" */
export function dateText(at: Moment): string {
  const p = partsOf(at);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "23/11/2026 09:41", as on the printed ticket. */
export const dateTimeText = (at: Moment): string => `${dateText(at)} ${timeText(at)}`;

/** yyyy-MM-dd: the service day a moment belongs to. */
export function dayOf(at: Moment): string {
  const p = partsOf(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A day yyyy-MM-dd (as the server sends days) written dd/mm/yyyy. */
export const dayText = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** "Thứ Hai" (vi-VN) or "Monday" (en-GB): the weekday in Vietnam, capitalised. */
export function weekdayText(at: Moment, locale = 'vi-VN'): string {
  let format = weekdays.get(locale);
  if (!format)
    weekdays.set(locale, (format = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: 'long' })));
  const day = format.format(new Date(at));
  return `${day.charAt(0).toUpperCase()}${day.slice(1)}`;
}
