// Dates and times as the hall reads them, in Vietnam's time zone whatever the TV is set to (@luot/ui/time).
import { dateText as ddmmyyyy, dayOf as dayOfMoment, timeText, weekdayText } from '@luot/ui/time';

/** "09:41" */
export const clockText = (ms: number) => timeText(ms);
/** yyyy-MM-dd, the service day a moment belongs to. */
export const dayOf = (ms: number) => dayOfMoment(ms);
/** "Thứ Hai, 23/11/2026" */
export const dateText = (ms: number) => `${weekdayText(ms)}, ${ddmmyyyy(ms)}`;
