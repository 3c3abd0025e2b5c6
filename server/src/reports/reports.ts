// Reports over a range of service days (grouped by day, area, counter, officer, procedure, priority or channel,
// with the heatmap, counters' time, dossiers by authority and satisfaction), the province roll-up, and the
// manager's live board. All rows come through the store's report port (ReadTx.reports), on its read path
// (Store.read): a long range is read beside the commands, never in their queue.
import { differenceInCalendarDays, parseISO } from 'date-fns';
import {
  TICKET_VI,
  type Board,
  type BoardArea,
  type PriorityClass,
  type ProvinceReport,
  type RangeQuery,
  type Report,
  type ReportGroup,
  type ReportQuery,
  type StaffUser,
  type TicketChannel,
} from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import type { ReadTx, Store } from '../store/store.ts';
import {
  NO_PROCEDURE,
  computeFigures,
  dossierRowOf,
  emptyAcc,
  emptyDossiers,
  emptyTime,
  heatmapOf,
  mergeAcc,
  mergeDossiers,
  mergeTime,
  rowOf,
  satisfactionOf,
  timeRowOf,
  type GroupKeys,
  type ReportInput,
} from './compute.ts';

export const MAX_RANGE_DAYS = 366;

export const formatDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export const CHANNEL_LABELS: Record<TicketChannel, string> = {
  kiosk: 'Lấy số tại ki-ốt',
  online: 'Lấy số trực tuyến',
  appointment: 'Đặt lịch hẹn',
  counter: 'Cấp tại quầy',
};
const isChannel = (key: string): key is TicketChannel => key in CHANNEL_LABELS;
const isPriority = (key: string): key is PriorityClass => key in TICKET_VI.priority;

/** Figures by priority, channel and procedure count the tickets taken too; by counter or officer they cannot. */
const ISSUED_SHOWN: Record<ReportGroup, boolean> = {
  day: true,
  area: true,
  counter: false,
  officer: false,
  procedure: true,
  priority: true,
  channel: true,
};

/** Midnight in Vietnam starting a service day, as an ISO instant. */
const startOf = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function checkRange(q: RangeQuery) {
  const span = differenceInCalendarDays(parseISO(q.to), parseISO(q.from));
  if (!(span >= 0 && span < MAX_RANGE_DAYS)) throw new DomainError('BAD_RANGE', `${q.from} – ${q.to}`);
}

/** Everything a center's report is computed from, read in one snapshot on the store's read path. */
async function readCenter(tx: ReadTx, centerId: string, q: RangeQuery, now: Date) {
  const center = await tx.center(centerId);
  if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
  const window = { fromAt: startOf(q.from), toAt: startOf(dayAfter(q.to)) };
  const [tickets, transitions, ratings, dossiers, areas, counters, users] = await Promise.all([
    tx.reports.tickets(centerId, q.from, q.to),
    tx.reports.transitions(centerId, q.from, q.to, window),
    tx.reports.ratings(centerId, q.from, q.to),
    tx.reports.dossiers(centerId, window.fromAt, window.toAt),
    tx.areas(centerId),
    tx.counters(centerId),
    tx.accounts.usersOfCenter(centerId),
  ]);
  const until = now.toISOString() < window.toAt ? now.toISOString() : window.toAt;
  const input: ReportInput = {
    tickets,
    transitions,
    ratings,
    dossiers,
    targetMinutes: new Map(areas.map((a) => [a.id, a.targetServiceMinutes])),
    until,
    now: now.toISOString(),
  };
  return { center, input, areas, counters, users };
}

const keyOfGroup =
  (by: ReportGroup) =>
  (k: GroupKeys): string | null =>
    by === 'counter' ? k.counter : by === 'officer' ? k.officer : k[by];

