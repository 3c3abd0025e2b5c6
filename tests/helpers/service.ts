// A QueueService on a real SQLite file in a temporary folder, with a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueService } from '../../server/src/queue/service.ts';
import { SqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';

export interface ServiceHarness {
  queue: QueueService;
  store: SqliteStore;
  /** Sets the clock. */
  at(iso: string): void;
  close(): Promise<void>;
}

export function serviceOnTempFile(startIso = '2026-11-23T01:00:00Z'): ServiceHarness {
  const dir = mkdtempSync(join(tmpdir(), 'luot-svc-'));
  const store = new SqliteStore(join(dir, 'luot.db'));
  let now = new Date(startIso);
  const queue = new QueueService(store, () => now);
  return {
    queue,
    store,
    at(iso) {
      now = new Date(iso);
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
