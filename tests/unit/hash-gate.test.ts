// The cap on concurrent password hashes: never more than its slots at once, addresses served in turn, known
// devices first, the excess refused at once.
import { describe, expect, it } from 'vitest';
import { HashGate } from '../../server/src/auth/sign-in-guard.ts';
import { DomainError } from '../../server/src/engine/domain-error.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('HashGate', () => {
  it('runs at most its slots at once, lanes in turn, the priority lane first, and refuses the excess', async () => {
    const gate = new HashGate(1, 4, 2);
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const blockers: Array<() => void> = [];
    const task = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(name);
      const d = deferred();
      blockers.push(d.resolve);
      await d.promise;
      running--;
      return name;
    };
    const first = gate.run('a', task('a1'));
    const queued = [
      gate.run('a', task('a2')),
      gate.run('a', task('a3')),
      gate.run('b', task('b1')),
      gate.run(null, task('known')),
    ];
    const refusedLane = gate.run('a', task('a4')).catch((err: unknown) => err);
    const refusedAll = Promise.all([gate.run('c', task('c1')), gate.run('d', task('d1'))]).catch((err: unknown) => err);
    expect(await refusedLane).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await refusedAll).toBeInstanceOf(DomainError);
    expect(((await refusedAll) as DomainError).code).toBe('SIGN_IN_BUSY');
    // Release one task at a time.
    while (order.length < 6) {
      await new Promise((r) => setTimeout(r, 5));
      blockers.shift()?.();
    }
    for (const b of blockers) b();
    await first;
    await Promise.all(queued);
    expect(most).toBe(1);
    expect(order).toEqual(['a1', 'known', 'a2', 'b1', 'c1', 'a3']);
  });
});
