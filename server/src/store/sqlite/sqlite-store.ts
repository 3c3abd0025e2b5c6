// The embedded store: one SQLite file in WAL mode through better-sqlite3. Every SQL statement lives here.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CallView, Center, CenterEvent, Device, Province, TicketTransition } from '../../contract/index.ts';
import { sqliteAccountTx } from '../../auth/sqlite-accounts.ts';
import { sqliteReportTx } from '../../reports/sqlite-reports.ts';
import type { DossierTx } from '../dossiers.ts';
import { type Row, toArea, toCenter, toCounter, toDevice, toPrintJob, toTicket, toTransition } from '../rows.ts';
import type { Store, Tx } from '../store.ts';
import { sqliteDossierTx } from './dossier-queries.ts';
import { sqliteNotifyTx } from './notify-queries.ts';
import { MIGRATIONS } from './migrations.ts';

/** At most this many transactions share one commit. */
const MAX_GROUP = 64;

const SQL = {
  province: `SELECT id, code, name FROM provinces WHERE id = ?`,
  center: `SELECT * FROM centers WHERE id = ?`,
  centers: `SELECT * FROM centers ORDER BY province_id, id`,
  areas: `SELECT * FROM service_areas WHERE center_id = ? ORDER BY sort, id`,
  counters: `SELECT * FROM counters WHERE center_id = ? ORDER BY number`,
  devices: `SELECT * FROM devices WHERE center_id = ? ORDER BY id`,
  ticket: `SELECT * FROM tickets WHERE id = ?`,
  ticketByKey: `SELECT * FROM tickets WHERE center_id = ? AND idempotency_key = ?`,
  waiting: `SELECT * FROM tickets WHERE center_id = ? AND state = 'waiting' ORDER BY queued_at, number`,
  firstInLine: `SELECT * FROM tickets WHERE center_id = ? AND area_id = ? AND state = 'waiting'
    AND assigned_counter_id IS NULL AND (priority <> 'none') = ? ORDER BY queued_at, number LIMIT 1`,
  firstForCounter: `SELECT * FROM tickets WHERE center_id = ? AND state = 'waiting' AND assigned_counter_id = ?
    ORDER BY queued_at, number LIMIT 1`,
  countInLine: `SELECT count(*) AS n FROM tickets WHERE center_id = @centerId AND area_id = @areaId AND state = 'waiting'
    AND assigned_counter_id IS NULL AND (priority <> 'none') = @priority
    AND (@queuedAt IS NULL OR queued_at < @queuedAt OR (queued_at = @queuedAt AND number < @number))`,
  waitingCount: `SELECT count(*) AS n FROM tickets WHERE center_id = ? AND area_id = ? AND state = 'waiting'`,
  recentService: `SELECT (julianday(finished_at) - julianday(serving_at)) * 86400000 AS ms FROM tickets
    WHERE center_id = ? AND area_id = ? AND state = 'done' AND serving_at IS NOT NULL
    ORDER BY finished_at DESC LIMIT ?`,
  nextSequence: `INSERT INTO day_sequences (center_id, scope, day, value) VALUES (?, ?, ?, 1)
    ON CONFLICT (center_id, scope, day) DO UPDATE SET value = value + 1 RETURNING value`,
  lastSeq: `SELECT last_seq FROM centers WHERE id = ?`,
  bumpSeq: `UPDATE centers SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq`,
  recentCalls: `SELECT payload FROM events WHERE center_id = ? AND type IN ('ticket:called', 'ticket:recalled')
    ORDER BY seq DESC LIMIT ?`,
  insertTicket: `INSERT INTO tickets (id, center_id, area_id, number, service_day, priority, dossier_code, tracking_secret,
    state, issued_at, queued_at, called_at, serving_at, finished_at, counter_id, assigned_counter_id, recall_count,
    transfer_count, kiosk_id, idempotency_key, request_hash)
    VALUES (@id, @centerId, @areaId, @number, @serviceDay, @priority, @dossierCode, @trackingSecret, @state, @issuedAt,
    @queuedAt, @calledAt, @servingAt, @finishedAt, @counterId, @assignedCounterId, @recallCount, @transferCount,
    @kioskId, @idempotencyKey, @requestHash)`,
  updateTicket: `UPDATE tickets SET area_id = @areaId, state = @state, queued_at = @queuedAt, called_at = @calledAt,
    serving_at = @servingAt, finished_at = @finishedAt, counter_id = @counterId, assigned_counter_id = @assignedCounterId,
    recall_count = @recallCount, transfer_count = @transferCount WHERE id = @id`,
  updateCounter: `UPDATE counters SET name = @name, area_ids = @areaIds, state = @state, pause_reason = @pauseReason,
    officer = @officer, current_ticket_id = @currentTicketId WHERE center_id = @centerId AND id = @id`,
  updateArea: `UPDATE service_areas SET name_vi = @nameVi, name_en = @nameEn, closed_on = @closedOn,
    target_service_minutes = @targetServiceMinutes, priority_streak = @priorityStreak WHERE center_id = @centerId AND id = @id`,
  insertEvent: `INSERT INTO events (center_id, seq, type, at, actor, ticket_id, counter_id, note, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  eventsAfter: `SELECT payload FROM events WHERE center_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
  ticketHistory: `SELECT seq, type, at, actor, counter_id, note FROM events WHERE ticket_id = ? ORDER BY center_id, seq`,
  upsertProvince: `INSERT INTO provinces (id, code, name) VALUES (@id, @code, @name)
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name`,
  insertCenter: `INSERT INTO centers (id, province_id, agency_code, stats_code, name, commune, address, settings)
    VALUES (@id, @provinceId, @agencyCode, @statsCode, @name, @commune, @address, @settings)`,
  insertArea: `INSERT INTO service_areas (center_id, id, code, name_vi, name_en, block_start, block_end,
    target_service_minutes, closed_on, sort, priority_streak)
    VALUES (@centerId, @id, @code, @nameVi, @nameEn, @blockStart, @blockEnd, @targetServiceMinutes, @closedOn, @sort, @priorityStreak)`,
  insertCounter: `INSERT INTO counters (center_id, id, number, name, area_ids, state, pause_reason, officer, current_ticket_id)
    VALUES (@centerId, @id, @number, @name, @areaIds, @state, @pauseReason, @officer, @currentTicketId)`,
  insertDevice: `INSERT INTO devices (id, center_id, kind, name, counter_id) VALUES (@id, @centerId, @kind, @name, @counterId)`,
  insertPrintJob: `INSERT INTO print_jobs (id, ticket_id, center_id, kiosk_id, state, attempts, message, issued, created_at, updated_at)
    VALUES (@id, @ticketId, @centerId, @kioskId, @state, @attempts, @message, @issued, @createdAt, @updatedAt)
    ON CONFLICT (ticket_id) DO NOTHING`,
  printJob: `SELECT * FROM print_jobs WHERE id = ?`,
  printJobOfTicket: `SELECT * FROM print_jobs WHERE ticket_id = ?`,
  pendingPrintJobs: `SELECT * FROM print_jobs WHERE kiosk_id = ? AND state IN ('queued', 'printing') ORDER BY created_at, id`,
  updatePrintJob: `UPDATE print_jobs SET state = @state, attempts = @attempts, message = @message, updated_at = @updatedAt WHERE id = @id`,
} as const;

