// SQLite: transactions that wait together share one commit; each still stands or falls on its own.
import { afterEach, describe, expect, it } from 'vitest';
import type { CenterEvent } from '@luot/contract';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { serviceOn, type ServiceHarness } from '../helpers/service.ts';

let h: ServiceHarness;
afterEach(() => h?.close());

describe('group commit', () => {
  it('commits the good transactions of a group, undoes only the failed ones, and broadcasts only what committed', async () => {
    h = await serviceOn('sqlite');
    await addCenter(h.store, [area('ht')], [counter('1', ['ht'])]);
    const events: CenterEvent[] = [];
    h.queue.onEvent((e) => events.push(e));

    // Issued in the same turn of the event loop: they run as one group. Every third names an unknown area.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        h.queue.issueTicket(
          'test-center',
          { areaId: i % 3 === 2 ? 'nowhere' : 'ht', priority: 'none', kioskId: null },
          `group-${i}`,
        ),
      ),
    );
    const issued = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.issued.ticket] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(issued).toHaveLength(20);
    expect(refused.map((e) => e.code)).toEqual(Array(10).fill('AREA_NOT_FOUND'));
    // Numbers and the event sequence have no holes: the refused work left nothing behind.
    expect(issued.map((t) => t.number)).toEqual(Array.from({ length: 20 }, (_, i) => 1001 + i));
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const snap = await h.queue.snapshot('test-center');
    expect(snap).toMatchObject({ seq: 20, areas: [{ waiting: 20 }] });
  });

  it('undoes the writes of a failed transaction and keeps those of the others in its group', async () => {
    h = await serviceOn('sqlite');
    await addCenter(h.store, [area('ht')], [counter('1', ['ht'])]);
    // Each takes the next value of a counter row; every other one then fails after its write.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        h.store.transaction(async (tx) => {
          const value = await tx.nextSequence('test-center', 'probe', '2026-11-23');
          if (i % 2 === 1) throw new Error(`fails after taking ${value}`);
          return value;
        }),
      ),
    );
    const kept = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(kept).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(await h.store.transaction((tx) => tx.nextSequence('test-center', 'probe', '2026-11-23'))).toBe(11);
  });
});
