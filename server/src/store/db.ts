// The typed query layer of both SQL stores. Statements are written once with Kysely's builder on `Database`
// (schema.ts) and compiled for the store's dialect; the store's own executor runs them on its connection
// (better-sqlite3 synchronously inside the group commit, a pg client inside its transaction), so transactions,
// group commit, row locks and retries stay the store's. What differs by dialect is in `DialectSql`
// (sqlite/dialect.ts, postgres/dialect.ts).
import {
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  type SelectQueryBuilder,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import type { Database } from './schema.ts';

/** Runs compiled statements on one connection (the transaction's, or the pool's for reads outside one). */
export interface Executor {
  /** The rows a statement returns (a SELECT, or a write with RETURNING). */
  rows<R>(query: Compilable<R>): Promise<R[]>;
  /** Runs a write; returns how many rows it changed. */
  run(query: Compilable<unknown>): Promise<number>;
}

/** The few fragments whose SQL differs between SQLite and PostgreSQL. */
export interface DialectSql {
  name: 'sqlite' | 'postgres';
  /** Locks the rows a SELECT reads until the commit (PostgreSQL); SQLite runs every transaction alone. */
  lock<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
    mode: 'update' | 'share',
  ): SelectQueryBuilder<DB, TB, O>;
  /** Milliseconds between two ISO time columns (to - from). */
  msBetween(from: string, to: string): RawBuilder<number>;
  /** A text value inside a JSON text column, by path of keys. */
  jsonText(column: string, path: string[]): RawBuilder<string>;
}

/** What a repository works with: the builder (compiles only, never connects), the executor and the dialect. */
export interface Sql {
  db: Kysely<Database>;
  x: Executor;
  d: DialectSql;
}

/** A builder that compiles for a dialect and has no connection: executing through it fails loudly. */
export function compiler(dialect: 'sqlite' | 'postgres'): Kysely<Database> {
  const sqlite = dialect === 'sqlite';
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

/** The first row of a statement, or null. */
export async function first<R>(x: Executor, query: Compilable<R>): Promise<R | null> {
  return (await x.rows(query))[0] ?? null;
}

/** count(*) as a JavaScript number on both stores (PostgreSQL's bigint would read as a string). */
export const countAll = sql<number>`cast(count(*) as integer)`;
