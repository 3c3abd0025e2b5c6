// Times and durations as people at a Vietnamese center read them, always in Vietnam's time zone (@luot/ui/time).
import { dateText, dateTimeText, dayOf, dayText, timeText } from '@luot/ui/time';

/** "09:41" */
export const clock = (iso: string) => timeText(iso);
/** "09:41 ngày 23/11/2026" */
export const dateTime = (iso: string) => `${timeText(iso)} ngày ${dateText(iso)}`;
/** "dd/mm/yyyy HH:mm", as in logs and lists. */
export const dayTime = (iso: string) => dateTimeText(iso);
/** yyyy-MM-dd → dd/MM/yyyy */
export const dayVi = (day: string) => dayText(day);
/** A day in Vietnam, yyyy-MM-dd. */
export const dayVn = (at: number = Date.now()) => dayOf(at);

/** "45 giây", "12 phút", "1 giờ 05 phút"; "—" for no figure. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} giây`;
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} phút` : `${Math.floor(m / 60)} giờ ${String(m % 60).padStart(2, '0')} phút`;
}

export const since = (iso: string, now: number) => duration(Math.max(0, Math.round((now - Date.parse(iso)) / 1000)));

/** "dd/mm/yyyy" (or d/m/yyyy) typed by a person → yyyy-MM-dd, null unless a real calendar day. */
export function parseDayVi(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
