// The HTTP API and realtime contract over loopback, on a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';
import { subscribe } from '../helpers/realtime.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const C = 'cai-rang';
const issue = (body: object, key = newKey()) =>
  t.request('POST', `/api/centers/${C}/tickets`, body, { 'idempotency-key': key });
const counterAction = (counter: string, action: string, body?: object) =>
  t.request('POST', `/api/centers/${C}/counters/${counter}/${action}`, body);
const snapshot = async () => (await t.request('GET', `/api/centers/${C}/snapshot`)).body;

describe('ticket lifecycle over HTTP and Socket.IO', () => {
  it('issues a ticket, calls it, and a subscriber receives each step with consecutive sequence numbers', async () => {
    const display = subscribe(t.socket(), C);
    await display.until(() => true);
    const kiosk = await t.enrollDevice(C, 'cai-rang-kiosk-1');
    const issued = await t.issueAsKiosk(kiosk.credential, C, { areaId: 'dd', priority: 'elderly' });
    expect(issued.status).toBe(201);
    expect(issued.body.ticket).toMatchObject({ number: 3001, state: 'waiting', priority: 'elderly' });
    expect(issued.body.ticket.dossierCode).toMatch(/^000\.31\.02\.H13-\d{6}-\d{4}$/);
    expect(issued.body).toMatchObject({ peopleAhead: 0, center: { id: C }, area: { nameVi: 'Đất đai' } });

    const called = await counterAction('3', 'call-next');
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ id: issued.body.ticket.id, state: 'called', counterId: '3' });

    const state = await display.until((s) => s.recentCalls[0]?.ticketId === issued.body.ticket.id);
    expect(state.recentCalls[0]).toMatchObject({
      number: 3001,
      counterNumber: 3,
      text: 'Kính mời công dân có số thứ tự 3001 đến quầy số 3',
    });
    expect(state.counters.find((c) => c.id === '3')?.current).toMatchObject({
      number: 3001,
      state: 'called',
      priority: true,
    });
    const types = display.events.map((e) => e.type);
    expect(types).toEqual(['ticket:issued', 'ticket:called']);
    expect(display.events[1].seq).toBe(display.events[0].seq + 1);
    // Displays never receive personal or tracking data.
    expect(JSON.stringify(display.events)).not.toContain(issued.body.ticket.dossierCode);
    expect(JSON.stringify(display.events)).not.toContain(issued.body.ticket.trackingSecret);

    expect((await counterAction('3', 'start')).body.state).toBe('serving');
    expect((await counterAction('3', 'complete', { note: 'Đã tiếp nhận' })).body.state).toBe('done');
    await display.until((s) => s.counters.find((c) => c.id === '3')?.current === null);

    const history = await t.request('GET', `/api/tickets/${issued.body.ticket.id}`);
    expect(history.body.history.map((h: { type: string }) => h.type)).toEqual([
      'ticket:issued',
      'ticket:called',
      'ticket:serving',
      'ticket:completed',
    ]);
    expect(history.body.history[0].actor).toBe('kiosk:cai-rang-kiosk-1');
    display.close();
  });

  it('returns the same ticket for a retried idempotency key and never two', async () => {
    const key = newKey();
    const before = (await snapshot()).areas.find((a: { id: string }) => a.id === 'ht').waiting;
    const replies = await Promise.all([1, 2, 3, 4, 5].map(() => issue({ areaId: 'ht' }, key)));
    const ids = new Set(replies.map((r) => r.body.ticket.id));
    expect(ids.size).toBe(1);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect((await snapshot()).areas.find((a: { id: string }) => a.id === 'ht').waiting).toBe(before + 1);
  });

  it('serves the OpenAPI document at /docs', async () => {
    const json = await t.request('GET', '/docs/json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toContain('/api/centers/{centerId}/tickets');
    expect((await t.request('GET', '/docs')).status).toBeLessThan(400);
  });
});

