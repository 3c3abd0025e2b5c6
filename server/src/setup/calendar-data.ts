// The province calendar and a center's hours, loaded through the store for the pure rules
// (engine/calendar.ts, engine/opening.ts): ticket issuance, the kiosk's notice and dossier due dates.
import type { Center, CenterOpening, OpeningStatus } from '@luot/contract';
import { WorkingCalendar } from '../engine/calendar.ts';
import { DomainError } from '../engine/domain-error.ts';
import { openingAt } from '../engine/opening.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import type { Tx } from '../store/store.ts';

/** The province's calendar from the year before `at` on (enough for due dates and the next opening). */
export async function loadCalendar(tx: Tx, provinceId: string, at: Date): Promise<WorkingCalendar> {
  const from = `${Number(serviceDayOf(at).slice(0, 4)) - 1}-01-01`;
  // One after the other: a transaction is one connection.
  const years = await tx.setup.calendarYears(provinceId);
  const days = await tx.setup.calendarDays(provinceId, from, '9999-12-31');
  return new WorkingCalendar({ years: years.map((y) => y.year), days });
}

/** Whether the center issues tickets now, as a whole and area by area. */
export async function centerOpening(tx: Tx, center: Center, areaIds: string[], at: Date): Promise<CenterOpening> {
  const stored = await tx.setup.centerHours(center.id);
  const calendar = await loadCalendar(tx, center.provinceId, at);
  const status = openingAt(stored?.hours ?? null, calendar, at);
  const closedAreas = status.open
    ? areaIds.filter((id) => !openingAt(stored?.hours ?? null, calendar, at, id).open)
    : [];
  return { centerId: center.id, status, closedAreas };
}

/** Words for a refusal: "mở cửa lúc 07:30 thứ Hai, 30/11/2026". */
export function reopeningWords(status: OpeningStatus): string {
  const next = status.nextOpening;
  if (!next) return status.reason;
  const weekday = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'][next.weekday - 1];
  const [y, m, d] = next.day.split('-');
  return `${status.reason}: mở cửa lúc ${next.time} ${weekday}, ${d}/${m}/${y}`;
}

/** Refuses a ticket outside the center's hours, or past the area's last-ticket time. */
export async function checkIssuing(tx: Tx, center: Center, areaId: string, at: Date): Promise<void> {
  const stored = await tx.setup.centerHours(center.id);
  if (!stored) return;
  const calendar = await loadCalendar(tx, center.provinceId, at);
  const whole = openingAt(stored.hours, calendar, at);
  if (!whole.open) throw new DomainError('CENTER_CLOSED_NOW', reopeningWords(whole));
  const area = openingAt(stored.hours, calendar, at, areaId);
  if (!area.open) throw new DomainError('AREA_LAST_TICKET_PASSED', reopeningWords(area));
}
