// The PostgreSQL store (node-postgres), for several server instances on one database. Its statements are the
// typed repositories of ../queries, run on the transaction's client. A command locks its center's row first
// (Tx.center with 'update'): the commands of one center run one after another across instances, while
// different centers run in parallel; the per-center event sequence and the per-day numbers are rows updated
// under that lock, so they stay unique and without gaps.
import pg from 'pg';
import { compiler, type Sql } from '../db.ts';
import { checkHistory, historyTable, MIGRATIONS } from '../migrations.ts';
import { readsOf, StoreReads, txOf } from '../queries/index.ts';
import type { Store, Tx } from '../store.ts';
import { migrationLock, postgresDdl, postgresExecutor, postgresSql } from './dialect.ts';

/** Errors after which the whole transaction is run again: deadlock, serialization failure, a unique key taken
 * by a concurrent transaction (the next run sees the other's row, as a one-at-a-time store would have). */
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const MAX_ATTEMPTS = 4;

const builder = compiler('postgres');

export class PgStore extends StoreReads implements Store {
  protected readonly reads: ReturnType<typeof readsOf>;

  private constructor(private readonly pool: pg.Pool) {
    super();
    this.reads = readsOf(this.sqlOn(pool));
  }

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

  private sqlOn(client: Pick<pg.ClientBase, 'query'>): Sql {
    return { db: builder, x: postgresExecutor(client), d: postgresSql };
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

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : '';
}