describe('bad input: a clear 4xx and nothing changes', () => {
  const refusals: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
    [
      'unknown center',
      () => t.request('POST', '/api/centers/nowhere/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() }),
      404,
      'CENTER_NOT_FOUND',
    ],
    ['unknown area', () => issue({ areaId: 'zz' }), 404, 'AREA_NOT_FOUND'],
    ['unknown counter', () => counterAction('99', 'call-next'), 404, 'COUNTER_NOT_FOUND'],
    ['unknown priority class', () => issue({ areaId: 'ht', priority: 'vip' }), 400, 'VALIDATION'],
    ['extra fields', () => issue({ areaId: 'ht', name: 'Nguyễn Văn A' }), 400, 'VALIDATION'],
    [
      'missing idempotency key',
      () => t.request('POST', `/api/centers/${C}/tickets`, { areaId: 'ht' }),
      400,
      'VALIDATION',
    ],
    [
      'malformed JSON',
      () => t.request('POST', `/api/centers/${C}/tickets`, '{"areaId": "ht",', { 'idempotency-key': newKey() }),
      400,
      'MALFORMED_JSON',
    ],
    ['oversized body', () => issue({ areaId: 'ht', pad: 'x'.repeat(200_000) }), 413, 'BODY_TOO_LARGE'],
    ['completing a ticket that is not being served', () => counterAction('5', 'complete'), 409, 'COUNTER_IDLE'],
    ['recalling at an idle counter', () => counterAction('5', 'recall'), 409, 'COUNTER_IDLE'],
    ['unknown ticket', () => t.request('POST', '/api/tickets/nope/cancel'), 404, 'TICKET_NOT_FOUND'],
    ['unknown route', () => t.request('GET', '/api/nothing-here'), 404, 'NOT_FOUND'],
  ];

  for (const [what, call, status, code] of refusals) {
    it(`refuses ${what}`, async () => {
      const before = await snapshot();
      const res = await call();
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, code });
      expect(res.body.message.length).toBeGreaterThan(0);
      expect(res.body.messageVi.length).toBeGreaterThan(0);
      expect(await snapshot()).toEqual({ ...before, at: expect.any(String) });
    });
  }

  it('refuses calling at a closed counter, calling when nothing waits, and a closed area', async () => {
    expect((await counterAction('2', 'close')).body.state).toBe('closed');
    const seq = (await snapshot()).seq;
    expect((await counterAction('2', 'call-next')).body.code).toBe('COUNTER_CLOSED');
    expect((await snapshot()).seq).toBe(seq); // the refusal changed nothing
    // Counter 1 calls until nobody waits for it (each called citizen taken as absent).
    for (let r = await counterAction('1', 'call-next'); r.status === 200; r = await counterAction('1', 'call-next')) {
      expect((await counterAction('1', 'no-show')).body.state).toBe('no_show');
    }
    expect((await snapshot()).seq).toBeGreaterThan(seq);
    const afterDrain = await snapshot();
    expect((await counterAction('1', 'call-next')).body.code).toBe('NOTHING_WAITING');
    expect((await snapshot()).seq).toBe(afterDrain.seq);

    await t.request('POST', `/api/centers/${C}/areas/kd/close-today`);
    const closed = await issue({ areaId: 'kd' });
    expect(closed.body).toMatchObject({ statusCode: 409, code: 'AREA_CLOSED' });
    expect((await snapshot()).areas.find((a: { id: string }) => a.id === 'kd')).toMatchObject({
      accepting: false,
      closedToday: true,
      waiting: 0,
    });
    await t.request('POST', `/api/centers/${C}/areas/kd/reopen`);
    expect((await issue({ areaId: 'kd' })).status).toBe(201);
  });

  it('refuses a ticket for an area no open counter serves', async () => {
    // cai-rang: counter 3 alone serves Đất đai.
    expect((await counterAction('3', 'close')).status).toBe(200);
    expect((await issue({ areaId: 'dd' })).body.code).toBe('AREA_NOT_SERVED');
    expect((await snapshot()).areas.find((a: { id: string }) => a.id === 'dd')).toMatchObject({
      accepting: false,
      openCounters: 0,
      estimatedWaitMinutes: null,
    });
    await counterAction('3', 'open', { officer: 'canbo1.cai-rang' });
  });
});

describe('the tracking link of an issued ticket', () => {
  it('starts with PUBLIC_URL, the same link the printed QR carries', async () => {
    const pub = await startTestServer({ config: { publicUrl: 'https://dichvucong.cantho.example' } });
    try {
      const kiosk = await pub.enrollDevice(C, 'cai-rang-kiosk-1');
      const res = await pub.issueAsKiosk(kiosk.credential, C, { areaId: 'ht' });
      expect(res.status).toBe(201);
      const { dossierCode, trackingSecret } = res.body.ticket;
      expect(res.body.trackingUrl).toBe(
        `https://dichvucong.cantho.example/track/?code=${encodeURIComponent(dossierCode)}&s=${trackingSecret}`,
      );
    } finally {
      await pub.close();
    }
  });
});
