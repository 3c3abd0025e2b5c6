// How the PostgreSQL modules run their SQL: each statement prepared once per connection, by module and name.
import type { ClientBase, QueryResult, QueryResultRow } from 'pg';
import type { Row } from '../rows.ts';

export type Run<K extends string> = (key: K, values?: unknown[]) => Promise<QueryResult<Row>>;

/** The runner of a module's statements on one connection (the transaction's). */
export function statements<K extends string>(module: string, sql: Record<K, string>, client: Pick<ClientBase, 'query'>): Run<K> {
  return (key, values = []) => client.query<QueryResultRow>({ name: `${module}.${key}`, text: sql[key], values }) as Promise<QueryResult<Row>>;
}

/** The first row, or null. */
export const first = (result: QueryResult<Row>): Row | null => result.rows[0] ?? null;
