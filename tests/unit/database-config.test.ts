// The store's connections from the environment (DATABASE_*): pools, the read path of reports, statement timeouts.
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../server/src/config.ts';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    configFromEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

const PG = 'postgres://luot:secret@db.internal:5432/luot';

describe('database configuration', () => {
  it('has defaults: ten command connections, two for reports, no command timeout, two minutes for a report', () => {
    expect(configFromEnv({}).database).toEqual({
      poolSize: 10,
      readUrl: null,
      readPoolSize: 2,
      statementTimeoutMs: 0,
      readStatementTimeoutMs: 120_000,
    });
  });

  it('reads each from its variable', () => {
    expect(
      configFromEnv({
        DATABASE_URL: PG,
        DATABASE_READ_URL: 'postgresql://luot:secret@replica.internal:5432/luot',
        DATABASE_POOL_SIZE: '40',
        DATABASE_READ_POOL_SIZE: '4',
        DATABASE_STATEMENT_TIMEOUT_MS: '5000',
        DATABASE_READ_STATEMENT_TIMEOUT_MS: '0',
      }).database,
    ).toEqual({
      poolSize: 40,
      readUrl: 'postgresql://luot:secret@replica.internal:5432/luot',
      readPoolSize: 4,
      statementTimeoutMs: 5000,
      readStatementTimeoutMs: 0,
    });
  });

  it('refuses sizes and timeouts out of range or not numbers, naming the variable', () => {
    const bad = problemsOf({
      DATABASE_POOL_SIZE: '0',
      DATABASE_READ_POOL_SIZE: 'many',
      DATABASE_STATEMENT_TIMEOUT_MS: '-1',
      DATABASE_READ_STATEMENT_TIMEOUT_MS: '3600001',
    });
    for (const name of [
      'DATABASE_POOL_SIZE',
      'DATABASE_READ_POOL_SIZE',
      'DATABASE_STATEMENT_TIMEOUT_MS',
      'DATABASE_READ_STATEMENT_TIMEOUT_MS',
    ])
      expect(bad.some((p) => p.startsWith(`${name}:`))).toBe(true);
    expect(problemsOf({ DATABASE_POOL_SIZE: '201' })[0]).toMatch(/^DATABASE_POOL_SIZE: /);
  });

  it('takes a replica URL only with PostgreSQL, and only a postgres:// one', () => {
    expect(problemsOf({ DATABASE_READ_URL: 'postgres://replica/luot' })).toEqual([
      'DATABASE_READ_URL: only with a PostgreSQL DATABASE_URL (SQLite reads its own file)',
    ]);
    expect(problemsOf({ DATABASE_URL: PG, DATABASE_READ_URL: 'sqlite:./replica.db' })[0]).toMatch(
      /^DATABASE_READ_URL: /,
    );
    expect(problemsOf({ DATABASE_URL: PG, DATABASE_READ_URL: PG })).toEqual([]);
  });
});
