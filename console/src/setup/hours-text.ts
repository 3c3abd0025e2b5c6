// Opening intervals as a manager types them: "07:30-11:30, 13:30-17:00" (empty: closed that day).
import type { TimeInterval } from '@luot/contract';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const intervalsText = (intervals: TimeInterval[]) => intervals.map((i) => `${i.from}–${i.to}`).join(', ');

/** The intervals of a text, or the reason it cannot be read. */
export function parseIntervals(text: string): { ok: true; intervals: TimeInterval[] } | { ok: false; problem: string } {
  const intervals: TimeInterval[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [from, to, extra] = part.split(/\s*[-–]\s*/);
    const pad = (t: string | undefined) => (t && /^\d:\d\d$/.test(t) ? `0${t}` : t);
    const f = pad(from);
    const e = pad(to);
    if (extra !== undefined || !f || !e || !TIME.test(f) || !TIME.test(e))
      return { ok: false, problem: `"${part}" không đúng dạng HH:mm–HH:mm` };
    if (f >= e) return { ok: false, problem: `${f}–${e}: giờ kết thúc phải sau giờ bắt đầu` };
    intervals.push({ from: f, to: e });
  }
  return { ok: true, intervals };
}

/** yyyy-MM-dd as dd/mm/yyyy (what people type and read). */
export const dayText = (day: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : day;

/** dd/mm/yyyy (or d/m/yyyy) as yyyy-MM-dd; null when it is not a real date. */
export function parseDay(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const day = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : null;
}
