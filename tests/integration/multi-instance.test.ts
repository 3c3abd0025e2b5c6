// Two server instances behind one address share one PostgreSQL database and one Redis: a display connected to
// one sees the calls made on the other, and counters pressing "next" on both never get the same ticket.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrackView } from '@luot/contract';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { subscribe } from '../helpers/realtime.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';
import { type FreshSchema, freshChannel, freshSchema, postgresForTests, redisForTests } from '../helpers/services.ts';

const postgres = await postgresForTests();
const redis = await redisForTests();

const COUNTERS = Array.from({ length: 10 }, (_, i) => String(i + 1));
const CENTER = '/api/centers/test-center';

describe.skipIf(!postgres || !redis)('two server instances on one PostgreSQL and one Redis', () => {
  let schema: FreshSchema;
  let a: TestServer;
  let b: TestServer;
  /** Instance A for even turns, B for odd ones. */
  const on = (turn: number) => (turn % 2 === 0 ? a : b);

  beforeAll(async () => {
    schema = await freshSchema(postgres!);
    const config = { databaseUrl: schema.url, redisUrl: redis!, redisChannel: freshChannel() };
    a = await startTestServer({ config });
    b = await startTestServer({ config });
    await addCenter(
      a.server.queue.store,
      [area('ht')],
      COUNTERS.map((id) => counter(id, ['ht'])),
    );
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it('shows a call made on instance A on a display connected to instance B', async () => {
    const hall = subscribe(b.socket(), 'test-center');
    const desk = subscribe(b.socket(), 'test-center', '3');
    await hall.until(() => true);
    await desk.until(() => true);

    const issued = await a.request('POST', `${CENTER}/tickets`, { areaId: 'ht' }, { 'idempotency-key': newKey() });
    expect(issued.status).toBe(201);
    const called = await a.request('POST', `${CENTER}/counters/3/call-next`);
    expect(called.status).toBe(200);

    const seen = await hall.until((s) => s.recentCalls[0]?.number === issued.body.ticket.number);
    expect(seen.recentCalls[0]).toMatchObject({ counterId: '3' });
    // Received as live deltas relayed by Redis, not only read from a later snapshot.
    expect(hall.events.map((e) => e.type)).toEqual(['ticket:issued', 'ticket:called']);
    await desk.until((s) => s.counters.find((c) => c.id === '3')?.current?.number === issued.body.ticket.number);
    expect(desk.events.some((e) => e.type === 'ticket:called')).toBe(true);

    expect((await b.request('POST', `${CENTER}/counters/3/start`)).status).toBe(200);
    expect((await a.request('POST', `${CENTER}/counters/3/complete`)).status).toBe(200);
    await hall.until((s) => s.counters.find((c) => c.id === '3')?.current === null);
    hall.close();
    desk.close();
  });

  it('hands 100 calls split across both instances 100 distinct tickets, numbered without gaps', async () => {
    const hall = subscribe(a.socket(), 'test-center');
    await hall.until(() => true);

    const issued = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        on(i).request('POST', `${CENTER}/tickets`, { areaId: 'ht' }, { 'idempotency-key': newKey() }),
      ),
    );
    expect(issued.map((r) => r.status)).toEqual(Array(100).fill(201));
    const numbers = issued.map((r) => r.body.ticket.number as number).sort((x, y) => x - y);
    // Ticket 1001 went to the first test: the next hundred follow it, each once.
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => 1002 + i));
    expect(new Set(issued.map((r) => r.body.ticket.dossierCode)).size).toBe(100);

    // Every counter calls, serves and completes ten times, all at once, alternating instances: 100 calls.
    const perCounter = await Promise.all(
      COUNTERS.map(async (c, k) => {
        const got: string[] = [];
        for (let i = 0; i < 10; i++) {
          const res = await on(k + i).request('POST', `${CENTER}/counters/${c}/call-next`);
          expect(res.status).toBe(200);
          got.push(res.body.id);
          expect((await on(k + i + 1).request('POST', `${CENTER}/counters/${c}/start`)).status).toBe(200);
          expect((await on(k + i).request('POST', `${CENTER}/counters/${c}/complete`)).status).toBe(200);
        }
        return got;
      }),
    );
    const called = perCounter.flat();
    expect(called).toHaveLength(100);
    expect(new Set(called)).toEqual(new Set(issued.map((r) => r.body.ticket.id)));
    expect((await b.request('POST', `${CENTER}/counters/1/call-next`)).body.code).toBe('NOTHING_WAITING');

    // One log for the center, its sequence without gaps or repeats whichever instance wrote it.
    const log = (await b.request('GET', `${CENTER}/events?after=0&limit=1000`)).body as { seq: number }[];
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    // The display on A followed everything, B's commands included, to the same state as a fresh snapshot.
    const snapshot = (await b.request('GET', `${CENTER}/snapshot`)).body;
    const followed = await hall.until((s) => s.seq === snapshot.seq);
    expect(followed.areas).toEqual(snapshot.areas);
    expect(followed.counters).toEqual(snapshot.counters);
    hall.close();
  }, 180_000);

  it('gives one ticket to ten simultaneous presses of one counter on both instances; the others are told it is busy', async () => {
    await Promise.all(
      [1, 2, 3].map((i) =>
        on(i).request('POST', `${CENTER}/tickets`, { areaId: 'ht' }, { 'idempotency-key': newKey() }),
      ),
    );
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => on(i).request('POST', `${CENTER}/counters/7/call-next`)),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.body.code === 'COUNTER_BUSY')).toHaveLength(9);
    expect((await a.request('GET', `${CENTER}/snapshot`)).body.areas[0].waiting).toBe(2);
  });

  it('follows a ticket on instance B while the counter calls it on instance A (the tracking feed)', async () => {
    const issued = await a.request(
      'POST',
      '/api/centers/ninh-kieu/tickets',
      { areaId: 'dd' },
      { 'idempotency-key': newKey() },
    );
    expect(issued.status).toBe(201);
    const socket = b.socket();
    const updates: TrackView[] = [];
    socket.on('track:update', (v) => updates.push(v));
    const reply = await socket.timeout(10_000).emitWithAck('track:subscribe', {
      code: issued.body.ticket.dossierCode,
      secret: issued.body.ticket.trackingSecret,
    });
    expect(reply.ok).toBe(true);
    for (;;) {
      const called = await a.request('POST', '/api/centers/ninh-kieu/counters/4/call-next');
      expect(called.status).toBe(200);
      if (called.body.id === issued.body.ticket.id) break;
      await a.request('POST', '/api/centers/ninh-kieu/counters/4/complete');
    }
    await vi.waitFor(
      () =>
        expect(updates.some((u) => u.phase === 'queue' && u.state === 'called' && u.counterNumber === 4)).toBe(true),
      { timeout: 10_000 },
    );
    socket.disconnect();
  });

  // Last: it spends this address's tracking budget for the minute.
  it('counts one tracking budget per address across both instances (in Redis)', async () => {
    const issued = await a.request(
      'POST',
      '/api/centers/ninh-kieu/tickets',
      { areaId: 'dd' },
      { 'idempotency-key': newKey() },
    );
    expect(issued.status).toBe(201);
    const request = { code: issued.body.ticket.dossierCode, secret: issued.body.ticket.trackingSecret };
    const [onA, onB] = [a.socket(), b.socket()];
    for (let i = 0; i < 30; i++)
      expect(await onA.timeout(10_000).emitWithAck('track:subscribe', request)).toMatchObject({ ok: true });
    // 60 a minute in all: B refuses within its first 35, where it would allow 60 of its own if counted per instance.
    let refusedAt = 0;
    for (let i = 1; i <= 35 && !refusedAt; i++) {
      const reply = await onB.timeout(10_000).emitWithAck('track:subscribe', request);
      if (!reply.ok && reply.code === 'RATE_LIMITED') refusedAt = i;
    }
    expect(refusedAt).toBeGreaterThan(0);
    expect(
      (await a.requestAs(null, 'GET', `/api/track?code=${encodeURIComponent(request.code)}&s=${request.secret}`))
        .status,
    ).toBe(429);
    onA.disconnect();
    onB.disconnect();
  });
});
