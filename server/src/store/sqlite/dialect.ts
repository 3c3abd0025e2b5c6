// Everything of the typed layer that is SQLite's own: the executor on better-sqlite3 (synchronous, statements
// prepared once per SQL text), the dialect fragments and the DDL words.
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { DialectSql, Executor } from '../db.ts';
import type { Ddl } from '../migrations.ts';

export const sqliteSql: DialectSql = {
  name: 'sqlite',
  // Transactions run one at a time: nothing to lock.
  lock: (query) => query,
  msBetween: (from, to) => sql<number>`(julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400000`,
  jsonText: (column, path) => sql<string>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${path.join('.')}`)})`,
};

export const sqliteDdl: Ddl = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  autoId: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  keyed: ' WITHOUT ROWID',
  appendOnly: (table) => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} are append-only'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} are append-only'); END;`,
  // Dropping the table counts its referencing rows as deferred violations, which the rows copied back into the
  // new table of the same name clear before the commit checks them.
  replaceCheck: (table, _column, _check, create) => `
  PRAGMA defer_foreign_keys = ON;
  CREATE TEMP TABLE ${table}_before AS SELECT * FROM ${table};
  DROP TABLE ${table};
  ${create};
  INSERT INTO ${table} SELECT * FROM ${table}_before;
  DROP TABLE ${table}_before;`,
};

/** better-sqlite3 binds numbers, strings, bigints, buffers and null: booleans go as 1 and 0. */
export const bind = (parameters: readonly unknown[]) =>
  parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/** Runs compiled statements on the connection, synchronously (the port is async; nothing awaits I/O). */
export function sqliteExecutor(db: Database.Database): Executor {
  const prepared = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = prepared.get(text);
    if (!statement) prepared.set(text, (statement = db.prepare(text)));
    return statement;
  };
  return {
    rows: async <R>(query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const { sql: text, parameters } = query.compile();
      // The one place a SQLite row becomes typed: the statement was built on `Database` (schema.ts).
      return prepare(text).all(...bind(parameters)) as R[];
    },
    run: async (query) => {
      const { sql: text, parameters } = query.compile();
      const statement = prepare(text);
      return statement.reader ? statement.all(...bind(parameters)).length : statement.run(...bind(parameters)).changes;
    },
  };
}
