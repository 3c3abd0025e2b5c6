// The desk's transitions: a call out of line order, the hold pool, and cancelling a parked ticket.
import { describe, expect, it } from 'vitest';
import * as rules from '../../server/src/engine/ticket.ts';
import { counter, waitingTicket } from '../helpers/fixtures.ts';

const at = (iso: string) => new Date(iso);
const c5 = counter('5', ['ht']);
const c6 = counter('6', ['ct']);

describe('calling a chosen ticket', () => {
  it('calls any waiting ticket of the counter’s areas, whatever its place in line', () => {
    const called = rules.callChosen(waitingTicket('ht', 9), c5, at('2026-11-23T02:00:00Z'));
    expect(called).toMatchObject({
      state: 'called',
      counterId: '5',
      calledAt: '2026-11-23T02:00:00.000Z',
      recallCount: 0,
    });
  });

  it('calls a ticket transferred to this counter, even of another area', () => {
    const sent = waitingTicket('ct', 1, { assignedCounterId: '5' });
    expect(rules.callChosen(sent, c5, at('2026-11-23T02:00:00Z')).state).toBe('called');
  });

  it('refuses a ticket of another area, one sent to another counter, or one not waiting', () => {
    expect(() => rules.callChosen(waitingTicket('ct', 1), c5, at('2026-11-23T02:00:00Z'))).toThrow(
      /TICKET_NOT_AT_COUNTER/,
    );
    expect(() =>
      rules.callChosen(waitingTicket('ht', 1, { assignedCounterId: '7' }), c5, at('2026-11-23T02:00:00Z')),
    ).toThrow(/TICKET_NOT_AT_COUNTER/);
    const called = rules.call(waitingTicket('ht', 1), c5, at('2026-11-23T02:00:00Z'));
    expect(() => rules.callChosen(called, c5, at('2026-11-23T02:01:00Z'))).toThrow(/TICKET_STATE/);
  });
});

describe('the hold pool', () => {
  const called = rules.call(waitingTicket('ht', 0), c5, at('2026-11-23T02:00:00Z'));

  it('parks a called or served ticket at its counter and calls it back there', () => {
    for (const t of [called, rules.startServing(called, at('2026-11-23T02:01:00Z'))]) {
      const held = rules.hold(t);
      expect(held).toMatchObject({ state: 'held', counterId: '5', finishedAt: null });
      const back = rules.recallFromHold(held, c5, at('2026-11-23T02:30:00Z'));
      expect(back).toMatchObject({
        state: 'called',
        counterId: '5',
        calledAt: '2026-11-23T02:30:00.000Z',
        servingAt: null,
        recallCount: 0,
      });
      expect(back.queuedAt).toBe(called.queuedAt);
    }
  });

  it('recalls only to the counter that parked it, and only a held ticket', () => {
    const held = rules.hold(called);
    expect(() => rules.recallFromHold(held, c6, at('2026-11-23T02:30:00Z'))).toThrow(/TICKET_NOT_AT_COUNTER/);
    expect(() => rules.recallFromHold(called, c5, at('2026-11-23T02:30:00Z'))).toThrow(/TICKET_STATE/);
    expect(() => rules.hold(waitingTicket('ht', 1))).toThrow(/TICKET_STATE/);
    expect(() => rules.hold(held)).toThrow(/TICKET_STATE/);
    expect(() => rules.markNoShow(held, at('2026-11-23T02:30:00Z'))).toThrow(/TICKET_STATE/);
  });

  it('cancels a parked or a called ticket, not one being served', () => {
    const held = rules.hold(called);
    expect(rules.cancel(held, at('2026-11-23T03:00:00Z'))).toMatchObject({
      state: 'cancelled',
      finishedAt: '2026-11-23T03:00:00.000Z',
    });
    expect(rules.cancel(called, at('2026-11-23T03:00:00Z')).state).toBe('cancelled');
    expect(() =>
      rules.cancel(rules.startServing(called, at('2026-11-23T02:01:00Z')), at('2026-11-23T03:00:00Z')),
    ).toThrow(/TICKET_STATE/);
  });
});
