// The desk's commands on every store (SQLite file and PostgreSQL): a call out of line order with its reason in
// the log, the hold pool, complete-and-next, auto-call, the desk's lists and the officer's day, the hall's
// text line, and the calls a hall may still show.
import { afterEach, describe, expect, it } from 'vitest';
import type { CenterEvent } from '@luot/contract';
import { applyDelta, encodeDelta, type CenterSnapshot } from '@luot/contract';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { type ServiceHarness, serviceOn, STORE_KINDS } from '../helpers/service.ts';

/** Folds a logged event into a snapshot as a client does: through its wire form. */
function fold(snapshot: CenterSnapshot, event: CenterEvent): CenterSnapshot {
  const applied = applyDelta(snapshot, event.type, encodeDelta(event));
  if (!applied || applied === 'held') throw new Error(`delta ${event.seq} not applied`);
  return applied.snapshot;
}

const C = 'test-center';

describe.each(STORE_KINDS)('the desk on %s', (kind) => {
  let h: ServiceHarness;
  afterEach(() => h?.close());

  async function setup() {
    h = await serviceOn(kind);
    await addCenter(
      h.store,
      [area('ht', { nameVi: 'Hộ tịch' }), area('ct')],
      [counter('1', ['ht']), counter('2', ['ct']), counter('3', ['ht', 'ct'])],
    );
    const events: CenterEvent[] = [];
    h.queue.onEvent((e) => events.push(e));
    let n = 0;
    const issue = async (areaId: string, minute: number) => {
      h.at(`2026-11-23T01:${String(minute).padStart(2, '0')}:00Z`);
      return (await h.queue.issueTicket(C, { areaId, priority: 'none', kioskId: null }, `key-${++n}`)).issued.ticket;
    };
    return { events, issue };
  }

  it('calls a chosen number out of line order and keeps the officer and the reason in the log', async () => {
    const { issue, events } = await setup();
    const first = await issue('ht', 1);
    const third = (await issue('ht', 2), await issue('ht', 3));
    const other = await issue('ct', 4);
    h.at('2026-11-23T01:10:00Z');
    await expect(h.queue.callChosen(C, '1', other.id, 'Người khuyết tật', 'officer:a')).rejects.toThrow(
      /TICKET_NOT_AT_COUNTER/,
    );
    const called = await h.queue.callChosen(C, '1', third.id, '  Cụ già đứng không vững  ', 'officer:a');
    expect(called).toMatchObject({ id: third.id, state: 'called', counterId: '1' });
    const history = await h.store.ticketHistory(third.id);
    expect(history.at(-1)).toMatchObject({
      type: 'ticket:called_chosen',
      actor: 'officer:a',
      note: 'Cụ già đứng không vững',
      counterId: '1',
    });
    expect(events.at(-1)?.call).toMatchObject({ number: third.number, counterNumber: 1 });
    // The counter is busy now; the rest of the line keeps its order.
    await expect(h.queue.callChosen(C, '1', first.id, 'x', 'officer:a')).rejects.toThrow(/COUNTER_BUSY/);
    expect((await h.queue.snapshot(C)).recentCalls[0]).toMatchObject({ ticketId: third.id });
  });

  it('parks a citizen, frees the counter, lists them at this counter only and calls them back there', async () => {
    const { issue, events } = await setup();
    const a = await issue('ht', 1);
    const b = await issue('ht', 2);
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.startServing(C, '1', 'officer:a');
    h.at('2026-11-23T01:20:00Z');
    const held = await h.queue.hold(C, '1', 'Đi photo CCCD', 'officer:a');
    expect(held).toMatchObject({ id: a.id, state: 'held', counterId: '1' });
    expect(events.at(-1)).toMatchObject({ type: 'ticket:held', ticket: { id: a.id, state: 'held' } });
    expect((await h.queue.snapshot(C)).recentCalls.map((c) => c.ticketId)).not.toContain(a.id);

    const desk = await h.queue.desk(C, '1', 'officer:a');
    expect(desk.held).toEqual([
      expect.objectContaining({ id: a.id, number: a.number, since: '2026-11-23T01:20:00.000Z' }),
    ]);
    expect(desk.waiting.map((t) => t.id)).toEqual([b.id]);
    expect((await h.queue.desk(C, '3', 'officer:b')).held).toEqual([]);

    // The next citizen meanwhile; then the parked one comes back.
    await h.queue.callNext(C, '1', 'officer:a');
    await expect(h.queue.unhold(C, '1', a.id, 'officer:a')).rejects.toThrow(/COUNTER_BUSY/);
    await h.queue.markNoShow(C, '1', 'officer:a');
    await expect(h.queue.unhold(C, '3', a.id, 'officer:b')).rejects.toThrow(/TICKET_NOT_AT_COUNTER/);
    h.at('2026-11-23T01:30:00Z');
    const back = await h.queue.unhold(C, '1', a.id, 'officer:a');
    expect(back).toMatchObject({ state: 'called', counterId: '1', calledAt: '2026-11-23T01:30:00.000Z' });
    expect(events.at(-1)).toMatchObject({
      type: 'ticket:unheld',
      call: { ticketId: a.id, counterNumber: 1, recall: 0 },
    });
    expect((await h.queue.snapshot(C)).recentCalls[0]).toMatchObject({ ticketId: a.id, counterId: '1' });
    expect((await h.queue.desk(C, '1', 'officer:a')).held).toEqual([]);
  });

  it('completes and calls the next in one command, and counts the officer’s day', async () => {
    const { issue } = await setup();
    const a = await issue('ht', 1);
    const b = await issue('ht', 2);
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.startServing(C, '1', 'officer:a');
    const first = await h.queue.completeAndNext(C, '1', 'officer:a');
    expect(first.completed).toMatchObject({ id: a.id, state: 'done' });
    expect(first.called).toMatchObject({ id: b.id, state: 'called', counterId: '1' });
    await h.queue.markNoShow(C, '1', 'officer:a');
    const desk = await h.queue.desk(C, '1', 'officer:a');
    expect(desk.today).toEqual({ day: '2026-11-23', served: 1, noShows: 1 });
    expect(desk.noShows).toEqual([expect.objectContaining({ id: b.id, graceEndsAt: expect.any(String) })]);
    expect((await h.queue.desk(C, '1', 'officer:other')).today).toMatchObject({ served: 0, noShows: 0 });
    // The absent citizen back within the grace period: in line again, gone from the no-show list.
    await h.queue.requeue(b.id, 'officer:a', 'Quay lại');
    const after = await h.queue.desk(C, '1', 'officer:a');
    expect(after.noShows).toEqual([]);
    expect(after.waiting.map((t) => t.id)).toEqual([b.id]);
    // Nobody else waits: complete-and-next only completes.
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.startServing(C, '1', 'officer:a');
    expect(await h.queue.completeAndNext(C, '1', 'officer:a')).toMatchObject({
      completed: { id: b.id, state: 'done' },
      called: null,
    });
  });

  it('with auto-call on, the counter calls the next citizen as soon as it is free', async () => {
    const { issue, events } = await setup();
    const a = await issue('ht', 1);
    const b = await issue('ht', 2);
    expect((await h.queue.desk(C, '1', 'officer:a')).autoCall).toBe(false);
    await h.queue.setAutoCall(C, '1', true, 'officer:a');
    expect((await h.queue.desk(C, '1', 'officer:a')).autoCall).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'counter:auto_call' });
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.markNoShow(C, '1', 'officer:a');
    expect(events.slice(-2).map((e) => e.type)).toEqual(['ticket:no_show', 'ticket:called']);
    expect(events.at(-1)?.ticket).toMatchObject({ id: b.id, state: 'called' });
    expect((await h.queue.snapshot(C)).counters.find((c) => c.id === '1')?.current?.id).toBe(b.id);
    void a;
    await h.queue.setAutoCall(C, '1', false, 'officer:a');
    await h.queue.startServing(C, '1', 'officer:a');
    await h.queue.complete(C, '1', 'officer:a');
    expect((await h.queue.snapshot(C)).counters.find((c) => c.id === '1')?.current).toBeNull();
  });

  it('with auto-call on, an idle counter calls a citizen who arrives, and calls on resuming from a pause', async () => {
    const { issue, events } = await setup();
    await h.queue.setAutoCall(C, '1', true, 'officer:a');
    const a = await issue('ht', 1);
    // Counter 1 is idle: the new ticket is called at once, in the same command; the kiosk is told it is called.
    expect(events.slice(-2).map((e) => e.type)).toEqual(['ticket:issued', 'ticket:called']);
    expect((await h.queue.snapshot(C)).counters.find((c) => c.id === '1')?.current?.id).toBe(a.id);
    // A counter without auto-call stays idle; a counter of another area is not asked.
    const b = await issue('ct', 2);
    expect(events.at(-1)).toMatchObject({ type: 'ticket:issued', ticket: { id: b.id, state: 'waiting' } });
    await h.queue.startServing(C, '1', 'officer:a');
    await h.queue.setAutoCall(C, '1', false, 'officer:a');
    await h.queue.complete(C, '1', 'officer:a');
    await h.queue.pauseCounter(C, '1', 'Họp', 'officer:a');
    const c = await issue('ht', 3);
    await h.queue.setAutoCall(C, '1', true, 'officer:a');
    expect(events.at(-1)?.type).toBe('counter:auto_call'); // paused: nothing called
    const resumed = await h.queue.resumeCounter(C, '1', 'officer:a');
    expect(resumed).toMatchObject({ state: 'open', currentTicketId: c.id });
    expect(events.slice(-2).map((e) => e.type)).toEqual(['counter:resumed', 'ticket:called']);
  });

  it('cancels a waiting or parked ticket, and keeps the pause reason on the resume', async () => {
    const { issue, events } = await setup();
    const a = await issue('ht', 1);
    const b = await issue('ht', 2);
    await h.queue.cancel(b.id, 'officer:a', 'Công dân không làm nữa');
    expect((await h.store.ticketHistory(b.id)).at(-1)).toMatchObject({
      type: 'ticket:cancelled',
      note: 'Công dân không làm nữa',
    });
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.hold(C, '1', null, 'officer:a');
    expect((await h.queue.cancel(a.id, 'officer:a')).state).toBe('cancelled');
    await h.queue.pauseCounter(C, '1', 'Nghỉ giữa giờ', 'officer:a');
    await h.queue.resumeCounter(C, '1', 'officer:a');
    expect(events.slice(-2).map((e) => e.type)).toEqual(['counter:paused', 'counter:resumed']);
    const log = await h.store.eventsAfter(C, 0, 100);
    expect(log.at(-1)?.type).toBe('counter:resumed');
  });

  it('sets and clears the hall’s text line, in the snapshot and in the delta', async () => {
    const { events } = await setup();
    const before = await h.queue.snapshot(C);
    expect(before.announcement).toBeNull();
    expect(await h.queue.setAnnouncement(C, '  Từ 11h30 đến 13h30   nghỉ trưa  ', 'manager:m')).toBe(
      'Từ 11h30 đến 13h30 nghỉ trưa',
    );
    const after = fold(before, events.at(-1)!);
    expect(after.announcement).toBe('Từ 11h30 đến 13h30 nghỉ trưa');
    expect((await h.queue.snapshot(C)).announcement).toBe('Từ 11h30 đến 13h30 nghỉ trưa');
    expect(await h.queue.setAnnouncement(C, '   ', 'manager:m')).toBeNull();
    expect((await h.queue.snapshot(C)).announcement).toBeNull();
  });

  it('words calls from the center’s template, the area’s name included when asked', async () => {
    const { issue, events } = await setup();
    await issue('ht', 1);
    await h.queue.callNext(C, '1', 'officer:a');
    expect(events.at(-1)?.call?.text).toBe('Kính mời công dân có số thứ tự 1001 đến quầy số 1');
    await expect(h.queue.setCallTemplate(C, 'Mời số {number}', 'manager:m')).rejects.toThrow(/BAD_TEMPLATE/);
    await expect(h.queue.setCallTemplate(C, 'Mời số {number} đến quầy {counter} {name}', 'manager:m')).rejects.toThrow(
      /BAD_TEMPLATE/,
    );
    expect(
      await h.queue.setCallTemplate(C, ' Xin mời số {number}  lĩnh vực {area} đến quầy {counter} ', 'manager:m'),
    ).toBe('Xin mời số {number} lĩnh vực {area} đến quầy {counter}');
    await h.queue.recall(C, '1', 'officer:a');
    expect(events.at(-1)?.call?.text).toBe('Xin mời số 1001 lĩnh vực Hộ tịch đến quầy 1');
    expect((await h.queue.snapshot(C)).center.callTemplate).toBe(
      'Xin mời số {number} lĩnh vực {area} đến quầy {counter}',
    );
  });

  it('drops from the hall the calls of tickets that left their counter unserved', async () => {
    const { issue, events } = await setup();
    const a = await issue('ht', 1);
    const b = await issue('ht', 2);
    await issue('ct', 3);
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.markNoShow(C, '1', 'officer:a');
    await h.queue.callNext(C, '1', 'officer:a');
    await h.queue.transfer(C, '1', { areaId: 'ct', counterId: null, note: null }, 'officer:a');
    await h.queue.callNext(C, '2', 'officer:b'); // b again: a transfer keeps its place in line
    const snap = await h.queue.snapshot(C);
    expect(snap.recentCalls.map((x) => [x.ticketId, x.counterId])).toEqual([[b.id, '2']]);
    // And the same on a client following deltas from before.
    let client = { ...snap, seq: events[2].seq - 1, recentCalls: [] as typeof snap.recentCalls };
    for (const e of events.slice(2)) client = fold(client, e);
    expect(client.recentCalls.map((x) => [x.ticketId, x.counterId])).toEqual([[b.id, '2']]);
    void a;
  });
});

