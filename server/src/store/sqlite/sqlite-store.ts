// The embedded store: one SQLite file in WAL mode through better-sqlite3. Its statements are the typed
// repositories of ../queries, run synchronously on this connection inside the group commit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqliteSynchronous } from '../../config.ts';
import { compiler, type Sql } from '../db.ts';
import { checkHistory, historyTable, MIGRATIONS } from '../migrations.ts';
import { readsOf, readTxOf, StoreReads, txOf } from '../queries/index.ts';
import type { ReadTx, Store, Tx } from '../store.ts';
import { sqliteDdl, sqliteExecutor, sqliteSql } from './dialect.ts';
import { SqliteReader } from './reader.ts';

/** At most this many transactions share one commit. */
const MAX_GROUP = 64;

/** `sqlite:path`, `file:path` or a bare path; the default lives under ./data. */
export function sqlitePathOf(databaseUrl: string): string {
  return databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
}

export class SqliteStore extends StoreReads implements Store {
  private readonly db: Database.Database;
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo',
    Database.Statement
  >;
  private readonly txView: Tx;
  protected readonly reads: ReturnType<typeof readsOf>;
  /** Transactions run one at a time (better-sqlite3 is synchronous, the port is async), in groups: see drain. */
  private pending: {
    fn: (tx: Tx) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (err: unknown) => void;
  }[] = [];
  private draining: Promise<void> | null = null;
  private afterCommit: (() => void)[] = [];

  /** Null for an in-memory database, which no other connection can open: its reads run in the group commit. */
  private readonly reader: SqliteReader | null;

  constructor(path: string, options: { synchronous?: SqliteSynchronous; readers?: number } = {}) {
    super();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      // FULL: every commit is on disk before it is acknowledged (a power cut loses nothing acknowledged);
      // NORMAL (SQLITE_SYNCHRONOUS=NORMAL) survives a crash of the process, fsyncing at checkpoints only.
      this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (err) {
      this.db.close();
      throw err;
    }
    const sql: Sql = { db: compiler('sqlite'), x: sqliteExecutor(this.db), d: sqliteSql };
    this.control = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT job'),
      release: this.db.prepare('RELEASE job'),
      rollbackTo: this.db.prepare('ROLLBACK TO job'),
    };
    // One Tx for all transactions: they run one at a time.
    this.txView = txOf(sql, (fn) => {
      this.afterCommit.push(fn);
    });
    this.reads = readsOf(sql);
    this.reader = path === ':memory:' ? null : new SqliteReader(path, options.readers ?? 2);
  }

  read<T>(fn: (r: ReadTx) => Promise<T>): Promise<T> {
    return this.reader ? this.reader.read((sql) => fn(readTxOf(sql))) : this.transaction(fn);
  }

  private migrate() {
    const tables = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all().map(String);
    const version = tables.includes('luot_migrations')
      ? Number(this.db.prepare('SELECT coalesce(max(version), 0) FROM luot_migrations').pluck().get())
      : 0;
    checkHistory(tables, version);
    this.db.exec(historyTable(sqliteDdl));
    const record = this.db.prepare('INSERT INTO luot_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v].sql(sqliteDdl));
        record.run(v + 1, MIGRATIONS[v].name, new Date().toISOString());
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

  async close(): Promise<void> {
    await this.reader?.close();
    await this.draining;
    this.db.close();
  }
}