export async function buildReport(store: Store, centerId: string, q: ReportQuery, now: Date): Promise<Report> {
  checkRange(q);
  const { center, input, areas, counters, users } = await store.read((r) => readCenter(r, centerId, q, now));
  const f = computeFigures(input, keyOfGroup(q.by));
  const procedures = new Map(input.dossiers.map((d) => [d.procedureCode, d.procedureName]));
  const counterName = new Map(counters.map((c) => [c.id, `Quầy ${c.number}`]));
  const officerName = new Map(users.map((u) => [u.username, `${u.displayName} (${u.username})`]));
  const names: Record<ReportGroup, (key: string) => string | undefined> = {
    day: formatDay,
    area: (k) => areas.find((a) => a.id === k)?.nameVi,
    counter: (k) => counterName.get(k),
    officer: (k) => officerName.get(k),
    procedure: (k) => (k === NO_PROCEDURE ? 'Không tiếp nhận hồ sơ' : `${procedures.get(k) ?? k} (${k})`),
    priority: (k) => (isPriority(k) ? TICKET_VI.priority[k] : undefined),
    channel: (k) => (isChannel(k) ? CHANNEL_LABELS[k] : undefined),
  };
  const show = ISSUED_SHOWN[q.by];
  const rows = [...f.groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'vi', { numeric: true }))
    .map(([key, acc]) => rowOf(key, names[q.by](key) ?? key, acc, show));
  const byLabel = <T extends { label: string }>(a: T, b: T) => a.label.localeCompare(b.label, 'vi', { numeric: true });
  return {
    centerId,
    centerName: center.name,
    from: q.from,
    to: q.to,
    by: q.by,
    rows,
    total: rowOf('', 'Tổng cộng', f.total, show),
    heatmap: heatmapOf(f),
    counters: [...f.counters.entries()].map(([k, acc]) => timeRowOf(k, counterName.get(k) ?? k, acc)).sort(byLabel),
    officers: [...f.officers.entries()].map(([k, acc]) => timeRowOf(k, officerName.get(k) ?? k, acc)).sort(byLabel),
    time: timeRowOf('', 'Tổng cộng', f.time),
    dossiers: [...f.dossiers.entries()].map(([k, acc]) => dossierRowOf(k, acc)).sort(byLabel),
    dossierTotal: dossierRowOf('', f.dossierTotal),
    satisfaction: satisfactionOf(f.total.ratings),
  };
}

/** Every center of the administrator's province over a range: each center's totals and the province's. */
export async function buildProvinceReport(
  store: Store,
  provinceId: string,
  q: RangeQuery,
  now: Date,
): Promise<ProvinceReport> {
  checkRange(q);
  const centers = (await store.centers()).filter((c) => c.provinceId === provinceId);
  const total = { acc: emptyAcc(), time: emptyTime(), dossiers: emptyDossiers('Tổng cộng') };
  const rows: ProvinceReport['centers'] = [];
  // One center at a time: a province's year stays within one center's rows in memory.
  for (const c of centers) {
    const { input } = await store.read((r) => readCenter(r, c.id, q, now));
    const f = computeFigures(input, () => null);
    rows.push({
      centerId: c.id,
      centerName: c.name,
      figures: rowOf(c.id, c.name, f.total, true),
      time: timeRowOf(c.id, c.name, f.time),
      dossiers: dossierRowOf(c.id, { ...f.dossierTotal, label: c.name }),
      satisfaction: satisfactionOf(f.total.ratings),
    });
    mergeAcc(total.acc, f.total);
    mergeTime(total.time, f.time);
    mergeDossiers(total.dossiers, f.dossierTotal);
  }
  return {
    provinceId,
    from: q.from,
    to: q.to,
    centers: rows,
    total: {
      figures: rowOf('', 'Toàn tỉnh', total.acc, true),
      time: timeRowOf('', 'Toàn tỉnh', total.time),
      dossiers: dossierRowOf('', { ...total.dossiers, label: 'Toàn tỉnh' }),
      satisfaction: satisfactionOf(total.acc.ratings),
    },
  };
}

export async function buildBoard(store: Store, centerId: string, now: Date): Promise<Board> {
  const day = serviceDayOf(now);
  const today = await buildReport(store, centerId, { from: day, to: day, by: 'area' }, now);
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
          targetServiceMinutes: a.targetServiceMinutes,
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