describe('the desk over HTTP', () => {
  it('refuses bad input with a code and a message, and changes nothing; the line only for staff of the counter', async () => {
    const { startTestServer, newKey } = await import('../helpers/server.ts');
    const t = await startTestServer();
    try {
      const C2 = 'cai-rang';
      const officer = 'canbo1.cai-rang';
      const issued = await t.request(
        'POST',
        `/api/centers/${C2}/tickets`,
        { areaId: 'ht' },
        { 'idempotency-key': newKey() },
      );
      const pick = await t.requestAs(officer, 'POST', `/api/centers/${C2}/counters/1/open`, {});
      expect(pick.status).toBe(200);
      const base = `/api/centers/${C2}/counters/1`;
      const noReason = await t.requestAs(officer, 'POST', `${base}/call-chosen`, {
        ticketId: issued.body.ticket.id,
        reason: '   ',
      });
      expect(noReason).toMatchObject({ status: 400, body: { code: 'VALIDATION', messageVi: expect.any(String) } });
      const unknown = await t.requestAs(officer, 'POST', `${base}/call-chosen`, {
        ticketId: 'nope',
        reason: 'Ưu tiên',
      });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'TICKET_NOT_FOUND' } });
      const desk = await t.requestAs(officer, 'GET', `${base}/desk`);
      expect(desk.status).toBe(200);
      expect(desk.body.waiting.map((x: { id: string }) => x.id)).toContain(issued.body.ticket.id);
      expect(JSON.stringify(desk.body)).not.toContain(issued.body.ticket.trackingSecret);
      // Another officer of the center does not hold counter 1.
      expect((await t.requestAs('canbo2.cai-rang', 'GET', `${base}/desk`)).status).toBe(403);
      expect((await t.requestAs(null, 'GET', `${base}/desk`)).status).toBe(401);
      const called = await t.requestAs(officer, 'POST', `${base}/call-chosen`, {
        ticketId: issued.body.ticket.id,
        reason: 'Người cao tuổi',
      });
      expect(called).toMatchObject({ status: 200, body: { state: 'called' } });
      expect((await t.requestAs(officer, 'POST', `${base}/hold`, { note: 'Đi photo' })).body.state).toBe('held');
      expect(
        (await t.requestAs(officer, 'POST', `${base}/unhold`, { ticketId: issued.body.ticket.id })).body.state,
      ).toBe('called');
      expect((await t.requestAs(officer, 'PUT', `${base}/auto-call`, { on: 'yes' })).status).toBe(400);
      expect((await t.requestAs(officer, 'PUT', `${base}/auto-call`, { on: true })).body).toEqual({ on: true });
      // The hall's text line is the managers'.
      expect((await t.requestAs(officer, 'PUT', `/api/centers/${C2}/announcement`, { text: 'x' })).status).toBe(403);
      expect(
        (await t.requestAs('quanly.cai-rang', 'PUT', `/api/centers/${C2}/announcement`, { text: 'x'.repeat(301) }))
          .status,
      ).toBe(400);
      expect((await t.request('GET', `/api/centers/${C2}/snapshot`)).body.announcement).toBeNull();
    } finally {
      await t.close();
    }
  }, 90_000);
});
