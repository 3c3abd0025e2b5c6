// Numbers restart at local midnight in Vietnam, whatever the server's own time zone.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const CENTER_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const local = (at: Date) => new TZDate(at.getTime(), CENTER_TIME_ZONE);

let lastHour = NaN;
let lastDay = '';

/** The service day of an instant, yyyy-MM-dd in Vietnam. Vietnam's offset is whole hours: remember the last hour's answer. */
export function serviceDayOf(at: Date): string {
  const hour = Math.floor(at.getTime() / 3_600_000);
  if (hour !== lastHour) {
    lastDay = format(local(at), 'yyyy-MM-dd');
    lastHour = hour;
  }
  return lastDay;
}

/** Date and time as printed on a ticket: dd/MM/yyyy HH:mm, Vietnam time. */
export const ticketTimeOf = (at: Date): string => format(local(at), 'dd/MM/yyyy HH:mm');

/** Dossier code per Circular 01/2018/TT-VPCP art. 19: <agency identifier>-<yyMMdd>-<4-digit sequence>. */
export const dossierCodeOf = (agencyCode: string, serviceDay: string, sequence: number): string =>
  `${agencyCode}-${serviceDay.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
