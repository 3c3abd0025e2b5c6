// Upgrading a SQLite file made before the desk's migration: the tickets and print jobs tables are rebuilt to
// allow 'held' and 'expired', and every row, and every row pointing at them, survives.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/src/store/sqlite/migrations.ts';
import { SqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('rebuilds tickets and print jobs with their rows and the rows referring to them', async () => {
  dir = mkdtempSync(join(tmpdir(), 'luot-mig-'));
  const path = join(dir, 'luot.db');
  const before = MIGRATIONS.length - 1;
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.slice(0, before)) old.exec(m);
  old.pragma(`user_version = ${before}`);
  old.exec(`
    INSERT INTO provinces VALUES ('p', '92', 'Cần Thơ');
    INSERT INTO centers (id, province_id, agency_code, stats_code, name, commune, address, settings) VALUES ('c', 'p', 'A', '1', 'C', 'P', 'X', '{}');
    INSERT INTO tickets (id, center_id, area_id, number, service_day, priority, dossier_code, tracking_secret, state, issued_at, queued_at)
      VALUES ('t1', 'c', 'ht', 1001, '2026-11-23', 'none', 'D-1', 'ABCD', 'done', '2026-11-23T01:00:00Z', '2026-11-23T01:00:00Z');
    INSERT INTO print_jobs VALUES ('print-t1', 't1', 'c', 'k', 'failed', 1, 'jam', '{}', '2026-11-23T01:00:00Z', '2026-11-23T01:00:01Z');
    INSERT INTO ratings VALUES ('t1', 'c', 'ht', '1', NULL, 'satisfied', NULL, '2026-11-23T01:10:00Z', '2026-11-23');
  `);
  old.close();

  const store = new SqliteStore(path);
  await store.close();
  const db = new Database(path);
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  expect(db.prepare('SELECT id, state FROM tickets').all()).toEqual([{ id: 't1', state: 'done' }]);
  expect(db.prepare('SELECT id, state, message FROM print_jobs').all()).toEqual([{ id: 'print-t1', state: 'failed', message: 'jam' }]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.exec(`UPDATE tickets SET state = 'held'; UPDATE print_jobs SET state = 'expired'`);
  expect(() => db.exec(`UPDATE tickets SET state = 'lost'`)).toThrow(/CHECK/);
  // The rebuilt table is still the one ratings refer to.
  db.pragma('foreign_keys = ON');
  expect(() => db.exec(`DELETE FROM tickets`)).toThrow(/FOREIGN KEY/);
  db.close();
});
