// Every read of a hot command (issue, call-next, recall, complete, the desk's chosen call, hold and call-back and its
// lists, snapshot, board) goes through an index that holds only live rows or one day: its cost does not grow with
// the center's history. The statements are the ones the store really runs (compiled by Kysely, recorded from
// better-sqlite3 or node-postgres with their parameters while the commands run), explained on the same database:
// SQLite (whose planner does not look at the data) and PostgreSQL with 300 days of history analysed. This suite
// runs both stores itself (vitest.config.ts, POSTGRES_OWN).
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../server/src/queue/service.ts';
import { buildBoard } from '../../server/src/reports/reports.ts';
import { PgStore } from '../../server/src/store/postgres/pg-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { serviceOn, type ServiceHarness } from '../helpers/service.ts';
import { freshSchema, postgresForTests } from '../helpers/services.ts';

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
    await addCenter(
      h.store,
      [area('ht'), area('ct', { blockStart: 2001, blockEnd: 2999 })],
      [counter('1', ['ht', 'ct']), counter('2', ['ht'])],
    );
    const C = 'test-center';
    for (let i = 0; i < 4; i++)
      await h.queue.issueTicket(
        C,
        { areaId: i % 2 ? 'ct' : 'ht', priority: i === 3 ? 'elderly' : 'none', kioskId: 'k1' },
        `plan-${i}`,
      );

    recording = true;
    await hotCommands(h.queue, h.store, C, new Date('2026-11-23T01:00:00Z'));
    recording = false;

    const reads = executed.filter((e) => /^\s*SELECT/i.test(e.sql) && /\b(tickets|events)\b/.test(e.sql));
    expect(reads.length).toBeGreaterThan(10);
    // The statement with its parameters written in, for the patterns below (Kysely binds every value).
    const plans = reads.map((e) => ({ sql: withValues(e.sql, e.args, () => '?'), plan: planOf(e) }));
    for (const { sql, plan } of plans) {
      // No full scan of the history tables, and the per-day index only with a day range.
      expect(
        plan.filter((d) => /^SCAN (tickets|events|t|e)\b/.test(d)),
        sql,
      ).toEqual([]);
      expect(
        plan.filter((d) => d.includes('tickets_day') && !d.includes('service_day')),
        sql,
      ).toEqual([]);
      expect(
        plan.some((d) => d.startsWith('SEARCH')),
        sql,
      ).toBe(true);
    }
    const using = (pattern: RegExp) => plans.filter((p) => pattern.test(p.sql)).flatMap((p) => p.plan);
    // A counter's transferred tickets and the board's waiting list: the 'waiting-only indexes' migration.
    expect(using(ASSIGNED)).not.toEqual([]);
    expect(using(ASSIGNED).every((d) => d.includes('tickets_assigned'))).toBe(true);
    expect(using(WAITING_LIST)).not.toEqual([]);
    expect(using(WAITING_LIST).every((d) => d.includes('tickets_waiting_center'))).toBe(true);
    // The lines and counts of call-next and people-ahead: the waiting-only line index.
    expect(using(LINE)).not.toEqual([]);
    expect(using(LINE).every((d) => d.includes('tickets_line'))).toBe(true);
    // The hall's recent calls (called, recalled, chosen, called back): the calls-only events index.
    expect(using(CALLS)).not.toEqual([]);
    // SQLite keeps the log in its primary key (center_id, seq; WITHOUT ROWID) and walks it back from the newest event,
    // stopping at the tenth call (no sort): it reads the events since then, never the history.
    expect(
      using(CALLS).every((d) => d.includes('events_calls') || d === 'SEARCH events USING PRIMARY KEY (center_id=?)'),
      JSON.stringify(plans.filter((p) => CALLS.test(p.sql))),
    ).toBe(true);
    expect(using(CALLS).some((d) => d.includes('TEMP B-TREE'))).toBe(false);
  });
});

/** The SQL text with its parameters written in as literals (for matching only); `mark` spells a placeholder. */
function withValues(text: string, values: unknown[], mark: (i: number) => string): string {
  let out = text.replace(/\s+/g, ' ');
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    out = out.replace(
      mark(i + 1) === '?' ? /\?(?!.*\?)/ : new RegExp(`\\${mark(i + 1)}(?!\\d)`),
      typeof v === 'string' ? `'${v}'` : String(v),
    );
  }
  return out;
}

/** A counter's transferred tickets. */
const ASSIGNED = /"assigned_counter_id" = '/;
/** The board's and the desk's waiting list: every waiting ticket of the center, in line order. */
const WAITING_LIST = /"state" = 'waiting' order by "queued_at"/;
/** A line (area, priority or not) of call-next and people-ahead. */
const LINE = /\(priority <> 'none'\) = /;
/** The hall's recent calls. */
const CALLS = /"type" in \('ticket:called', 'ticket:recalled', 'ticket:called_chosen', 'ticket:unheld'\)/;

