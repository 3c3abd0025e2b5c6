// Seconds to apply the large example province file (a provincial center and 120 commune centers, with areas,
// counters, device declarations and staff) to an empty database, then to apply it again (nothing to change), on
// SQLite and, when a PostgreSQL URL is given, PostgreSQL. In process, through the store, as `npm run province:apply`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueService } from '../server/src/queue/service.ts';
import { AdminService } from '../server/src/setup/admin.ts';
import { openStore } from '../server/src/store/open.ts';
import { freshSchema } from '../tests/helpers/services.ts';
import { now } from './lib.ts';

const TEXT = readFileSync(new URL('../server/src/seed/example-province.yaml', import.meta.url), 'utf8');
const SYSTEM = { username: 'system', role: 'system', provinceId: '' };

async function applyOn(store: string, databaseUrl: string) {
  const opened = await openStore(databaseUrl);
  try {
    const admin = new AdminService(opened, new QueueService(opened));
    let started = now();
    const first = await admin.applyFile(SYSTEM, TEXT, false);
    const applySeconds = +((now() - started) / 1000).toFixed(2);
    started = now();
    const again = await admin.applyFile(SYSTEM, TEXT, false);
    const againSeconds = +((now() - started) / 1000).toFixed(2);
    return { store, changes: first.changes.length, applySeconds, againChanges: again.changes.length, againSeconds };
  } finally {
    await opened.close();
  }
}

export async function provinceFileApply(postgres: string | null) {
  const dir = mkdtempSync(join(tmpdir(), 'luot-bench-file-'));
  try {
    const rows = [await applyOn('SQLite', `sqlite:${join(dir, 'luot.db')}`)];
    if (postgres) {
      const schema = await freshSchema(postgres);
      try {
        rows.push(await applyOn('PostgreSQL', schema.url));
      } finally {
        await schema.drop();
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
