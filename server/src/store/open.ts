import { SqliteStore, sqlitePathOf } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** Chooses the store from DATABASE_URL: sqlite:/file: paths (embedded). */
export function openStore(databaseUrl: string): Store {
  if (/^postgres(ql)?:/.test(databaseUrl)) throw new Error('PostgreSQL support is not built yet: use a sqlite: DATABASE_URL');
  return new SqliteStore(sqlitePathOf(databaseUrl));
}
