// A QueueService on a real store with a clock the test moves: a SQLite file in a temporary folder, or a fresh
// schema of the test PostgreSQL database. Engine tests run on every store of STORE_KINDS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueService } from '../../server/src/queue/service.ts';
import { PgStore } from '../../server/src/store/postgres/pg-store.ts';
import { SqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { freshSchema, postgresForTests } from './services.ts';

export type StoreKind = 'sqlite' | 'postgres';

const postgres = await postgresForTests();
/** SQLite always; PostgreSQL when it can be reached (required under CI). */
export const STORE_KINDS: StoreKind[] = postgres ? ['sqlite', 'postgres'] : ['sqlite'];

export interface ServiceHarness {
  queue: QueueService;
  store: Store;
  /** Sets the clock. */
  at(iso: string): void;
  /** Closes the store and opens it again on the same data, as a restart would. */
  reopen(): Promise<QueueService>;
  close(): Promise<void>;
}

function harness(
  store: Store,
  openAgain: () => Promise<Store>,
  remove: () => Promise<void>,
  startIso: string,
): ServiceHarness {
  let now = new Date(startIso);
  const clock = () => now;
  const h: ServiceHarness = {
    queue: new QueueService(store, clock),
    store,
    at(iso) {
      now = new Date(iso);
    },
    async reopen() {
      await h.store.close();
      h.store = await openAgain();
      h.queue = new QueueService(h.store, clock);
      return h.queue;
    },
    async close() {
      await h.store.close();
      await remove();
    },
  };
  return h;
}

/** On a SQLite file in a temporary folder. */
export function serviceOnTempFile(startIso = '2026-11-23T01:00:00Z'): ServiceHarness {
  const dir = mkdtempSync(join(tmpdir(), 'luot-svc-'));
  const open = () => new SqliteStore(join(dir, 'luot.db'));
  return harness(
    open(),
    async () => open(),
    async () => rmSync(dir, { recursive: true, force: true }),
    startIso,
  );
}

/** On the given kind of store (a fresh PostgreSQL schema for 'postgres'). */
export async function serviceOn(kind: StoreKind, startIso = '2026-11-23T01:00:00Z'): Promise<ServiceHarness> {
  if (kind === 'sqlite') return serviceOnTempFile(startIso);
  const schema = await freshSchema(postgres!);
  return harness(await PgStore.open(schema.url), () => PgStore.open(schema.url), schema.drop, startIso);
}
