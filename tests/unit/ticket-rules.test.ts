import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/engine/domain-error.ts';
import * as rules from '../../server/src/engine/ticket.ts';
import { center, counter, waitingTicket } from '../helpers/fixtures.ts';

const at = (iso: string) => new Date(iso);
const c5 = counter('5', ['ht']);

describe('ticket state machine', () => {
  it('goes waiting → called → serving → done, timestamping each step', () => {
    const called = rules.call(waitingTicket('ht', 0), c5, at('2026-11-23T02:00:00Z'));
    expect(called).toMatchObject({ state: 'called', counterId: '5', calledAt: '2026-11-23T02:00:00.000Z' });
    const serving = rules.startServing(called, at('2026-11-23T02:01:00Z'));
    expect(serving).toMatchObject({ state: 'serving', servingAt: '2026-11-23T02:01:00.000Z' });
    const done = rules.complete(serving, at('2026-11-23T02:09:00Z'));
    expect(done).toMatchObject({ state: 'done', finishedAt: '2026-11-23T02:09:00.000Z' });
  });

  it('refuses steps out of order', () => {
    const waiting = waitingTicket('ht', 0);
    expect(() => rules.complete(waiting, at('2026-11-23T02:00:00Z'))).toThrow(DomainError);
    expect(() => rules.startServing(waiting, at('2026-11-23T02:00:00Z'))).toThrow(/TICKET_STATE/);
    expect(() => rules.markNoShow(waiting, at('2026-11-23T02:00:00Z'))).toThrow(/TICKET_STATE/);
    const done = rules.complete(
      rules.startServing(rules.call(waiting, c5, at('2026-11-23T02:00:00Z')), at('2026-11-23T02:01:00Z')),
      at('2026-11-23T02:02:00Z'),
    );
    expect(() => rules.call(done, c5, at('2026-11-23T02:03:00Z'))).toThrow(/TICKET_STATE/);
    expect(() => rules.cancel(done, at('2026-11-23T02:03:00Z'))).toThrow(/TICKET_STATE/);
  });

  it('recalls up to the limit, then takes the citizen as absent', () => {
    const settings = center({ maxRecalls: 2 });
    let t = rules.call(waitingTicket('ht', 0), c5, at('2026-11-23T02:00:00Z'));
    for (const expected of [1, 2]) {
      const r = rules.recall(t, settings, at('2026-11-23T02:01:00Z'));
      expect(r.kind).toBe('recalled');
      t = r.ticket;
      expect(t.recallCount).toBe(expected);
    }
    const last = rules.recall(t, settings, at('2026-11-23T02:02:00Z'));
    expect(last.kind).toBe('no_show');
    expect(last.ticket).toMatchObject({ state: 'no_show', finishedAt: '2026-11-23T02:02:00.000Z' });
  });

  it('puts a no-show back in line at its original place within the grace period only', () => {
    const settings = center({ noShowGraceMinutes: 30 });
    const original = waitingTicket('ht', 0);
    const absent = rules.markNoShow(rules.call(original, c5, at('2026-11-23T02:00:00Z')), at('2026-11-23T02:05:00Z'));
    const back = rules.requeue(absent, settings, at('2026-11-23T02:35:00Z'));
    expect(back).toMatchObject({ state: 'waiting', queuedAt: original.queuedAt, counterId: null, recallCount: 0 });
    expect(() => rules.requeue(absent, settings, at('2026-11-23T02:35:01Z'))).toThrow(/GRACE_EXPIRED/);
  });

  it('transfers back to waiting in another area, keeping the original place in line', () => {
    const original = waitingTicket('ht', 3);
    const serving = rules.startServing(
      rules.call(original, c5, at('2026-11-23T02:00:00Z')),
      at('2026-11-23T02:01:00Z'),
    );
    const moved = rules.transfer(serving, 'ct', null);
    expect(moved).toMatchObject({
      state: 'waiting',
      areaId: 'ct',
      queuedAt: original.queuedAt,
      counterId: null,
      transferCount: 1,
    });
    expect(() => rules.transfer(original, 'ct', null)).toThrow(/TICKET_STATE/);
  });

  it('cancels only a waiting ticket', () => {
    expect(rules.cancel(waitingTicket('ht', 0), at('2026-11-23T02:00:00Z')).state).toBe('cancelled');
  });
});