/** `sqlite:path`, `file:path` or a bare path; the default lives under ./data. */
export function sqlitePathOf(databaseUrl: string): string {
  return databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt: { [K in keyof typeof SQL]: Database.Statement };
  private readonly dossiers: DossierTx;
  private readonly accounts: ReturnType<typeof sqliteAccountTx>;
  private readonly reports: ReturnType<typeof sqliteReportTx>;
  private readonly notify: ReturnType<typeof sqliteNotifyTx>;
  private readonly control: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;
  private readonly txView: Tx;
  /** Transactions run one at a time (better-sqlite3 is synchronous, the port is async), in groups: see drain. */
  private pending: { fn: (tx: Tx) => Promise<unknown>; resolve: (value: unknown) => void; reject: (err: unknown) => void }[] = [];
  private draining: Promise<void> | null = null;
  private afterCommit: (() => void)[] = [];

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a crash of the process; fsync happens at checkpoints.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.stmt = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, this.db.prepare(sql)])) as typeof this.stmt;
    this.dossiers = sqliteDossierTx(this.db);
    this.accounts = sqliteAccountTx(this.db);
    this.reports = sqliteReportTx(this.db);
    this.notify = sqliteNotifyTx(this.db);
    this.control = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT job'),
      release: this.db.prepare('RELEASE job'),
      rollbackTo: this.db.prepare('ROLLBACK TO job'),
    };
    this.txView = this.buildTx();
  }

  private migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      // Start after the requests already read by this turn of the event loop have queued theirs: one group.
      this.draining ??= new Promise<void>((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  /**
   * Group commit: the transactions that wait while one runs are run together in one SQLite transaction, each in
   * its own savepoint (a failure undoes only its own work), and all are answered after that one commit. A commit
   * costs far more than the statements of a ticket; under load this shares it, and nothing is acknowledged or
   * broadcast before it is durable.
   */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_GROUP);
      const outcomes: ({ ok: true; value: unknown; callbacks: (() => void)[] } | { ok: false; err: unknown })[] = [];
      try {
        this.control.begin.run();
        for (const job of batch) {
          this.afterCommit = [];
          this.control.savepoint.run();
          try {
            outcomes.push({ ok: true, value: await job.fn(this.txView), callbacks: this.afterCommit });
            this.control.release.run();
          } catch (err) {
            // SQLite may abandon the whole transaction (disk full, I/O error): then nothing of the batch stands.
            if (!this.db.inTransaction) throw err;
            this.control.rollbackTo.run();
            this.control.release.run();
            outcomes.push({ ok: false, err });
          }
        }
        this.control.commit.run();
      } catch (err) {
        if (this.db.inTransaction) this.control.rollback.run();
        for (const job of batch) job.reject(err);
        continue;
      }
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.ok) {
          batch[i].reject(outcome.err);
          continue;
        }
        for (const cb of outcome.callbacks) cb();
        batch[i].resolve(outcome.value);
      }
    }
    // Cleared in the same tick as the last look at `pending`, so no transaction is left waiting.
    this.draining = null;
  }

  /** One Tx for all transactions: they run one at a time. */
  private buildTx(): Tx {
    const s = this.stmt;
    return {
      province: async (id) => (s.province.get(id) as Province | undefined) ?? null,
      center: async (id) => {
        const r = s.center.get(id) as Row | undefined;
        return r ? toCenter(r) : null;
      },
      areas: async (centerId) => (s.areas.all(centerId) as Row[]).map(toArea),
      counters: async (centerId) => (s.counters.all(centerId) as Row[]).map(toCounter),
      ticket: async (id) => {
        const r = s.ticket.get(id) as Row | undefined;
        return r ? toTicket(r) : null;
      },
      tickets: async (ids) => ids.map((id) => s.ticket.get(id) as Row | undefined).filter((r) => r !== undefined).map(toTicket),
      ticketByIdempotencyKey: async (centerId, key) => {
        const r = s.ticketByKey.get(centerId, key) as Row | undefined;
        return r ? { ticket: toTicket(r), requestHash: r.request_hash as string } : null;
      },
      waitingTickets: async (centerId, areaIds) => {
        const all = (s.waiting.all(centerId) as Row[]).map(toTicket);
        return areaIds ? all.filter((t) => areaIds.includes(t.areaId)) : all;
      },
      firstInLine: async (centerId, areaId, priority) => {
        const r = s.firstInLine.get(centerId, areaId, priority ? 1 : 0) as Row | undefined;
        return r ? toTicket(r) : null;
      },
      firstForCounter: async (centerId, counterId) => {
        const r = s.firstForCounter.get(centerId, counterId) as Row | undefined;
        return r ? toTicket(r) : null;
      },
      countInLine: async (centerId, areaId, slice) =>
        (s.countInLine.get({ centerId, areaId, priority: slice.priority ? 1 : 0, queuedAt: slice.before?.queuedAt ?? null, number: slice.before?.number ?? null }) as Row).n as number,
      waitingCount: async (centerId, areaId) => (s.waitingCount.get(centerId, areaId) as Row).n as number,
      recentServiceMs: async (centerId, areaId, limit) =>
        (s.recentService.all(centerId, areaId, limit) as Row[]).map((r) => Math.round(r.ms as number)),
      nextSequence: async (centerId, scope, day) => (s.nextSequence.get(centerId, scope, day) as Row).value as number,
      lastSeq: async (centerId) => ((s.lastSeq.get(centerId) as Row | undefined)?.last_seq as number) ?? 0,
      recentCalls: async (centerId, limit) =>
        (s.recentCalls.all(centerId, limit) as Row[]).map((r) => (JSON.parse(r.payload as string) as CenterEvent).call as CallView),

      insertTicket: async (t, idem) => {
        s.insertTicket.run({ ...t, idempotencyKey: idem?.key ?? null, requestHash: idem?.requestHash ?? null });
      },
      updateTicket: async (t) => {
        s.updateTicket.run(t);
      },
      updateCounter: async (c) => {
        s.updateCounter.run({ ...c, areaIds: JSON.stringify(c.areaIds) });
      },
      updateArea: async (a) => {
        s.updateArea.run(a);
      },
      appendEvent: async (centerId, build) => {
        const seq = (s.bumpSeq.get(centerId) as Row).last_seq as number;
        const logged = build(seq);
        const e = logged.event;
        s.insertEvent.run(e.centerId, seq, e.type, e.at, logged.actor, logged.ticketId, logged.counterId, logged.note, JSON.stringify(e));
        return e;
      },

      upsertProvince: async (p) => {
        s.upsertProvince.run(p);
      },
      insertCenter: async (c) => {
        s.insertCenter.run({ ...c, settings: JSON.stringify(c.settings) });
      },
      insertArea: async (a) => {
        s.insertArea.run(a);
      },
      insertCounter: async (c) => {
        s.insertCounter.run({ ...c, areaIds: JSON.stringify(c.areaIds) });
      },
      insertDevice: async (d) => {
        s.insertDevice.run(d);
      },
      insertPrintJob: async (j) => {
        s.insertPrintJob.run({ ...j, issued: JSON.stringify(j.issued) });
      },
      printJob: async (id) => {
        const r = s.printJob.get(id) as Row | undefined;
        return r ? toPrintJob(r) : null;
      },
      printJobOfTicket: async (ticketId) => {
        const r = s.printJobOfTicket.get(ticketId) as Row | undefined;
        return r ? toPrintJob(r) : null;
      },
      pendingPrintJobs: async (kioskId) => (s.pendingPrintJobs.all(kioskId) as Row[]).map(toPrintJob),
      updatePrintJob: async (j) => {
        s.updatePrintJob.run(j);
      },
      afterCommit: (fn) => {
        this.afterCommit.push(fn);
      },
      dossiers: this.dossiers,
      accounts: this.accounts,
      reports: this.reports,
      notify: this.notify,
    };
  }

  async centers(): Promise<Center[]> {
    return (this.stmt.centers.all() as Row[]).map(toCenter);
  }

  async devices(centerId: string): Promise<Device[]> {
    return (this.stmt.devices.all(centerId) as Row[]).map(toDevice);
  }

  async eventsAfter(centerId: string, seq: number, limit: number): Promise<CenterEvent[]> {
    return (this.stmt.eventsAfter.all(centerId, seq, limit) as Row[]).map((r) => JSON.parse(r.payload as string));
  }

  async ticketHistory(ticketId: string): Promise<TicketTransition[]> {
    return (this.stmt.ticketHistory.all(ticketId) as Row[]).map(toTransition);
  }

  async close(): Promise<void> {
    await this.draining;
    this.db.close();
  }
}
