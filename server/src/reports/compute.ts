// Report figures from the event log: each call of a ticket is a visit to a counter. Wait is from entering
// the line (issued, transferred or put back) to the call; service is from "serving" to the end of the visit
// (completed or transferred), a parked spell (tạm giữ) left out. Days are service days in Vietnam
// (Asia/Ho_Chi_Minh); Vietnam keeps UTC+7 all year, so hours and weekdays are read at that offset.
import {
  INDEX_SATISFACTION_POINTS,
  SCORES,
  type AwayReason,
  type DossierRow,
  type Heatmap,
  type Rating,
  type ReportRow,
  type Satisfaction,
  type Score,
  type TimeRow,
} from '@luot/contract';
import type { ReportDossier, ReportTicket, Transition } from './source.ts';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export interface Acc {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  transfers: number;
  withinTarget: number;
  waits: number[];
  services: number[];
  ratings: Record<Score, number>;
}

const noRatings = (): Record<Score, number> => ({
  very_satisfied: 0,
  satisfied: 0,
  neutral: 0,
  not_satisfied: 0,
  very_dissatisfied: 0,
});

export const emptyAcc = (): Acc => ({
  issued: 0,
  called: 0,
  served: 0,
  noShows: 0,
  transfers: 0,
  withinTarget: 0,
  waits: [],
  services: [],
  ratings: noRatings(),
});

/** Adds b into a (the province roll-up sums its centers). */
export function mergeAcc(a: Acc, b: Acc): Acc {
  a.issued += b.issued;
  a.called += b.called;
  a.served += b.served;
  a.noShows += b.noShows;
  a.transfers += b.transfers;
  a.withinTarget += b.withinTarget;
  a.waits.push(...b.waits);
  a.services.push(...b.services);
  for (const s of SCORES) a.ratings[s] += b.ratings[s];
  return a;
}

/** Nearest-rank percentile of seconds, null for no sample. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
/** A share in percent with one decimal, null of nothing. */
export const percent = (part: number, whole: number) => (whole ? Math.round((part * 1000) / whole) / 10 : null);
const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** The staff username in an audit actor (`officer:canbo1`), or the actor itself. */
export const usernameOfActor = (actor: string) => actor.replace(/^(officer|manager|admin):/, '');
const officerOf = (actor: string) => (actor.startsWith('officer:') ? usernameOfActor(actor) : null);

