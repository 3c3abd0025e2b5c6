// Many counters pressing "next" at once over real HTTP: never the same ticket twice. On PostgreSQL (the second
// run of the suite) the requests really run in parallel, each command under its center's row lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
const COUNTERS = Array.from({ length: 10 }, (_, i) => String(i + 1));

beforeAll(async () => {
  t = await startTestServer();
  await addCenter(
    t.server.queue.store,
    [area('ht')],
    COUNTERS.map((id) => counter(id, ['ht'])),
  );
});
afterAll(() => t.close());

const call = (c: string) => t.request('POST', `/api/centers/test-center/counters/${c}/call-next`);

describe('concurrent call-next', () => {
  it('hands 50 calls across 10 counters 50 distinct tickets', async () => {
    const issued = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.request('POST', '/api/centers/test-center/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() }),
      ),
    );
    expect(new Set(issued.map((r) => r.body.ticket.number)).size).toBe(50);

    // Each counter calls, completes and calls again, all counters at once: 50 calls in all.
    const perCounter = await Promise.all(
      COUNTERS.map(async (c) => {
        const got: string[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await call(c);
          expect(res.status).toBe(200);
          got.push(res.body.id);
          await t.request('POST', `/api/centers/test-center/counters/${c}/start`);
          await t.request('POST', `/api/centers/test-center/counters/${c}/complete`);
        }
        return got;
      }),
    );
    const all = perCounter.flat();
    expect(all).toHaveLength(50);
    expect(new Set(all).size).toBe(50);
    expect(new Set(all)).toEqual(new Set(issued.map((r) => r.body.ticket.id)));
    expect((await call('1')).body.code).toBe('NOTHING_WAITING');
  }, 180_000);

  it('gives one ticket to ten simultaneous presses of one counter; the others are told it is busy', async () => {
    await Promise.all(
      [1, 2, 3].map(() =>
        t.request('POST', '/api/centers/test-center/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() }),
      ),
    );
    const replies = await Promise.all(Array.from({ length: 10 }, () => call('7')));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.body.code === 'COUNTER_BUSY')).toHaveLength(9);
    const snap = (await t.request('GET', '/api/centers/test-center/snapshot')).body;
    expect(snap.areas[0].waiting).toBe(2);
  }, 60_000);
});
