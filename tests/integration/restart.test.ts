// The store is the truth: stop the server, start it on the same file, and nothing has moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../helpers/realtime.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const C = 'ninh-kieu';
const act = (counter: string, action: string, body?: object) =>
  t.request('POST', `/api/centers/${C}/counters/${counter}/${action}`, body);

describe('restart on the same SQLite file', () => {
  it('keeps every ticket, counter and the event sequence', async () => {
    const tickets = [];
    for (const areaId of ['ht', 'ht', 'ct', 'dd', 'kd', 'ht']) {
      tickets.push(
        (
          await t.request(
            'POST',
            `/api/centers/${C}/tickets`,
            { areaId, priority: areaId === 'ct' ? 'pregnant' : 'none' },
            { 'idempotency-key': newKey() },
          )
        ).body.ticket,
      );
    }
    await act('1', 'call-next');
    await act('1', 'start');
    await act('2', 'call-next');
    await act('4', 'call-next');
    await act('4', 'no-show');
    await act('5', 'pause', { reason: 'Đi họp' });
    await act('6', 'close');
    await t.request('PUT', `/api/centers/${C}/counters/3/areas`, { areaIds: ['ct', 'ht', 'tp'] });

    const before = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
    const ticketsBefore = await Promise.all(
      tickets.map(async (tk) => (await t.request('GET', `/api/tickets/${tk.id}`)).body),
    );

    await t.restart();

    const after = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
    expect({ ...after, at: null }).toEqual({ ...before, at: null });
    expect(after.counters.find((c: { id: string }) => c.id === '5')).toMatchObject({
      state: 'paused',
      pauseReason: 'Đi họp',
    });
    expect(after.counters.find((c: { id: string }) => c.id === '1').current).toMatchObject({ state: 'serving' });
    const ticketsAfter = await Promise.all(
      tickets.map(async (tk) => (await t.request('GET', `/api/tickets/${tk.id}`)).body),
    );
    expect(ticketsAfter).toEqual(ticketsBefore);

    // Work goes on where it stopped: numbering continues and the serving ticket can be completed.
    expect((await act('1', 'complete')).body.state).toBe('done');
    const next = (
      await t.request('POST', `/api/centers/${C}/tickets`, { areaId: 'ht' }, { 'idempotency-key': newKey() })
    ).body.ticket;
    expect(next.number).toBe(1004);
    const events = (await t.request('GET', `/api/centers/${C}/events?after=${before.seq}`)).body;
    expect(events.map((e: { seq: number }) => e.seq)).toEqual([before.seq + 1, before.seq + 2]);
  });
});

describe('a client that missed events', () => {
  it('converges to the server state after its connection comes back', async () => {
    const display = subscribe(t.socket(), C);
    await display.until(() => true);
    display.socket.disconnect();
    for (const areaId of ['ht', 'ct', 'ht'])
      await t.request('POST', `/api/centers/${C}/tickets`, { areaId }, { 'idempotency-key': newKey() });
    await act('2', 'complete').catch(() => undefined);
    await act('3', 'call-next');
    const server = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
    expect(display.state()!.seq).toBeLessThan(server.seq);

    display.socket.connect();
    const converged = await display.until((s) => s.seq === server.seq);
    expect({ ...converged, at: null }).toEqual({ ...server, at: null });
    display.close();
  });

  it('converges after the server itself restarts and more happens meanwhile', async () => {
    const display = subscribe(t.socket(), C);
    await display.until(() => true);
    await t.stop();
    await t.start();
    expect((await act('3', 'recall')).status).toBe(200);
    await t.request('POST', `/api/centers/${C}/tickets`, { areaId: 'xd' }, { 'idempotency-key': newKey() });
    expect((await act('4', 'call-next')).status).toBe(200);
    const server = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
    const converged = await display.until((s) => s.seq === server.seq);
    expect({ ...converged, at: null }).toEqual({ ...server, at: null });
    expect(converged.recentCalls[0]).toMatchObject({ counterNumber: 4 });
    display.close();
  });

  it('re-syncs from a snapshot when a delta goes missing', async () => {
    const display = subscribe(t.socket(), C);
    await display.until(() => true);
    // Emit a delta far ahead of the client's sequence, as if some were lost: it must fetch a snapshot.
    const snap = display.state()!;
    t.server.io.to(`center:${C}`).emit('ticket:issued', { c: C, s: snap.seq + 5, t: Date.now() });
    await act('5', 'resume');
    const server = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
    const converged = await display.until(
      (s) => s.seq === server.seq && s.counters.find((c) => c.id === '5')?.state === 'open',
    );
    expect({ ...converged, at: null }).toEqual({ ...server, at: null });
    display.close();
  });
});