/** Weekday (0 Monday … 6 Sunday) and hour of a moment in Vietnam. */
export function weekdayHour(at: string): [number, number] {
  const local = new Date(Date.parse(at) + VIETNAM_OFFSET_MS);
  return [(local.getUTCDay() + 6) % 7, local.getUTCHours()];
}
/** The start of the service day after the one of `at` (midnight in Vietnam), in ms. */
const endOfDayMs = (at: number) => Math.floor((at + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - VIETNAM_OFFSET_MS;

/** What a visit or a ticket is grouped by. */
export interface GroupKeys {
  day: string;
  area: string;
  counter: string | null;
  officer: string | null;
  procedure: string;
  priority: string;
  channel: string;
}

export interface ReportInput {
  tickets: ReportTicket[];
  transitions: Transition[];
  ratings: Rating[];
  dossiers: ReportDossier[];
  /** Each area's target, in minutes. */
  targetMinutes: Map<string, number>;
  /** The end of the range, or now if earlier: a counter still open is counted until then. */
  until: string;
  now: string;
}

/** A ticket with no dossier received, in the figures by procedure. */
export const NO_PROCEDURE = '';

interface TimeAcc {
  busy: number;
  idle: number;
  away: Map<string, { pauses: number; seconds: number }>;
}
const emptyTime = (): TimeAcc => ({ busy: 0, idle: 0, away: new Map() });

export function mergeTime(a: TimeAcc, b: TimeAcc): TimeAcc {
  a.busy += b.busy;
  a.idle += b.idle;
  for (const [reason, r] of b.away) {
    const mine = a.away.get(reason) ?? { pauses: 0, seconds: 0 };
    a.away.set(reason, { pauses: mine.pauses + r.pauses, seconds: mine.seconds + r.seconds });
  }
  return a;
}

export interface DossierAcc {
  label: string;
  received: number;
  onTime: number;
  late: number;
  open: number;
  overdue: number;
}
const emptyDossiers = (label: string): DossierAcc => ({ label, received: 0, onTime: 0, late: 0, open: 0, overdue: 0 });
export function mergeDossiers(a: DossierAcc, b: DossierAcc): DossierAcc {
  a.received += b.received;
  a.onTime += b.onTime;
  a.late += b.late;
  a.open += b.open;
  a.overdue += b.overdue;
  return a;
}

/** Everything a report needs, before labels: visits per group, the heatmap, counters' time, dossiers, ratings. */
export interface Figures {
  groups: Map<string, Acc>;
  total: Acc;
  heatIssued: number[][];
  heatWaits: number[][][];
  counters: Map<string, TimeAcc>;
  officers: Map<string, TimeAcc>;
  time: TimeAcc;
  dossiers: Map<string, DossierAcc>;
  dossierTotal: DossierAcc;
}

export function computeFigures(input: ReportInput, keyOf: (keys: GroupKeys) => string | null): Figures {
  const groups = new Map<string, Acc>();
  const total = emptyAcc();
  const accsOf = (keys: GroupKeys): Acc[] => {
    const key = keyOf(keys);
    if (key === null) return [total];
    let acc = groups.get(key);
    if (!acc) groups.set(key, (acc = emptyAcc()));
    return [acc, total];
  };
  const heatIssued = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const heatWaits = Array.from({ length: 7 }, () => Array.from({ length: 24 }, (): number[] => []));

  const procedureOf = new Map<string, string>();
  for (const d of input.dossiers) if (!procedureOf.has(d.ticketId)) procedureOf.set(d.ticketId, d.procedureCode);
  const ticketKeys = new Map(
    input.tickets.map((t) => [
      t.id,
      {
        ticket: t,
        keys: {
          day: t.serviceDay,
          area: t.areaId,
          counter: null,
          officer: null,
          procedure: procedureOf.get(t.id) ?? NO_PROCEDURE,
          priority: t.priority,
          channel: t.channel,
        },
      },
    ]),
  );

  interface Visit {
    keys: GroupKeys;
    servingAt: string | null;
    servedSeconds: number;
  }
  const line = new Map<string, { since: string | null; area: string; visit: Visit | null; firstCall: boolean }>();
  const clock = counterClock(input.until);
  for (const e of input.transitions) {
    clock.step(e);
    const known = e.ticketId ? ticketKeys.get(e.ticketId) : undefined;
    if (!known || !e.ticketId) continue;
    const area = e.areaId ?? known.keys.area;
    const t = line.get(e.ticketId) ?? { since: null, area, visit: null, firstCall: true };
    line.set(e.ticketId, t);
    const v = t.visit;
    switch (e.type) {
      case 'ticket:issued': {
        t.since = e.at;
        t.area = area;
        for (const acc of accsOf({ ...known.keys, area })) acc.issued++;
        const [wd, h] = weekdayHour(known.ticket.issuedAt);
        heatIssued[wd][h]++;
        break;
      }
      case 'ticket:requeued':
        t.since = e.at;
        t.visit = null;
        break;
      case 'ticket:called':
      case 'ticket:called_chosen': {
        const keys = { ...known.keys, area: t.area, counter: e.counterId, officer: usernameOfActor(e.actor) };
        t.visit = { keys, servingAt: null, servedSeconds: 0 };
        const wait = t.since ? seconds(t.since, e.at) : null;
        for (const acc of accsOf(keys)) {
          acc.called++;
          if (wait !== null) {
            acc.waits.push(wait);
            if (wait <= (input.targetMinutes.get(t.area) ?? 0) * 60) acc.withinTarget++;
          }
        }
        if (t.firstCall && wait !== null) {
          const [wd, h] = weekdayHour(known.ticket.issuedAt);
          heatWaits[wd][h].push(wait);
        }
        t.firstCall = false;
        t.since = null;
        break;
      }
      case 'ticket:serving':
        if (v) v.servingAt = e.at;
        break;
      case 'ticket:held':
        if (v?.servingAt) v.servedSeconds += seconds(v.servingAt, e.at);
        if (v) v.servingAt = null;
        break;
      case 'ticket:completed':
      case 'ticket:transferred':
      case 'ticket:no_show':
        if (v) {
          const service = v.servingAt ? v.servedSeconds + seconds(v.servingAt, e.at) : v.servedSeconds || null;
          for (const acc of accsOf(v.keys)) {
            if (e.type === 'ticket:completed') acc.served++;
            else if (e.type === 'ticket:transferred') acc.transfers++;
            else acc.noShows++;
            if (service !== null && e.type !== 'ticket:no_show') acc.services.push(service);
          }
        }
        t.visit = null;
        if (e.type === 'ticket:transferred') {
          t.since = e.at;
          t.area = area;
        }
        break;
      case 'ticket:cancelled':
        t.visit = null;
        t.since = null;
        break;
    }
  }
  clock.finish();

  for (const r of input.ratings) {
    const known = ticketKeys.get(r.ticketId)?.keys;
    const keys: GroupKeys = {
      day: r.serviceDay,
      area: r.areaId,
      counter: r.counterId,
      officer: r.officer,
      procedure: known?.procedure ?? NO_PROCEDURE,
      priority: known?.priority ?? 'none',
      channel: known?.channel ?? 'kiosk',
    };
    for (const acc of accsOf(keys)) acc.ratings[r.score]++;
  }

  const dossiers = new Map<string, DossierAcc>();
  const dossierTotal = emptyDossiers('Tổng cộng');
  const now = Date.parse(input.now);
  for (const d of input.dossiers) {
    let acc = dossiers.get(d.authority.id);
    if (!acc) dossiers.set(d.authority.id, (acc = emptyDossiers(d.authority.name)));
    for (const a of [acc, dossierTotal]) {
      a.received++;
      if (d.finishedAt === null) {
        a.open++;
        if (now > Date.parse(d.dueAt)) a.overdue++;
      } else if (Date.parse(d.finishedAt) <= Date.parse(d.dueAt)) a.onTime++;
      else a.late++;
    }
  }

  return {
    groups,
    total,
    heatIssued,
    heatWaits,
    counters: clock.counters,
    officers: clock.officers,
    time: clock.total,
    dossiers,
    dossierTotal,
  };
}

/**
 * Counters' staffed time from the log: open with an officer, busy while a ticket is called or served there,
 * away while paused (by the pause's reason), idle otherwise. A spell is cut at the end of its service day (a
 * counter left open overnight counts again from its next event); a counter whose opening is before the range
 * counts from its first event with an officer.
 */
function counterClock(until: string) {
  interface State {
    open: boolean;
    officer: string | null;
    paused: string | null;
    busy: boolean;
    since: number;
  }
  const states = new Map<string, State>();
  const counters = new Map<string, TimeAcc>();
  const officers = new Map<string, TimeAcc>();
  const total = emptyTime();
  const accOf = (map: Map<string, TimeAcc>, key: string) => {
    let acc = map.get(key);
    if (!acc) map.set(key, (acc = emptyTime()));
    return acc;
  };
  const settle = (counterId: string, s: State, at: number) => {
    if (!s.open || !s.officer) return;
    const span = Math.max(0, Math.round((Math.min(at, endOfDayMs(s.since)) - s.since) / 1000));
    for (const acc of [accOf(counters, counterId), accOf(officers, s.officer), total]) {
      if (s.paused !== null) {
        const r = acc.away.get(s.paused) ?? { pauses: 0, seconds: 0 };
        acc.away.set(s.paused, { pauses: r.pauses, seconds: r.seconds + span });
      } else if (s.busy) acc.busy += span;
      else acc.idle += span;
    }
  };
  return {
    counters,
    officers,
    total,
    step(e: Transition) {
      if (!e.counterId) return;
      const at = Date.parse(e.at);
      const s = states.get(e.counterId) ?? { open: false, officer: null, paused: null, busy: false, since: at };
      states.set(e.counterId, s);
      settle(e.counterId, s, at);
      s.since = at;
      const officer = officerOf(e.actor);
      switch (e.type) {
        case 'counter:opened':
          Object.assign(s, { open: true, officer, paused: null, busy: false });
          return;
        case 'counter:closed':
          Object.assign(s, { open: false, officer: null, paused: null, busy: false });
          return;
        case 'counter:paused': {
          s.paused = e.note ?? '';
          if (s.open && s.officer)
            for (const acc of [accOf(counters, e.counterId), accOf(officers, s.officer), total]) {
              const r = acc.away.get(s.paused) ?? { pauses: 0, seconds: 0 };
              acc.away.set(s.paused, { pauses: r.pauses + 1, seconds: r.seconds });
            }
          return;
        }
        case 'counter:resumed':
          s.paused = null;
          return;
      }
      // A ticket event at the counter: an officer acting there holds it.
      if (officer) Object.assign(s, { open: true, officer });
      if (['ticket:called', 'ticket:called_chosen', 'ticket:unheld', 'ticket:recalled'].includes(e.type)) s.busy = true;
      else if (
        ['ticket:completed', 'ticket:no_show', 'ticket:transferred', 'ticket:held', 'ticket:cancelled'].includes(e.type)
      )
        s.busy = false;
    },
    finish() {
      const end = Date.parse(until);
      for (const [id, s] of states) settle(id, s, end);
    },
  };
}

export function rowOf(key: string, label: string, acc: Acc, showIssued: boolean): ReportRow {
  return {
    key,
    label,
    issued: showIssued ? acc.issued : null,
    called: acc.called,
    served: acc.served,
    noShows: acc.noShows,
    transfers: acc.transfers,
    withinTarget: acc.withinTarget,
    withinTargetPercent: percent(acc.withinTarget, acc.waits.length),
    avgWaitSeconds: mean(acc.waits),
    p50WaitSeconds: percentile(acc.waits, 50),
    p90WaitSeconds: percentile(acc.waits, 90),
    avgServiceSeconds: mean(acc.services),
    p50ServiceSeconds: percentile(acc.services, 50),
    p90ServiceSeconds: percentile(acc.services, 90),
    ratings: { ...acc.ratings },
  };
}

export function timeRowOf(key: string, label: string, acc: TimeAcc): TimeRow {
  const away: AwayReason[] = [...acc.away.entries()]
    .map(([reason, r]) => ({ reason: reason || 'Không ghi lý do', pauses: r.pauses, seconds: r.seconds }))
    .sort((a, b) => b.seconds - a.seconds || a.reason.localeCompare(b.reason, 'vi'));
  const awaySeconds = away.reduce((s, r) => s + r.seconds, 0);
  return {
    key,
    label,
    openSeconds: acc.busy + acc.idle + awaySeconds,
    busySeconds: acc.busy,
    idleSeconds: acc.idle,
    awaySeconds,
    away,
  };
}

export const dossierRowOf = (key: string, a: DossierAcc): DossierRow => ({
  key,
  label: a.label,
  received: a.received,
  finished: a.onTime + a.late,
  onTime: a.onTime,
  late: a.late,
  open: a.open,
  overdue: a.overdue,
  onTimePercent: percent(a.onTime, a.onTime + a.late),
});

export function satisfactionOf(counts: Record<Score, number>): Satisfaction {
  const total = SCORES.reduce((n, s) => n + counts[s], 0);
  const satisfied = percent(counts.very_satisfied + counts.satisfied, total);
  return {
    counts: { ...counts },
    total,
    satisfiedPercent: satisfied,
    neutralPercent: percent(counts.neutral, total),
    dissatisfiedPercent: percent(counts.not_satisfied + counts.very_dissatisfied, total),
    indexPoints: satisfied === null ? null : Math.round(satisfied * INDEX_SATISFACTION_POINTS) / 100,
  };
}

export function heatmapOf(f: Figures): Heatmap {
  return { issued: f.heatIssued, avgWaitSeconds: f.heatWaits.map((row) => row.map(mean)) };
}

export { emptyTime, emptyDossiers };
