// Times and durations as people at a Vietnamese center read them, always in Vietnam's time zone.
const TZ = 'Asia/Ho_Chi_Minh';
const parts = (iso: string | number) => {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
};

export const clock = (iso: string) => {
  const p = parts(iso);
  return `${p.hour}:${p.minute}`;
};
export const dateTime = (iso: string) => {
  const p = parts(iso);
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
};
/** "dd/mm/yyyy HH:mm", as in logs and lists. */
export const dayTime = (iso: string) => {
  const p = parts(iso);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};
/** yyyy-MM-dd → dd/MM/yyyy */
export const dayVi = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
/** A day in Vietnam, yyyy-MM-dd. */
export const dayVn = (at: number = Date.now()) => {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day}`;
};

/** "45 giây", "12 phút", "1 giờ 05 phút"; "—" for no figure. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} giây`;
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} phút` : `${Math.floor(m / 60)} giờ ${String(m % 60).padStart(2, '0')} phút`;
}

export const since = (iso: string, now: number) => duration(Math.max(0, Math.round((now - Date.parse(iso)) / 1000)));
