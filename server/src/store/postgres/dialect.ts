// Everything of the typed layer that is PostgreSQL's own: the executor on a pg client (each statement prepared
// once per connection), row locks, date arithmetic, JSON paths, the DDL words and the migrations' advisory lock.
import type { ClientBase, QueryResultRow } from 'pg';
import { type Compilable, sql } from 'kysely';
import type { DialectSql, Executor } from '../db.ts';
import type { Ddl } from '../migrations.ts';

export const postgresSql: DialectSql = {
  name: 'postgres',
  lock: (query, mode) => (mode === 'update' ? query.forUpdate() : query.forShare()),
  msBetween: (from, to) =>
    sql<number>`extract(epoch FROM ${sql.ref(to)}::timestamptz - ${sql.ref(from)}::timestamptz)::float8 * 1000`,
  jsonText: (column, path) => sql<string>`${sql.ref(column)}::jsonb #>> ${sql.lit(`{${path.join(',')}}`)}`,
};

export const postgresDdl: Ddl = {
  text: 'text COLLATE "C"',
  integer: 'integer',
  real: 'double precision',
  autoId: 'integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  keyed: '',
  appendOnly: (table) => `
  CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '${table} are append-only'; END $$;
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only();`,
  // The name PostgreSQL gives a column's CHECK.
  replaceCheck: (table, column, check) => `
  ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_check;
  ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_check CHECK (${check});`,
};

/** One migrator at a time per schema: instances starting together wait for each other here. */
export const migrationLock = sql`SELECT pg_advisory_xact_lock(hashtext('luot:migrations:' || current_schema()))`;

/** Prepared-statement names by SQL text, the same on every connection. */
const names = new Map<string, string>();
const nameOf = (text: string) => {
  let name = names.get(text);
  if (!name) names.set(text, (name = `luot_${names.size + 1}`));
  return name;
};

/**
 * Runs compiled statements on one client (the transaction's) or on the pool. On a client, `serial`: a statement
 * waits for the one before (callers may issue several at once, as Promise.all does; a pg client takes one).
 */
export function postgresExecutor(client: Pick<ClientBase, 'query'>, serial = false): Executor {
  let tail: Promise<unknown> = Promise.resolve();
  const send = (q: Compilable<unknown>) => {
    const { sql: text, parameters } = q.compile();
    return client.query<QueryResultRow>({ name: nameOf(text), text, values: [...parameters] });
  };
  const query = (q: Compilable<unknown>) => {
    if (!serial) return send(q);
    const result = tail.then(() => send(q));
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    // The one place a PostgreSQL row becomes typed: the statement was built on `Database` (schema.ts).
    rows: async <R>(q: Compilable<R>) => (await query(q)).rows as R[],
    run: async (q) => (await query(q)).rowCount ?? 0,
  };
}
