// SQLite's durability setting: FULL (acknowledged = on disk) unless SQLITE_SYNCHRONOUS=NORMAL; nothing else.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/src/config.ts';

describe('SQLITE_SYNCHRONOUS', () => {
  it('is FULL by default, NORMAL when asked (any case), and refuses anything else at start', () => {
    expect(configFromEnv({}).sqliteSynchronous).toBe('FULL');
    expect(configFromEnv({ SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous).toBe('NORMAL');
    expect(configFromEnv({ SQLITE_SYNCHRONOUS: 'FULL' }).sqliteSynchronous).toBe('FULL');
    expect(() => configFromEnv({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});
