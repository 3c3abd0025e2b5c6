import type { DatabaseOptions, SqliteSynchronous } from '../config.ts';
import { PgStore } from './postgres/pg-store.ts';
import { SqliteStore, sqlitePathOf } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** Chooses the store from DATABASE_URL: postgres:// or postgresql:// (PostgreSQL, several instances may share it),
 * else sqlite:/file: paths (embedded, one instance). Brings the schema up to date. */
export async function openStore(
  databaseUrl: string,
  options: { synchronous?: SqliteSynchronous; database?: Partial<DatabaseOptions> } = {},
): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return PgStore.open(databaseUrl, options.database);
  return new SqliteStore(sqlitePathOf(databaseUrl), {
    synchronous: options.synchronous,
    readers: options.database?.readPoolSize,
  });
}
