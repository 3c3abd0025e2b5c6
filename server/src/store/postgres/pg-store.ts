// The PostgreSQL store (node-postgres), for several server instances on one database. Its statements are the
// typed repositories of ../queries, run on the transaction's client. A command locks its center's row first
// (Tx.center with 'update'): the commands of one center run one after another across instances, while
// different centers run in parallel; the per-center event sequence and the per-day numbers are rows updated
// under that lock, so they stay unique and without gaps.
import pg from 'pg';
import { compiler, type Sql } from '../db.ts';
import { checkHistory, historyTable, MIGRATIONS } from '../migrations.ts';
import type { DatabaseOptions } from '../../config.ts';
import { readsOf, readTxOf, StoreReads, txOf } from '../queries/index.ts';
import type { ReadTx, Store, Tx } from '../store.ts';
import { migrationLock, postgresDdl, postgresExecutor, postgresSql } from './dialect.ts';

/** Errors after which the whole transaction is run again: deadlock, serialization failure, a unique key taken
 * by a concurrent transaction (the next run sees the other's row, as a one-at-a-time store would have). */
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const MAX_ATTEMPTS = 4;
/** At most this many transactions share one commit. */
const MAX_GROUP = 64;
/** lock_timeout of a group's later transactions, and the error it raises. */
const LATER_LOCK_WAIT_MS = 1;
const LOCK_NOT_AVAILABLE = '55P03';

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  attempt: number;
}
type Outcome = { ok: true; value: unknown; callbacks: (() => void)[] } | { ok: false; err: unknown };

const builder = compiler('postgres');

