// A province day replayed as fast as possible: every center's arrivals (morning peak, afternoon tail) and
// every counter calling, serving and completing, through the real queue service on a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../server/src/engine/domain-error.ts';
import { QueueService } from '../server/src/queue/service.ts';
import { SqliteStore } from '../server/src/store/sqlite/sqlite-store.ts';
import { now } from './lib.ts';
import { addBenchCenters, BENCH_AREAS } from './province.ts';

type Step =
  | { t: number; kind: 'arrive'; center: string; area: string; priority: boolean }
  | { t: number; kind: 'free' | 'start' | 'complete'; center: string; counter: string };

/** A small seeded generator, so every run replays the same day. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const OPENING = Date.parse('2026-11-24T00:30:00Z'); // 07:30 in Vietnam

export async function provinceDay(centerCount: number, ticketsPerCenter = 300) {
  const dir = mkdtempSync(join(tmpdir(), 'luot-day-'));
  const store = new SqliteStore(join(dir, 'luot.db'));
  let clock = OPENING;
  const queue = new QueueService(store, () => new Date(clock));
  const centers = await addBenchCenters(store, centerCount);
  const rnd = random(20261124);

  // Arrivals: two thirds in the morning, peaking around 08:30; the rest after lunch.
  const steps: Step[] = [];
  for (const center of centers) {
    for (let i = 0; i < ticketsPerCenter; i++) {
      const morning = rnd() < 0.66;
      const offset = morning ? ((rnd() + rnd() + rnd()) / 3) * 240 : 360 + rnd() * 180;
      steps.push({
        t: OPENING + offset * MINUTE,
        kind: 'arrive',
        center,
        area: BENCH_AREAS[Math.floor(rnd() * BENCH_AREAS.length)].id,
        priority: rnd() < 0.1,
      });
    }
  }
  const counters = new Map<string, string[][]>(); // center → counter ids with their areas
  for (const center of centers) {
    const snap = await queue.snapshot(center);
    counters.set(
      center,
      snap.counters.map((c) => [c.id, ...c.areaIds]),
    );
    for (const c of snap.counters) steps.push({ t: OPENING, kind: 'free', center, counter: c.id });
  }
  steps.sort((a, b) => b.t - a.t); // a stack: the earliest step last
  const schedule = (step: Step) => {
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid].t > step.t) lo = mid + 1;
      else hi = mid;
    }
    steps.splice(lo, 0, step);
  };
  const minutesOf = new Map(BENCH_AREAS.map((a) => [a.id, a.minutes]));
  const idle = new Set<string>();
  let transactions = 0;
  let peakRss = process.memoryUsage().rss;
  const started = now();

  for (let step = steps.pop(); step; step = steps.pop()) {
    clock = step.t;
    transactions += 1;
    if (transactions % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (step.kind === 'arrive') {
      await queue.issueTicket(
        step.center,
        { areaId: step.area, priority: step.priority ? 'elderly' : 'none', kioskId: null },
        `day-${transactions}`,
      );
      for (const [id, ...areas] of counters.get(step.center)!) {
        if (areas.includes(step.area) && idle.delete(`${step.center}/${id}`))
          schedule({ t: clock, kind: 'free', center: step.center, counter: id });
      }
    } else if (step.kind === 'free') {
      try {
        await queue.callNext(step.center, step.counter, 'bench');
        schedule({ ...step, t: clock + 0.5 * MINUTE, kind: 'start' });
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'NOTHING_WAITING')) throw err;
        idle.add(`${step.center}/${step.counter}`);
      }
    } else if (step.kind === 'start') {
      const ticket = await queue.startServing(step.center, step.counter, 'bench');
      schedule({ ...step, t: clock + minutesOf.get(ticket.areaId)! * (0.5 + rnd()) * MINUTE, kind: 'complete' });
    } else {
      await queue.complete(step.center, step.counter, 'bench');
      schedule({ ...step, t: clock, kind: 'free' });
    }
  }
  const wallSeconds = (now() - started) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    centers: centerCount,
    counters: centerCount * 8,
    tickets: centerCount * ticketsPerCenter,
    transactions,
    wallSeconds: +wallSeconds.toFixed(1),
    transactionsPerSecond: Math.round(transactions / wallSeconds),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  };
}
