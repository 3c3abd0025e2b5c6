// The province file from the command line, on the database of DATABASE_URL:
//   npm run province:apply -- FILE [--dry-run]   shows the diff, then applies it in one transaction
//   npm run province:export -- [FILE]             writes the province file (stdout without FILE)
// Export needs PROVINCE (the province id) when the database holds several provinces. A running server's clients
// see an applied change at their next event or reconnection (the upload in the console pushes it at once).
import { readFileSync, writeFileSync } from 'node:fs';
import type { ConfigChange } from '@luot/contract';
import { configFromEnv } from '../config.ts';
import { DomainError } from '../engine/domain-error.ts';
import { QueueService } from '../queue/service.ts';
import { openStore } from '../store/open.ts';
import { AdminService } from './admin.ts';
import { provinceYaml } from './province-file.ts';

const [command, ...args] = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const path = args.find((a) => !a.startsWith('--'));
if ((command !== 'apply' && command !== 'export') || (command === 'apply' && !path)) {
  console.error('usage: npm run province:apply -- FILE [--dry-run]   |   npm run province:export -- [FILE]');
  process.exit(2);
}

const line = (c: ConfigChange) =>
  `  ${c.action.padEnd(10)} ${c.entityKind.padEnd(15)} ${c.entityId}${c.action === 'update' ? `  (${c.fields.join(', ')})` : ''}`;

const store = await openStore(configFromEnv().databaseUrl);
const admin = new AdminService(store, new QueueService(store));
try {
  if (command === 'apply') {
    const text = readFileSync(path!, 'utf8');
    const started = performance.now();
    const system = { username: 'system', role: 'system', provinceId: '' };
    const diff = await admin.applyFile(system, text, true);
    for (const c of diff.changes) console.log(line(c));
    console.log(`${diff.changes.length} change(s) to province ${diff.provinceId}`);
    if (!dryRun && diff.changes.length > 0) {
      const applied = await admin.applyFile(system, text, false);
      console.log(
        `applied ${applied.changes.length} change(s) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
      );
    }
  } else {
    const provinces = [...new Set((await store.centers()).map((c) => c.provinceId))];
    const provinceId = process.env.PROVINCE ?? (provinces.length === 1 ? provinces[0] : undefined);
    if (!provinceId) throw new Error(`set PROVINCE to one of: ${provinces.join(', ') || '(none)'}`);
    const file = await admin.exportProvince(provinceId);
    const text = provinceYaml(
      file,
      `luot province file of ${file.province.name}, exported ${new Date().toISOString()}`,
    );
    if (path) writeFileSync(path, text);
    else process.stdout.write(text);
  }
} catch (err) {
  console.error(err instanceof DomainError ? `${err.code}: ${err.detail ?? ''}` : err);
  process.exitCode = 1;
} finally {
  await store.close();
}
