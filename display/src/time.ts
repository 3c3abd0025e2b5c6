// Dates and times as the hall reads them, in Vietnam's time zone whatever the TV is set to.
const ZONE = 'Asia/Ho_Chi_Minh';
const clock = new Intl.DateTimeFormat('vi-VN', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const weekday = new Intl.DateTimeFormat('vi-VN', { timeZone: ZONE, weekday: 'long' });
const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "09:41" */
export const clockText = (ms: number) => clock.format(ms);
/** yyyy-MM-dd, the service day a moment belongs to. */
export const dayOf = (ms: number) => ymd.format(ms);
/** "Thứ Hai, 23/11/2026" */
export function dateText(ms: number) {
  const [y, m, d] = dayOf(ms).split('-');
  const day = weekday.format(ms);
  return `${day.charAt(0).toUpperCase()}${day.slice(1)}, ${d}/${m}/${y}`;
}
