// Every read of a hot command (issue, call-next, recall, complete, snapshot, board) goes through an index that holds
// only live rows or one day: its cost does not grow with the center's history. The statements are the ones the
// store really runs (recorded from better-sqlite3 while the commands run), explained on the same SQLite database.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoard } from '../../server/src/reports/reports.ts';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { serviceOn, type ServiceHarness } from '../helpers/service.ts';

interface Executed {
  db: Database.Database;
  sql: string;
  args: unknown[];
}

const executed: Executed[] = [];
let recording = false;
const originalPrepare = Database.prototype.prepare;

beforeAll(() => {
  // Wraps every statement prepared from now on, so its runs are seen with their parameters.
  Database.prototype.prepare = function prepare(this: Database.Database, source: string) {
    const stmt = originalPrepare.call(this, source);
    for (const method of ['get', 'all', 'iterate'] as const) {
      const run = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
      Object.defineProperty(stmt, method, {
        value: (...args: unknown[]) => {
          if (recording) executed.push({ db: this, sql: source, args });
          return run(...args);
        },
      });
    }
    return stmt;
  } as typeof Database.prototype.prepare;
});
afterAll(() => {
  Database.prototype.prepare = originalPrepare;
});

let h: ServiceHarness;
afterAll(() => h?.close());

function planOf(e: Executed): string[] {
  const explain = originalPrepare.call(e.db, `EXPLAIN QUERY PLAN ${e.sql}`);
  return (Reflect.apply(explain.all, explain, e.args) as { detail: string }[]).map((r) => r.detail);
}

describe('hot queries on SQLite', () => {
  it('read tickets and events only through partial, per-line or per-day indexes', async () => {
    h = await serviceOn('sqlite');
    await addCenter(h.store, [area('ht'), area('ct', { blockStart: 2001, blockEnd: 2999 })], [counter('1', ['ht', 'ct']), counter('2', ['ht'])]);
    const C = 'test-center';
    for (let i = 0; i < 4; i++) await h.queue.issueTicket(C, { areaId: i % 2 ? 'ct' : 'ht', priority: i === 3 ? 'elderly' : 'none', kioskId: 'k1' }, `plan-${i}`);

    recording = true;
    await h.queue.issueTicket(C, { areaId: 'ht', priority: 'none', kioskId: 'k1' }, 'plan-hot');
    await h.queue.callNext(C, '1', 'officer');
    await h.queue.recall(C, '1', 'officer');
    await h.queue.startServing(C, '1', 'officer');
    await h.queue.transfer(C, '1', { areaId: 'ht', counterId: '2', note: null }, 'officer');
    await h.queue.callNext(C, '2', 'officer');
    await h.queue.startServing(C, '2', 'officer');
    await h.queue.complete(C, '2', 'officer');
    await h.queue.snapshot(C);
    await buildBoard(h.store, C, new Date('2026-11-23T01:00:00Z'));
    recording = false;

    const reads = executed.filter((e) => /^\s*SELECT/i.test(e.sql) && /\b(tickets|events)\b/.test(e.sql));
    expect(reads.length).toBeGreaterThan(10);
    const plans = reads.map((e) => ({ sql: e.sql.replace(/\s+/g, ' '), plan: planOf(e) }));
    for (const { sql, plan } of plans) {
      // No full scan of the history tables, and the per-day index only with a day range.
      expect(plan.filter((d) => /^SCAN (tickets|events|t|e)\b/.test(d)), sql).toEqual([]);
      expect(plan.filter((d) => d.includes('tickets_day') && !d.includes('service_day')), sql).toEqual([]);
      expect(plan.some((d) => d.startsWith('SEARCH')), sql).toBe(true);
    }
    const using = (pattern: RegExp) => plans.filter((p) => pattern.test(p.sql)).flatMap((p) => p.plan);
    // A counter's transferred tickets and the board's waiting list: the waiting-only indexes of migration 6.
    expect(using(/assigned_counter_id = \?/)).not.toEqual([]);
    expect(using(/assigned_counter_id = \?/).every((d) => d.includes('tickets_assigned'))).toBe(true);
    expect(using(/state = 'waiting' ORDER BY queued_at/)).not.toEqual([]);
    expect(using(/state = 'waiting' ORDER BY queued_at/).every((d) => d.includes('tickets_waiting_center'))).toBe(true);
    // The lines and counts of call-next and people-ahead: the waiting-only line index.
    expect(using(/priority <> 'none'\) = /).every((d) => d.includes('tickets_line'))).toBe(true);
  });
});
