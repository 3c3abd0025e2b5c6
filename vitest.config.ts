import pg from 'pg';
import { defineConfig } from 'vitest/config';

/** The integration suites that already run on PostgreSQL themselves (their own schemas, both stores). */
const POSTGRES_OWN = [
  'tests/integration/postgres-store.test.ts',
  'tests/integration/multi-instance.test.ts',
  'tests/integration/schema-parity.test.ts',
  'tests/integration/hot-query-plans.test.ts',
  'tests/integration/read-path.test.ts',
];

/**
 * Every integration and end-to-end suite runs twice: on SQLite, and again on PostgreSQL (TEST_STORE=postgres: each test server
 * in a fresh schema). Without a reachable PostgreSQL the second run is left out with a warning, except under CI
 * (CI=true), where it runs and fails.
 */
async function postgresReachable(): Promise<boolean> {
  const url = process.env.TEST_DATABASE_URL || 'postgres://luot_test:luot_test@127.0.0.1:5432/luot_test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if (process.env.CI === 'true' || process.env.CI === '1') return true;
    console.warn(
      `\n⚠ SKIPPED: the integration suites on PostgreSQL (${(err as Error).message}). Start it, or set TEST_DATABASE_URL (see .ci/run).\n`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const onPostgres = await postgresReachable();

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: browser and server suites run two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], env: { TEST_STORE: 'sqlite' } } },
      ...(onPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
                exclude: POSTGRES_OWN,
                env: { TEST_STORE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
