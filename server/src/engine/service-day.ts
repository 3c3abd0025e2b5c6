// Numbers restart at local midnight in Vietnam, whatever the server's own time zone.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { DomainError } from './domain-error.ts';

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

/** The 4-digit daily sequence of the dossier code ends here: a 10,000th number would not fit the format. */
export const MAX_DOSSIER_SEQUENCE = 9_999;

/** Dossier code per Circular 01/2018/TT-VPCP art. 19: <agency identifier>-<yyMMdd>-<4-digit sequence>. */
export function dossierCodeOf(agencyCode: string, serviceDay: string, sequence: number): string {
  if (sequence > MAX_DOSSIER_SEQUENCE)
    throw new DomainError('DOSSIER_SEQUENCE_FULL', `${agencyCode} ${serviceDay}: ${sequence}`);
  return `${agencyCode}-${serviceDay.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}