export class PgStore extends StoreReads implements Store {
  protected readonly reads: ReturnType<typeof readsOf>;
  private pending: Job[] = [];
  private drains = 0;
  /** Drains still waiting for their connection: they will take what is pending. */
  private connecting = 0;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly poolSize: number,
    /** Reports' own connections (Store.read), to the primary or to a replica: a long read never takes a command's. */
    private readonly readPool: pg.Pool,
  ) {
    super();
    this.reads = readsOf({ db: builder, x: postgresExecutor(pool), d: postgresSql });
  }

  /**
   * Connects and brings the schema up to date. The URL may set the schema: `?options=-c%20search_path%3Dname`
   * (a replica's DATABASE_READ_URL the same one).
   */
  static async open(url: string, options: Partial<DatabaseOptions> = {}): Promise<PgStore> {
    const timeout = (ms: number | undefined) => (ms ? { statement_timeout: ms } : {});
    const poolSize = options.poolSize ?? 10;
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      ...timeout(options.statementTimeoutMs),
    });
    const readPool = new pg.Pool({
      connectionString: options.readUrl ?? url,
      max: options.readPoolSize ?? 2,
      ...timeout(options.readStatementTimeoutMs),
    });
    // An idle connection that breaks is dropped by the pool; say so instead of crashing the process.
    pool.on('error', (err) => console.error('postgres pool', err.message));
    readPool.on('error', (err) => console.error('postgres read pool', err.message));
    const store = new PgStore(pool, poolSize, readPool);
    try {
      await store.migrate();
    } catch (err) {
      await Promise.all([pool.end(), readPool.end()]);
      throw err;
    }
    return store;
  }

  /** A client's statements, one at a time however they are issued (pg allows one query in flight per client). */
  private sqlOn(client: pg.ClientBase): Sql {
    return { db: builder, x: postgresExecutor(client, true), d: postgresSql };
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(migrationLock.compile(builder).sql);
      const tables = (
        await client.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
        )
      ).rows.map((r) => r.name);
      const version = tables.includes('luot_migrations')
        ? (await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM luot_migrations')).rows[0]
            .v
        : 0;
      checkHistory(tables, version);
      await client.query(historyTable(postgresDdl));
      for (let v = version; v < MIGRATIONS.length; v++) {
        await client.query(MIGRATIONS[v].sql(postgresDdl));
        await client.query('INSERT INTO luot_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          v + 1,
          MIGRATIONS[v].name,
          new Date().toISOString(),
        ]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject, attempt: 1 });
      this.startDrains();
    });
  }

  /**
   * Up to one drain per connection of the pool, each taking whatever waits when it has its connection: alone
   * while the pool has room (no wait for a group), grouped once every connection is busy.
   */
  private startDrains() {
    while (this.drains < this.poolSize && this.pending.length > this.connecting) {
      this.drains++;
      void this.drain().finally(() => {
        this.drains--;
        this.startDrains();
      });
    }
  }

  private async drain(): Promise<void> {
    let client: pg.PoolClient;
    this.connecting++;
    try {
      client = await this.pool.connect();
    } catch (err) {
      // No connection: what waits now fails, as a lone transaction would have.
      for (const job of this.pending.splice(0)) job.reject(err);
      return;
    } finally {
      this.connecting--;
    }
    let broken = false;
    try {
      while (!broken && this.pending.length > 0)
        broken = await this.runGroup(client, this.pending.splice(0, MAX_GROUP));
    } finally {
      client.release(broken);
    }
  }

  /**
   * Group commit, as SQLite's: the transactions waiting when a connection frees run in one PostgreSQL transaction,
   * each in its own savepoint (a failure undoes only its own work), all answered after that one commit. A commit
   * waits for its WAL flush while the center's row stays locked; under load this shares it. Only the group's first
   * transaction waits for a lock held elsewhere: a later one that would (lock_timeout) is put back to lead a later
   * group, so a group never waits holding others' locks and two groups cannot deadlock on each other's centers.
   * Returns whether the connection broke.
   */
  private async runGroup(client: pg.PoolClient, group: Job[]): Promise<boolean> {
    const sql = this.sqlOn(client);
    const done: { job: Job; outcome: Outcome }[] = [];
    const retry: Job[] = [];
    try {
      for (const [i, job] of group.entries()) {
        await client.query(
          i === 0
            ? 'BEGIN; SAVEPOINT job'
            : i === 1
              ? `RELEASE SAVEPOINT job; SET LOCAL lock_timeout = ${LATER_LOCK_WAIT_MS}; SAVEPOINT job`
              : 'RELEASE SAVEPOINT job; SAVEPOINT job',
        );
        const callbacks: (() => void)[] = [];
        try {
          const value = await job.fn(txOf(sql, (cb) => callbacks.push(cb)));
          done.push({ job, outcome: { ok: true, value, callbacks } });
        } catch (err) {
          await client.query('ROLLBACK TO SAVEPOINT job');
          const code = errorCode(err);
          if (code === LOCK_NOT_AVAILABLE && i > 0) retry.push(job);
          else if (job.attempt < MAX_ATTEMPTS && RETRYABLE.has(code)) retry.push({ ...job, attempt: job.attempt + 1 });
          else done.push({ job, outcome: { ok: false, err } });
        }
      }
      await client.query('COMMIT');
    } catch (err) {
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      // Nothing of the group stands: each runs again if it may, or fails with the group's error.
      for (const job of [...done.map((d) => d.job), ...retry]) {
        if (!broken && job.attempt < MAX_ATTEMPTS && RETRYABLE.has(errorCode(err)))
          this.pending.unshift({ ...job, attempt: job.attempt + 1 });
        else job.reject(err);
      }
      this.startDrains();
      return broken;
    }
    this.pending.unshift(...retry);
    for (const { job, outcome } of done) {
      if (!outcome.ok) {
        job.reject(outcome.err);
        continue;
      }
      for (const cb of outcome.callbacks) cb();
      job.resolve(outcome.value);
    }
    return false;
  }

  /** One snapshot of the read pool's database: every statement of a report sees the same committed state. */
  async read<T>(fn: (r: ReadTx) => Promise<T>): Promise<T> {
    const client = await this.readPool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(readTxOf(this.sqlOn(client)));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw err;
    }
  }

  async close(): Promise<void> {
    while (this.drains > 0) await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([this.pool.end(), this.readPool.end()]);
  }
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : '';
}
