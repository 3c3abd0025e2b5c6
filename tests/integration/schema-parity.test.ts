// The one migration list gives both stores the same schema: an empty SQLite file and an empty PostgreSQL schema,
// migrated, have the same tables, columns (normalized types, nullability, defaults), primary keys, unique and
// check constraints, foreign keys and indexes (partial and expression ones included). And a database of the
// earlier schema history is refused, not migrated.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgStore } from '../../server/src/store/postgres/pg-store.ts';
import { SqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { type FreshSchema, freshSchema, postgresForTests, queryIn } from '../helpers/services.ts';

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

interface Table {
  columns: Column[];
  primaryKey: string[];
  uniques: string[];
  checks: string[];
  foreignKeys: string[];
  indexes: string[];
}

type Catalog = Record<string, Table>;

/** One spelling for both catalogs: lower case, no casts, `= ANY (ARRAY[…])` as IN, no parentheses or spaces. */
const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/::text\[\]|::text|::integer|::bigint/g, '')
    .replace(/= any \(array\[(.*?)\]\)/g, ' in ($1)')
    .replace(/[()\s"]/g, '');

const TYPES: Record<string, string> = { text: 'text', integer: 'integer', real: 'real', 'double precision': 'real' };
const typeOf = (declared: string) => TYPES[declared.toLowerCase()] ?? `?${declared}`;

/** The column list and predicate of a CREATE INDEX, after the table name. */
const indexBody = (definition: string) => definition.replace(/^.*? ON \S+( USING \w+)? /s, '');

function sqliteCatalog(path: string): Catalog {
  const db = new Database(path, { readonly: true });
  try {
    const catalog: Catalog = {};
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string; sql: string }[];
    for (const { name, sql } of tables) {
      const info = db.prepare(`PRAGMA table_info(${name})`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[];
      const indexList = db.prepare(`PRAGMA index_list(${name})`).all() as {
        name: string;
        unique: number;
        origin: string;
      }[];
      const columnsOf = (index: string) =>
        (db.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[]).map((c) => c.name).join(',');
      const checks: string[] = [];
      for (let at = sql.search(/CHECK\s*\(/); at >= 0;) {
        let depth = 0;
        let end = sql.indexOf('(', at);
        for (; end < sql.length; end++) {
          if (sql[end] === '(') depth++;
          if (sql[end] === ')' && --depth === 0) break;
        }
        checks.push(normalize(sql.slice(at, end + 1)));
        const next = sql.slice(end).search(/CHECK\s*\(/);
        at = next < 0 ? -1 : end + next;
      }
      catalog[name] = {
        columns: info.map((c) => ({
          name: c.name,
          type: typeOf(c.type),
          // A primary key is never null (PostgreSQL says so; SQLite's rowid tables only by our inserts).
          notNull: c.notnull === 1 || c.pk > 0,
          default: c.dflt_value === null ? null : normalize(c.dflt_value),
        })),
        primaryKey: info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        uniques: indexList
          .filter((i) => i.origin === 'u')
          .map((i) => columnsOf(i.name))
          .sort(),
        checks: checks.sort(),
        foreignKeys: (
          db.prepare(`PRAGMA foreign_key_list(${name})`).all() as { table: string; from: string; to: string }[]
        )
          .map((f) => `${f.from}->${f.table}.${f.to}`)
          .sort(),
        indexes: (
          db
            .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
            .all(name) as { name: string; sql: string }[]
        )
          .map((i) => `${i.name}${/^CREATE UNIQUE/i.test(i.sql) ? ' unique' : ''} ${normalize(indexBody(i.sql))}`)
          .sort(),
      };
    }
    return catalog;
  } finally {
    db.close();
  }
}

async function postgresCatalog(schema: FreshSchema): Promise<Catalog> {
  const q = <R extends object>(sql: string) => queryIn<R & Record<string, unknown>>(schema, sql, [schema.name]);
  const tables = await q<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
  );
  const columns = await q<{
    table: string;
    name: string;
    type: string;
    nullable: string;
    default: string | null;
    identity: string;
  }>(
    `SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default, is_identity AS identity
     FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
  );
  const constraints = await q<{ table: string; type: string; def: string; columns: string[] }>(
    `SELECT c.conrelid::regclass::text AS table, c.contype AS type, pg_get_constraintdef(c.oid) AS def,
       array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1`,
  );
  const indexes = await q<{ table: string; name: string; def: string }>(
    `SELECT i.tablename AS table, i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = $1 AND c.conname = i.indexname AND c.contype IN ('p', 'u'))`,
  );
  const catalog: Catalog = {};
  for (const { name } of tables) {
    const mine = constraints.filter((c) => c.table.replace(/^.*\./, '') === name);
    catalog[name] = {
      columns: columns
        .filter((c) => c.table === name)
        .map((c) => ({
          name: c.name,
          type: typeOf(c.type),
          notNull: c.nullable === 'NO',
          default: c.default === null || c.identity === 'YES' ? null : normalize(c.default),
        })),
      primaryKey: mine.find((c) => c.type === 'p')?.columns ?? [],
      uniques: mine
        .filter((c) => c.type === 'u')
        .map((c) => c.columns.join(','))
        .sort(),
      checks: mine
        .filter((c) => c.type === 'c')
        .map((c) => normalize(c.def))
        .sort(),
      foreignKeys: mine
        .filter((c) => c.type === 'f')
        .map((c) => {
          const m = /FOREIGN KEY \((.*?)\) REFERENCES (?:\w+\.)?(\w+)\((.*?)\)/.exec(c.def);
          return m ? `${m[1]}->${m[2]}.${m[3]}` : `?${c.def}`;
        })
        .sort(),
      indexes: indexes
        .filter((i) => i.table === name)
        .map((i) => `${i.name}${/^CREATE UNIQUE/i.test(i.def) ? ' unique' : ''} ${normalize(indexBody(i.def))}`)
        .sort(),
    };
  }
  return catalog;
}

const postgres = await postgresForTests();
const dir = mkdtempSync(join(tmpdir(), 'luot-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function migratedSqlite(): Promise<Catalog> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  await new SqliteStore(path).close();
  return sqliteCatalog(path);
}

describe('schema', () => {
  it('migrates an empty SQLite file to the tables the typed layer reads, with partial and expression indexes', async () => {
    const catalog = await migratedSqlite();
    expect(Object.keys(catalog)).toContain('luot_migrations');
    expect(catalog.devices.indexes).toContain('devices_center center_id');
    expect(catalog.outbox.indexes).toContain('outbox_dossier dossier_code,id');
    expect(catalog.tickets.indexes).toContain(
      `tickets_line center_id,area_id,priority<>'none',queued_at,numberwherestate='waiting'andassigned_counter_idisnull`,
    );
    expect(catalog.tickets.checks.some((c) => c.includes(`'held'`))).toBe(true);
    expect(catalog.tickets.columns.find((c) => c.name === 'channel')).toEqual({
      name: 'channel',
      type: 'text',
      notNull: false,
      default: `'kiosk'`,
    });
  });

  it.skipIf(!postgres)('is the same on SQLite and PostgreSQL, table by table', async () => {
    const schema = await freshSchema(postgres!);
    try {
      await (await PgStore.open(schema.url)).close();
      const pg = await postgresCatalog(schema);
      const lite = await migratedSqlite();
      expect(Object.keys(pg)).toEqual(Object.keys(lite));
      // The comparison reads real catalogs: constraints and indexes are there on both sides.
      expect(pg.outbox.foreignKeys).toEqual(['dossier_code->dossiers.code']);
      expect(pg.tickets.checks).toHaveLength(2);
      expect(pg.print_jobs.indexes).toEqual([`print_jobs_pending kiosk_id,created_atwherestatein'queued','printing'`]);
      for (const table of Object.keys(lite)) expect({ table, ...pg[table] }).toEqual({ table, ...lite[table] });
    } finally {
      await schema.drop();
    }
  });

  it('refuses a SQLite file of the earlier schema history and leaves it as it is', () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE tickets (id TEXT PRIMARY KEY); PRAGMA user_version = 5;`);
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/earlier version of luot.*recreate it/);
    const after = new Database(path, { readonly: true });
    expect(after.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all()).toEqual(['tickets']);
    after.close();
  });
});
