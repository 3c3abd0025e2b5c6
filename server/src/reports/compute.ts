// Report figures from the event log: each call of a ticket is a visit to a counter. Wait is from entering
// the line (issued, transferred or put back) to the call; service is from "serving" to the end of the visit
// (completed or transferred). Days are service days in Vietnam (Asia/Ho_Chi_Minh).
import type { Rating, ReportGroup, ReportRow, Score } from '@luot/contract';
import type { ReportTicket, Transition } from './source.ts';

interface Acc {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  transfers: number;
  waits: number[];
  services: number[];
  ratings: Record<Score, number>;
}

const emptyAcc = (): Acc => ({
  issued: 0,
  called: 0,
  served: 0,
  noShows: 0,
  transfers: 0,
  waits: [],
  services: [],
  ratings: { very_satisfied: 0, satisfied: 0, not_satisfied: 0 },
});

/** Nearest-rank percentile of seconds, null for no sample. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** The staff username in an audit actor (`officer:canbo1`), or the actor itself. */
export const usernameOfActor = (actor: string) => actor.replace(/^(officer|manager|admin):/, '');

export interface GroupKeys {
  day: string;
  area: string;
  counter: string | null;
  officer: string | null;
}

export interface ReportInput {
  tickets: ReportTicket[];
  transitions: Transition[];
  ratings: Rating[];
}

/** Figures per group key; `label` names a key for people. */
export function computeRows(
  input: ReportInput,
  by: ReportGroup,
  label: (key: string) => string,
): { rows: ReportRow[]; total: ReportRow } {
  const groups = new Map<string, Acc>();
  const total = emptyAcc();
  const accsOf = (keys: GroupKeys): Acc[] => {
    const key = by === 'day' ? keys.day : by === 'area' ? keys.area : by === 'counter' ? keys.counter : keys.officer;
    if (key === null) return [total];
    let acc = groups.get(key);
    if (!acc) groups.set(key, (acc = emptyAcc()));
    return [acc, total];
  };

  const dayOf = new Map(input.tickets.map((t) => [t.id, t.serviceDay]));
  interface Visit {
    keys: GroupKeys;
    servingAt: string | null;
  }
  const line = new Map<string, { since: string | null; area: string; visit: Visit | null }>();
  for (const e of input.transitions) {
    const day = dayOf.get(e.ticketId);
    if (!day) continue;
    const t = line.get(e.ticketId) ?? { since: null, area: e.areaId, visit: null };
    line.set(e.ticketId, t);
    const v = t.visit;
    switch (e.type) {
      case 'ticket:issued':
        t.since = e.at;
        t.area = e.areaId;
        for (const acc of accsOf({ day, area: e.areaId, counter: null, officer: null })) acc.issued++;
        break;
      case 'ticket:requeued':
        t.since = e.at;
        t.visit = null;
        break;
      case 'ticket:called': {
        const keys = { day, area: t.area, counter: e.counterId, officer: usernameOfActor(e.actor) };
        t.visit = { keys, servingAt: null };
        for (const acc of accsOf(keys)) {
          acc.called++;
          if (t.since) acc.waits.push(seconds(t.since, e.at));
        }
        t.since = null;
        break;
      }
      case 'ticket:serving':
        if (v) v.servingAt = e.at;
        break;
      case 'ticket:completed':
      case 'ticket:transferred':
      case 'ticket:no_show':
        if (v) {
          for (const acc of accsOf(v.keys)) {
            if (e.type === 'ticket:completed') acc.served++;
            else if (e.type === 'ticket:transferred') acc.transfers++;
            else acc.noShows++;
            if (v.servingAt && e.type !== 'ticket:no_show') acc.services.push(seconds(v.servingAt, e.at));
          }
        }
        t.visit = null;
        if (e.type === 'ticket:transferred') {
          t.since = e.at;
          t.area = e.areaId;
        }
        break;
    }
  }
  for (const r of input.ratings) {
    for (const acc of accsOf({ day: r.serviceDay, area: r.areaId, counter: r.counterId, officer: r.officer }))
      acc.ratings[r.score]++;
  }

  const rowOf = (key: string, acc: Acc): ReportRow => ({
    key,
    label: key === '' ? 'Tổng cộng' : label(key),
    issued: by === 'day' || by === 'area' ? acc.issued : null,
    called: acc.called,
    served: acc.served,
    noShows: acc.noShows,
    transfers: acc.transfers,
    avgWaitSeconds: mean(acc.waits),
    p90WaitSeconds: percentile(acc.waits, 90),
    avgServiceSeconds: mean(acc.services),
    p90ServiceSeconds: percentile(acc.services, 90),
    ratings: acc.ratings,
  });
  const rows = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'vi', { numeric: true }))
    .map(([key, acc]) => rowOf(key, acc));
  return { rows, total: rowOf('', total) };
}