/** The commands of a service day at one counter and two, as the hot path and the officer's desk run them. */
async function hotCommands(queue: QueueService, store: Store, C: string, day: Date) {
  await queue.issueTicket(C, { areaId: 'ht', priority: 'none', kioskId: 'k1' }, 'plan-hot');
  await queue.callNext(C, '1', 'officer');
  await queue.recall(C, '1', 'officer');
  await queue.startServing(C, '1', 'officer');
  await queue.transfer(C, '1', { areaId: 'ht', counterId: '2', note: null }, 'officer');
  await queue.callNext(C, '2', 'officer');
  await queue.startServing(C, '2', 'officer');
  await queue.complete(C, '2', 'officer');
  // The desk: a chosen ticket called out of order, parked, the lists, called back.
  const chosen = await queue.issueTicket(C, { areaId: 'ht', priority: 'none', kioskId: 'k1' }, 'plan-chosen');
  await queue.callChosen(C, '1', chosen.issued.ticket.id, 'Người khuyết tật', 'officer');
  await queue.hold(C, '1', 'Đi photo giấy tờ', 'officer');
  await queue.desk(C, '1', 'officer');
  await queue.unhold(C, '1', chosen.issued.ticket.id, 'officer');
  await queue.snapshot(C);
  await buildBoard(store, C, day);
}

const postgres = await postgresForTests();

describe.skipIf(!postgres)('hot queries on PostgreSQL with history', () => {
  it('use the waiting-only indexes, never a scan of the history', async () => {
    const schema = await freshSchema(postgres!);
    const store = await PgStore.open(schema.url);
    const admin = new pg.Client({ connectionString: schema.url });
    await admin.connect();
    const recorded: { text: string; values: unknown[] }[] = [];
    const originalQuery = pg.Client.prototype.query;
    try {
      const now = new Date('2026-11-23T01:00:00Z');
      const queue = new QueueService(store, () => now);
      await addCenter(
        store,
        [area('ht'), area('ct', { blockStart: 2001, blockEnd: 2999 })],
        [counter('1', ['ht', 'ct']), counter('2', ['ht'])],
      );
      const C = 'test-center';
      // 300 days of 300 finished tickets, each with its four events, before today.
      await admin.query(
        `INSERT INTO tickets (id, center_id, area_id, number, service_day, priority, dossier_code, tracking_secret, state,
          issued_at, queued_at, called_at, serving_at, finished_at, counter_id)
        SELECT 'h' || g, $1, (ARRAY['ht', 'ct'])[1 + g % 2], 1001 + g % 300, to_char(date '2025-12-01' + g / 300, 'YYYY-MM-DD'), 'none',
          'H-' || g, 'HIST', 'done', d, d, d, d, d, '1'
        FROM generate_series(1, 90000) g, LATERAL (SELECT to_char(date '2025-12-01' + g / 300, 'YYYY-MM-DD') || 'T02:00:00.000Z' AS d) t`,
        [C],
      );
      await admin.query(
        `INSERT INTO events (center_id, seq, type, at, actor, ticket_id, counter_id, note, payload)
        SELECT $1, g, (ARRAY['ticket:issued', 'ticket:called', 'ticket:serving', 'ticket:completed'])[1 + g % 4], '2025-12-01T02:00:00.000Z',
          'bench', 'h' || (g / 4 + 1), '1', NULL, '{"call":null}'
        FROM generate_series(1, 360000) g`,
        [C],
      );
      await admin.query(`UPDATE centers SET last_seq = 360000 WHERE id = $1`, [C]);
      for (let i = 0; i < 4; i++)
        await queue.issueTicket(
          C,
          { areaId: i % 2 ? 'ct' : 'ht', priority: i === 3 ? 'elderly' : 'none', kioskId: 'k1' },
          `plan-${i}`,
        );
      await admin.query('ANALYZE');

      pg.Client.prototype.query = function query(this: pg.Client, ...args: unknown[]) {
        const q = args[0] as { text?: string; values?: unknown[] };
        if (typeof q === 'object' && q?.text && /^\s*SELECT/i.test(q.text) && /\b(tickets|events)\b/.test(q.text))
          recorded.push({ text: q.text, values: q.values ?? [] });
        return Reflect.apply(originalQuery, this, args) as unknown;
      } as typeof pg.Client.prototype.query;
      await hotCommands(queue, store, C, now);
      pg.Client.prototype.query = originalQuery;

      expect(recorded.length).toBeGreaterThan(10);
      const seen = new Set<string>();
      for (const { text, values } of recorded) {
        const plan = (await admin.query(`EXPLAIN ${text}`, values)).rows
          .map((r: Record<string, string>) => r['QUERY PLAN'])
          .join('\n');
        const sql = withValues(text, values, (i) => `$${i}`);
        expect(plan, sql).not.toMatch(/Seq Scan on (tickets|events)/);
        if (/"state" = 'waiting'/.test(sql))
          expect(plan, sql).toMatch(/using (tickets_waiting|tickets_waiting_center|tickets_line|tickets_assigned) /);
        // Between waiting-only indexes of a few rows each the planner may pick either.
        if (ASSIGNED.test(sql)) expect(plan, sql).toMatch(/using (tickets_assigned|tickets_waiting_center) /);
        if (CALLS.test(sql)) expect(plan, sql).toMatch(/using events_calls /);
        if (plan.includes('tickets_day')) expect(plan, sql).toMatch(/service_day/);
        seen.add(sql);
      }
      for (const pattern of [ASSIGNED, WAITING_LIST, LINE, CALLS])
        expect(
          [...seen].some((q) => pattern.test(q)),
          String(pattern),
        ).toBe(true);
    } finally {
      pg.Client.prototype.query = originalQuery;
      await admin.end();
      await store.close();
      await schema.drop();
    }
  }, 120_000);
});
