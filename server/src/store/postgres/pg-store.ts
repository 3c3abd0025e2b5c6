// The PostgreSQL store (node-postgres), for several server instances on one database. Every SQL statement of the
// queue lives here. A command locks its center's row first (Tx.center with 'update'): the commands of one center
// run one after another across instances, while different centers run in parallel; the per-center event
// sequence and the per-day numbers are rows updated under that lock, so they stay unique and without gaps.
import pg from 'pg';
import type { CallView, CenterEvent, Device, Province, TicketTransition } from '../../contract/index.ts';
import { pgAccountTx } from '../../auth/pg-accounts.ts';
import { pgReportTx } from '../../reports/pg-reports.ts';
import { type Row, toArea, toCenter, toCounter, toDevice, toPrintJob, toTicket, toTransition } from '../rows.ts';
import type { Store, Tx } from '../store.ts';
import { pgDossierTx } from './dossier-queries.ts';
import { pgNotifyTx } from './notify-queries.ts';
import { PG_MIGRATIONS } from './migrations.ts';
import { first, statements } from './query.ts';

const SQL = {
  province: `SELECT id, code, name FROM provinces WHERE id = $1`,
  center: `SELECT * FROM centers WHERE id = $1`,
  centerForUpdate: `SELECT * FROM centers WHERE id = $1 FOR UPDATE`,
  centerForShare: `SELECT * FROM centers WHERE id = $1 FOR SHARE`,
  centers: `SELECT * FROM centers ORDER BY province_id, id`,
  areas: `SELECT * FROM service_areas WHERE center_id = $1 ORDER BY sort, id`,
  counters: `SELECT * FROM counters WHERE center_id = $1 ORDER BY number`,
  devices: `SELECT * FROM devices WHERE center_id = $1 ORDER BY id`,
  ticket: `SELECT * FROM tickets WHERE id = $1`,
  tickets: `SELECT * FROM tickets WHERE id = ANY($1::text[])`,
  ticketByKey: `SELECT * FROM tickets WHERE center_id = $1 AND idempotency_key = $2`,
  waiting: `SELECT * FROM tickets WHERE center_id = $1 AND state = 'waiting' ORDER BY queued_at, number`,
  firstInLine: `SELECT * FROM tickets WHERE center_id = $1 AND area_id = $2 AND state = 'waiting'
    AND assigned_counter_id IS NULL AND (priority <> 'none') = $3 ORDER BY queued_at, number LIMIT 1`,
  firstForCounter: `SELECT * FROM tickets WHERE center_id = $1 AND state = 'waiting' AND assigned_counter_id = $2
    ORDER BY queued_at, number LIMIT 1`,
  countInLine: `SELECT count(*)::int AS n FROM tickets WHERE center_id = $1 AND area_id = $2 AND state = 'waiting'
    AND assigned_counter_id IS NULL AND (priority <> 'none') = $3
    AND ($4::text IS NULL OR queued_at < $4::text OR (queued_at = $4::text AND number < $5::int))`,
  waitingCount: `SELECT count(*)::int AS n FROM tickets WHERE center_id = $1 AND area_id = $2 AND state = 'waiting'`,
  recentService: `SELECT extract(epoch FROM finished_at::timestamptz - serving_at::timestamptz)::float8 * 1000 AS ms FROM tickets
    WHERE center_id = $1 AND area_id = $2 AND state = 'done' AND serving_at IS NOT NULL
    ORDER BY finished_at DESC LIMIT $3`,
  nextSequence: `INSERT INTO day_sequences (center_id, scope, day, value) VALUES ($1, $2, $3, 1)
    ON CONFLICT (center_id, scope, day) DO UPDATE SET value = day_sequences.value + 1 RETURNING value`,
  lastSeq: `SELECT last_seq FROM centers WHERE id = $1`,
  bumpSeq: `UPDATE centers SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`,
  recentCalls: `SELECT payload FROM events WHERE center_id = $1 AND type IN ('ticket:called', 'ticket:recalled')
    ORDER BY seq DESC LIMIT $2`,
  insertTicket: `INSERT INTO tickets (id, center_id, area_id, number, service_day, priority, dossier_code, tracking_secret,
    state, issued_at, queued_at, called_at, serving_at, finished_at, counter_id, assigned_counter_id, recall_count,
    transfer_count, kiosk_id, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
  updateTicket: `UPDATE tickets SET area_id = $2, state = $3, queued_at = $4, called_at = $5, serving_at = $6, finished_at = $7,
    counter_id = $8, assigned_counter_id = $9, recall_count = $10, transfer_count = $11 WHERE id = $1`,
  updateCounter: `UPDATE counters SET name = $3, area_ids = $4, state = $5, pause_reason = $6, officer = $7, current_ticket_id = $8
    WHERE center_id = $1 AND id = $2`,
  updateArea: `UPDATE service_areas SET name_vi = $3, name_en = $4, closed_on = $5, target_service_minutes = $6, priority_streak = $7
    WHERE center_id = $1 AND id = $2`,
  insertEvent: `INSERT INTO events (center_id, seq, type, at, actor, ticket_id, counter_id, note, payload)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  eventsAfter: `SELECT payload FROM events WHERE center_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
  ticketHistory: `SELECT seq, type, at, actor, counter_id, note FROM events WHERE ticket_id = $1 ORDER BY center_id, seq`,
  upsertProvince: `INSERT INTO provinces (id, code, name) VALUES ($1, $2, $3)
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name`,
  insertCenter: `INSERT INTO centers (id, province_id, agency_code, stats_code, name, commune, address, settings)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  insertArea: `INSERT INTO service_areas (center_id, id, code, name_vi, name_en, block_start, block_end,
    target_service_minutes, closed_on, sort, priority_streak) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
  insertCounter: `INSERT INTO counters (center_id, id, number, name, area_ids, state, pause_reason, officer, current_ticket_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  insertDevice: `INSERT INTO devices (id, center_id, kind, name, counter_id) VALUES ($1, $2, $3, $4, $5)`,
  insertPrintJob: `INSERT INTO print_jobs (id, ticket_id, center_id, kiosk_id, state, attempts, message, issued, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ticket_id) DO NOTHING`,
  printJob: `SELECT * FROM print_jobs WHERE id = $1`,
  printJobOfTicket: `SELECT * FROM print_jobs WHERE ticket_id = $1`,
  pendingPrintJobs: `SELECT * FROM print_jobs WHERE kiosk_id = $1 AND state IN ('queued', 'printing') ORDER BY created_at, id`,
  updatePrintJob: `UPDATE print_jobs SET state = $2, attempts = $3, message = $4, updated_at = $5 WHERE id = $1`,
} as const;

const MIGRATION_SQL = {
  // One migrator at a time per schema: instances starting together wait for each other here.
  lock: `SELECT pg_advisory_xact_lock(hashtext('luot:migrations:' || current_schema()))`,
  table: `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)`,
  version: `SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations`,
  applied: `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
};

/** Errors after which the whole transaction is run again: deadlock, serialization failure, a unique key taken
 * by a concurrent transaction (the next run sees the other's row, as a one-at-a-time store would have). */
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const MAX_ATTEMPTS = 4;

export class PgStore implements Store {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and brings the schema up to date. The URL may set the schema: `?options=-c%20search_path%3Dname`. */
  static async open(url: string, poolSize = 10): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle connection that breaks is dropped by the pool; say so instead of crashing the process.
    pool.on('error', (err) => console.error('postgres pool', err.message));
    const store = new PgStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(MIGRATION_SQL.lock);
      await client.query(MIGRATION_SQL.table);
      const { v } = (await client.query(MIGRATION_SQL.version)).rows[0] as { v: number };
      for (let version = v; version < PG_MIGRATIONS.length; version++) {
        await client.query(PG_MIGRATIONS[version]);
        await client.query(MIGRATION_SQL.applied, [version + 1, new Date().toISOString()]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      const callbacks: (() => void)[] = [];
      let result: T;
      try {
        await client.query('BEGIN');
        result = await fn(this.txOn(client, callbacks));
        await client.query('COMMIT');
      } catch (err) {
        const broken = await client.query('ROLLBACK').then(() => false, () => true);
        client.release(broken);
        if (attempt < MAX_ATTEMPTS && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
        throw err;
      }
      client.release();
      for (const cb of callbacks) cb();
      return result;
    }
  }

  private txOn(client: pg.PoolClient, callbacks: (() => void)[]): Tx {
    const run = statements('queue', SQL, client);
    const one = async (key: keyof typeof SQL, values: unknown[]) => first(await run(key, values));
    const all = async (key: keyof typeof SQL, values: unknown[]) => (await run(key, values)).rows;
    const ticketOrNull = (r: Row | null) => (r ? toTicket(r) : null);
    return {
      province: async (id) => ((await one('province', [id])) as Province | null) ?? null,
      center: async (id, lock) => {
        const r = await one(lock === 'update' ? 'centerForUpdate' : lock === 'share' ? 'centerForShare' : 'center', [id]);
        return r ? toCenter(r) : null;
      },
      areas: async (centerId) => (await all('areas', [centerId])).map(toArea),
      counters: async (centerId) => (await all('counters', [centerId])).map(toCounter),
      ticket: async (id) => ticketOrNull(await one('ticket', [id])),
      tickets: async (ids) => {
        const byId = new Map((await all('tickets', [ids])).map((r) => [r.id as string, toTicket(r)]));
        return ids.flatMap((id) => byId.get(id) ?? []);
      },
      ticketByIdempotencyKey: async (centerId, key) => {
        const r = await one('ticketByKey', [centerId, key]);
        return r ? { ticket: toTicket(r), requestHash: r.request_hash as string } : null;
      },
      waitingTickets: async (centerId, areaIds) => {
        const waiting = (await all('waiting', [centerId])).map(toTicket);
        return areaIds ? waiting.filter((t) => areaIds.includes(t.areaId)) : waiting;
      },
      firstInLine: async (centerId, areaId, priority) => ticketOrNull(await one('firstInLine', [centerId, areaId, priority])),
      firstForCounter: async (centerId, counterId) => ticketOrNull(await one('firstForCounter', [centerId, counterId])),
      countInLine: async (centerId, areaId, slice) =>
        (await one('countInLine', [centerId, areaId, slice.priority, slice.before?.queuedAt ?? null, slice.before?.number ?? null]))!.n as number,
      waitingCount: async (centerId, areaId) => (await one('waitingCount', [centerId, areaId]))!.n as number,
      recentServiceMs: async (centerId, areaId, limit) => (await all('recentService', [centerId, areaId, limit])).map((r) => Math.round(r.ms as number)),
      nextSequence: async (centerId, scope, day) => (await one('nextSequence', [centerId, scope, day]))!.value as number,
      lastSeq: async (centerId) => ((await one('lastSeq', [centerId]))?.last_seq as number | undefined) ?? 0,
      recentCalls: async (centerId, limit) =>
        (await all('recentCalls', [centerId, limit])).map((r) => (JSON.parse(r.payload as string) as CenterEvent).call as CallView),

      insertTicket: async (t, idem) => {
        await run('insertTicket', [
          t.id, t.centerId, t.areaId, t.number, t.serviceDay, t.priority, t.dossierCode, t.trackingSecret, t.state, t.issuedAt, t.queuedAt,
          t.calledAt, t.servingAt, t.finishedAt, t.counterId, t.assignedCounterId, t.recallCount, t.transferCount, t.kioskId,
          idem?.key ?? null, idem?.requestHash ?? null,
        ]);
      },
      updateTicket: async (t) => {
        await run('updateTicket', [t.id, t.areaId, t.state, t.queuedAt, t.calledAt, t.servingAt, t.finishedAt, t.counterId, t.assignedCounterId, t.recallCount, t.transferCount]);
      },
      updateCounter: async (c) => {
        await run('updateCounter', [c.centerId, c.id, c.name, JSON.stringify(c.areaIds), c.state, c.pauseReason, c.officer, c.currentTicketId]);
      },
      updateArea: async (a) => {
        await run('updateArea', [a.centerId, a.id, a.nameVi, a.nameEn, a.closedOn, a.targetServiceMinutes, a.priorityStreak]);
      },
      appendEvent: async (centerId, build) => {
        const seq = (await one('bumpSeq', [centerId]))!.last_seq as number;
        const logged = build(seq);
        const e = logged.event;
        await run('insertEvent', [e.centerId, seq, e.type, e.at, logged.actor, logged.ticketId, logged.counterId, logged.note, JSON.stringify(e)]);
        return e;
      },

      upsertProvince: async (p) => {
        await run('upsertProvince', [p.id, p.code, p.name]);
      },
      insertCenter: async (c) => {
        await run('insertCenter', [c.id, c.provinceId, c.agencyCode, c.statsCode, c.name, c.commune, c.address, JSON.stringify(c.settings)]);
      },
      insertArea: async (a) => {
        await run('insertArea', [a.centerId, a.id, a.code, a.nameVi, a.nameEn, a.blockStart, a.blockEnd, a.targetServiceMinutes, a.closedOn, a.sort, a.priorityStreak]);
      },
      insertCounter: async (c) => {
        await run('insertCounter', [c.centerId, c.id, c.number, c.name, JSON.stringify(c.areaIds), c.state, c.pauseReason, c.officer, c.currentTicketId]);
      },
      insertDevice: async (d) => {
        await run('insertDevice', [d.id, d.centerId, d.kind, d.name, d.counterId]);
      },
      insertPrintJob: async (j) => {
        await run('insertPrintJob', [j.id, j.ticketId, j.centerId, j.kioskId, j.state, j.attempts, j.message, JSON.stringify(j.issued), j.createdAt, j.updatedAt]);
      },
      printJob: async (id) => {
        const r = await one('printJob', [id]);
        return r ? toPrintJob(r) : null;
      },
      printJobOfTicket: async (ticketId) => {
        const r = await one('printJobOfTicket', [ticketId]);
        return r ? toPrintJob(r) : null;
      },
      pendingPrintJobs: async (kioskId) => (await all('pendingPrintJobs', [kioskId])).map(toPrintJob),
      updatePrintJob: async (j) => {
        await run('updatePrintJob', [j.id, j.state, j.attempts, j.message, j.updatedAt]);
      },
      afterCommit: (cb) => {
        callbacks.push(cb);
      },
      dossiers: pgDossierTx(client),
      accounts: pgAccountTx(client),
      reports: pgReportTx(client),
      notify: pgNotifyTx(client),
    };
  }

  private async read(key: keyof typeof SQL, values: unknown[]): Promise<Row[]> {
    return (await statements('queue', SQL, this.pool)(key, values)).rows;
  }

  async centers() {
    return (await this.read('centers', [])).map(toCenter);
  }

  async devices(centerId: string): Promise<Device[]> {
    return (await this.read('devices', [centerId])).map(toDevice);
  }

  async eventsAfter(centerId: string, seq: number, limit: number): Promise<CenterEvent[]> {
    return (await this.read('eventsAfter', [centerId, seq, limit])).map((r) => JSON.parse(r.payload as string));
  }

  async ticketHistory(ticketId: string): Promise<TicketTransition[]> {
    return (await this.read('ticketHistory', [ticketId])).map(toTransition);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
