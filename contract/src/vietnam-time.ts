// Vietnam's time zone and the calendar fields of a moment in it: the one formatter behind every dd/mm/yyyy and
// HH:mm the apps, the print agent and the contract's printed forms show (whatever the device's own zone is).
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An ISO string, epoch milliseconds or a Date. */
export type Moment = string | number | Date;

export type VietnamParts = Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

const numeric = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The calendar fields of a moment in Vietnam, zero-padded, 24-hour. */
export function vietnamParts(at: Moment): VietnamParts {
  const p: VietnamParts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const { type, value } of numeric.formatToParts(new Date(at)))
    if (type in p) p[type as keyof VietnamParts] = value;
  return p;
}
