// Reports per day, area, counter or officer over a range of service days, and the manager's live board.
import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { Board, BoardArea, Report, ReportQuery, StaffUser } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import type { Store } from '../store/store.ts';
import { computeRows } from './compute.ts';

export const MAX_RANGE_DAYS = 366;

const formatDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export async function buildReport(store: Store, centerId: string, q: ReportQuery): Promise<Report> {
  const span = differenceInCalendarDays(parseISO(q.to), parseISO(q.from));
  if (!(span >= 0 && span < MAX_RANGE_DAYS)) throw new DomainError('BAD_RANGE', `${q.from} – ${q.to}`);
  return store.transaction(async (tx) => {
    if (!(await tx.center(centerId))) throw new DomainError('CENTER_NOT_FOUND', centerId);
    const [tickets, transitions, ratings, areas, counters, users] = await Promise.all([
      tx.reports.tickets(centerId, q.from, q.to),
      tx.reports.transitions(centerId, q.from, q.to),
      tx.reports.ratings(centerId, q.from, q.to),
      tx.areas(centerId),
      tx.counters(centerId),
      tx.accounts.usersOfCenter(centerId),
    ]);
    const names: Record<ReportQuery['by'], Map<string, string>> = {
      day: new Map(),
      area: new Map(areas.map((a) => [a.id, a.nameVi])),
      counter: new Map(counters.map((c) => [c.id, `Quầy ${c.number}`])),
      officer: new Map(users.map((u) => [u.username, `${u.displayName} (${u.username})`])),
    };
    const label = (key: string) => (q.by === 'day' ? formatDay(key) : (names[q.by].get(key) ?? key));
    const { rows, total } = computeRows({ tickets, transitions, ratings }, q.by, label);
    return { centerId, from: q.from, to: q.to, by: q.by, rows, total };
  });
}

export async function buildBoard(store: Store, centerId: string, now: Date): Promise<Board> {
  const day = serviceDayOf(now);
  const today = await buildReport(store, centerId, { from: day, to: day, by: 'area' });
  return store.transaction(async (tx) => {
    const [areas, counters, waiting, users] = await Promise.all([
      tx.areas(centerId),
      tx.counters(centerId),
      tx.waitingTickets(centerId),
      tx.accounts.usersOfCenter(centerId),
    ]);
    const current = new Map(
      (await tx.tickets(counters.flatMap((c) => (c.currentTicketId ? [c.currentTicketId] : [])))).map((t) => [t.id, t]),
    );
    const byUsername = new Map(users.map((u) => [u.username, u]));
    const stats = new Map(today.rows.map((r) => [r.key, r]));
    return {
      centerId,
      serviceDay: day,
      at: now.toISOString(),
      counters: counters.map((c) => {
        const t = c.currentTicketId ? current.get(c.currentTicketId) : undefined;
        return {
          id: c.id,
          number: c.number,
          name: c.name,
          state: c.state,
          pauseReason: c.pauseReason,
          areaIds: c.areaIds,
          officer: c.officer
            ? { username: c.officer, displayName: byUsername.get(c.officer)?.displayName ?? c.officer }
            : null,
          current: t
            ? {
                ticketId: t.id,
                number: t.number,
                areaId: t.areaId,
                state: t.state,
                since: t.servingAt ?? t.calledAt ?? t.queuedAt,
              }
            : null,
        };
      }),
      areas: areas.map((a): BoardArea => {
        const mine = waiting.filter((t) => t.areaId === a.id);
        const s = stats.get(a.id);
        return {
          id: a.id,
          code: a.code,
          nameVi: a.nameVi,
          nameEn: a.nameEn,
          waiting: mine.length,
          openCounters: counters.filter((c) => c.state === 'open' && c.areaIds.includes(a.id)).length,
          closedToday: a.closedOn === day,
          oldestWaitingSince: mine.reduce<string | null>(
            (min, t) => (min === null || t.queuedAt < min ? t.queuedAt : min),
            null,
          ),
          servedToday: s?.served ?? 0,
          avgWaitSeconds: s?.avgWaitSeconds ?? null,
          avgServiceSeconds: s?.avgServiceSeconds ?? null,
        };
      }),
      officers: users.filter((u): u is StaffUser => u.role === 'officer'),
    };
  });
}
