// PostgreSQL and Redis for the tests that need them, on 127.0.0.1 (.ci/run starts both and sets
// TEST_DATABASE_URL and TEST_REDIS_URL). Run by hand without them, those tests are skipped with a warning;
// under CI (CI=true) a missing service fails the run instead.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://luot_test:luot_test@127.0.0.1:5432/luot_test';
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function reachable(what: string, probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (err) {
    const why = `${what} unreachable (${(err as Error).message})`;
    if (process.env.CI === 'true' || process.env.CI === '1')
      throw new Error(`${why}: CI needs it (see .ci/run)`, { cause: err });
    console.warn(`\n⚠ SKIPPED: tests that need ${why}. Start it, or set its TEST_* URL (see .ci/run).\n`);
    return false;
  }
}

/** The PostgreSQL database of the tests, or null (skip) when it cannot be reached. */
export async function postgresForTests(): Promise<string | null> {
  const ok = await reachable(`PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//')}`, async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
    await client.connect();
    await client.end();
  });
  return ok ? PG_URL : null;
}

/** The Redis of the tests, or null (skip) when it cannot be reached. */
export async function redisForTests(): Promise<string | null> {
  const ok = await reachable(`Redis at ${REDIS_URL}`, async () => {
    const client = new Redis(REDIS_URL, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      connectTimeout: 3_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
  return ok ? REDIS_URL : null;
}

export interface FreshSchema {
  /** The database URL whose connections work in this schema only. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty schema for one test: tests share the database but never see each other's tables. */
export async function freshSchema(baseUrl: string): Promise<FreshSchema> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${name}`);
  const url = new URL(baseUrl);
  // Commits need not wait for PostgreSQL's own fsync in tests: a killed server process loses nothing either way
  // (the crash tests kill luot, not PostgreSQL), and the busy test machine's disk made every commit ~30 ms.
  url.searchParams.set('options', `-c search_path=${name} -c synchronous_commit=off`);
  return { url: url.toString(), name, drop: () => admin(`DROP SCHEMA ${name} CASCADE`) };
}

/** A query on a schema, for tests that look at the tables themselves. */
export async function queryIn<R extends pg.QueryResultRow = Record<string, any>>(
  schema: FreshSchema,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A Redis channel prefix of its own: test runs sharing one Redis hear only their own broadcasts. */
export const freshChannel = () => `luot-test-${randomBytes(6).toString('hex')}`;
