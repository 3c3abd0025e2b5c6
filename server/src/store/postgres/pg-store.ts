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

const builder = compiler('postgres');

export class PgStore extends StoreReads implements Store {
  protected readonly reads: ReturnType<typeof readsOf>;

  private constructor(
    private readonly pool: pg.Pool,
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
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
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
    const store = new PgStore(pool, readPool);
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

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      const callbacks: (() => void)[] = [];
      let result: T;
      try {
        await client.query('BEGIN');
        result = await fn(txOf(this.sqlOn(client), (cb) => callbacks.push(cb)));
        await client.query('COMMIT');
      } catch (err) {
        const broken = await client.query('ROLLBACK').then(
          () => false,
          () => true,
        );
        client.release(broken);
        if (attempt < MAX_ATTEMPTS && RETRYABLE.has(errorCode(err))) continue;
        throw err;
      }
      client.release();
      for (const cb of callbacks) cb();
      return result;
    }
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
    await Promise.all([this.pool.end(), this.readPool.end()]);
  }
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : '';
}
