// The five-level ratings migration rebuilds the ratings table (SQLite cannot change a CHECK): a database of the
// version before keeps its three-level ratings, and then takes the new levels. On the store of the run.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { historyTable, MIGRATIONS } from '../../server/src/store/migrations.ts';
import { openStore } from '../../server/src/store/open.ts';
import { postgresDdl } from '../../server/src/store/postgres/dialect.ts';
import { sqliteDdl } from '../../server/src/store/sqlite/dialect.ts';
import { databaseOf, freshDatabase, TEST_STORE } from '../helpers/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'luot-ratings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Brings a new database to the version before the five-level ratings. */
async function schemaBefore(url: string) {
  const last = MIGRATIONS.findIndex((m) => m.name === 'reports: five-level ratings and counter events by time');
  expect(last).toBeGreaterThan(0);
  const steps = MIGRATIONS.slice(0, last);
  if (TEST_STORE === 'sqlite') {
    const db = new Database(url.replace(/^sqlite:/, ''));
    db.exec(historyTable(sqliteDdl));
    steps.forEach((m, i) => {
      db.exec(m.sql(sqliteDdl));
      db.prepare('INSERT INTO luot_migrations VALUES (?, ?, ?)').run(i + 1, m.name, new Date().toISOString());
    });
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(historyTable(postgresDdl));
  for (const [i, m] of steps.entries()) {
    await client.query(m.sql(postgresDdl));
    await client.query('INSERT INTO luot_migrations VALUES ($1, $2, $3)', [i + 1, m.name, new Date().toISOString()]);
  }
  await client.end();
}

describe('five-level ratings migration', () => {
  it('keeps the ratings given on three levels, then takes five', async () => {
    const fresh = await freshDatabase(dir);
    try {
      await schemaBefore(fresh.url);
      const db = databaseOf(fresh.url);
      await db.insertInto('provinces').values({ id: 'p', code: '92', name: 'Cần Thơ' }).execute();
      await db
        .insertInto('centers')
        .values({
          id: 'c',
          province_id: 'p',
          agency_code: '000.31.01.H13',
          stats_code: '31117',
          name: 'Trung tâm',
          commune: 'Phường Ninh Kiều',
          address: '—',
          settings: '{}',
        })
        .execute();
      const ticket = (id: string) => ({
        id,
        center_id: 'c',
        area_id: 'ht',
        number: id === 't1' ? 1001 : 1002,
        service_day: '2026-03-02',
        priority: 'none' as const,
        dossier_code: `D-${id}`,
        tracking_secret: 'ABCD',
        state: 'done' as const,
        issued_at: '2026-03-02T01:00:00.000Z',
        queued_at: '2026-03-02T01:00:00.000Z',
      });
      await db
        .insertInto('tickets')
        .values([ticket('t1'), ticket('t2')])
        .execute();
      const rating = {
        ticket_id: 't1',
        center_id: 'c',
        area_id: 'ht',
        counter_id: '1',
        officer: 'canbo1',
        score: 'not_satisfied' as const,
        comment: 'Chờ lâu',
        at: '2026-03-02T01:30:00.000Z',
        service_day: '2026-03-02',
      };
      await db.insertInto('ratings').values(rating).execute();
      await db.destroy();

      const store = await openStore(fresh.url);
      try {
        const kept = await store.transaction((tx) => tx.reports.rating('t1'));
        expect(kept).toMatchObject({ ticketId: 't1', score: 'not_satisfied', comment: 'Chờ lâu', officer: 'canbo1' });
        await store.transaction((tx) =>
          tx.reports.insertRating({ ...kept!, ticketId: 't2', score: 'very_dissatisfied', comment: null }),
        );
        const ratings = await store.transaction((tx) => tx.reports.ratings('c', '2026-03-02', '2026-03-02'));
        expect(ratings.map((r) => r.score).sort()).toEqual(['not_satisfied', 'very_dissatisfied']);
      } finally {
        await store.close();
      }
    } finally {
      await fresh.drop();
    }
  });
});
