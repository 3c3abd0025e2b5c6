import { describe, expect, it } from 'vitest';
import { appointmentsFirst, cappedPriorityPolicy, type CallPolicy, policyFor } from '../../server/src/engine/policy.ts';
import type { Ticket } from '@luot/contract';
import { area, center, counter, waitingTicket } from '../helpers/fixtures.ts';

const areas = [area('ht'), area('ct')];

/** Calls until nothing waits, applying each choice as the service does. */
/** 08:00 local time on the fixtures' day (waitingTicket's minute 0). */
const NOW = new Date(Date.UTC(2026, 10, 23, 1, 0));

function drain(policy: CallPolicy, c = counter('1', ['ht']), waiting: Ticket[], now = NOW): number[] {
  const order: number[] = [];
  let queue = [...waiting];
  let state = areas.map((a) => ({ ...a }));
  for (;;) {
    const choice = policy(c, state, queue, now);
    if (!choice) return order;
    order.push(choice.ticket.number);
    queue = queue.filter((t) => t.id !== choice.ticket.id);
    state = state.map((a) => (a.id === choice.ticket.areaId ? { ...a, priorityStreak: choice.priorityStreak } : a));
  }
}

describe('call-next policy', () => {
  it('serves first come, first served within an area', () => {
    const [a, b, c] = [waitingTicket('ht', 5), waitingTicket('ht', 1), waitingTicket('ht', 3)];
    expect(drain(cappedPriorityPolicy(3), undefined, [a, b, c])).toEqual([b.number, c.number, a.number]);
  });

  it("takes the counter's areas in the counter's order", () => {
    const ct = waitingTicket('ct', 0);
    const ht = waitingTicket('ht', 9);
    expect(drain(cappedPriorityPolicy(3), counter('1', ['ht', 'ct']), [ct, ht])).toEqual([ht.number, ct.number]);
    expect(drain(cappedPriorityPolicy(3), counter('1', ['ct', 'ht']), [ct, ht])).toEqual([ct.number, ht.number]);
  });

  it('never calls a ticket of an area the counter does not serve', () => {
    expect(cappedPriorityPolicy(3)(counter('1', ['ht']), areas, [waitingTicket('ct', 0)], NOW)).toBeNull();
  });

  it('calls priority tickets first but at most N in a row while others wait', () => {
    const normal = [waitingTicket('ht', 0), waitingTicket('ht', 1)];
    const prio = [1, 2, 3, 4, 5].map((m) => waitingTicket('ht', 10 + m, { priority: 'elderly' }));
    const order = drain(cappedPriorityPolicy(2), undefined, [...normal, ...prio]);
    expect(order).toEqual([prio[0], prio[1], normal[0], prio[2], prio[3], normal[1], prio[4]].map((t) => t.number));
  });

  it('in strict mode always calls priority first', () => {
    const normal = waitingTicket('ht', 0);
    const prio = [1, 2, 3, 4].map((m) => waitingTicket('ht', 10 + m, { priority: 'pregnant' }));
    const policy = policyFor(center({ priorityMode: 'strict' }).settings);
    expect(drain(policy, undefined, [normal, ...prio])).toEqual([...prio.map((t) => t.number), normal.number]);
  });

  it('gives a ticket transferred to a counter to that counter first, and to no other', () => {
    const early = waitingTicket('ht', 0);
    const sent = waitingTicket('ht', 30, { assignedCounterId: '2' });
    expect(cappedPriorityPolicy(3)(counter('2', ['ht']), areas, [early, sent], NOW)?.ticket.id).toBe(sent.id);
    expect(drain(cappedPriorityPolicy(3), counter('1', ['ht']), [early, sent])).toEqual([early.number]);
  });

  describe('appointments first', () => {
    const at = (minute: number) => new Date(NOW.getTime() + minute * 60_000);
    const dueAt = (minute: number) => at(minute).toISOString();
    const policy = appointmentsFirst(cappedPriorityPolicy(3), 15);

    it('calls an appointment inside its window before walk-ins who came earlier', () => {
      const walkIns = [waitingTicket('ht', 0), waitingTicket('ht', 5)];
      const booked = waitingTicket('ht', 50, { channel: 'appointment', dueAt: dueAt(60) });
      // At 08:50 the 09:00 appointment's window (±15 min) is open: it goes first.
      expect(drain(policy, undefined, [...walkIns, booked], at(50))).toEqual([booked, ...walkIns].map((t) => t.number));
    });

    it('keeps an early check-in waiting until its window opens', () => {
      const walkIn = waitingTicket('ht', 0);
      const booked = waitingTicket('ht', 1, { channel: 'appointment', dueAt: dueAt(60) });
      expect(policy(counter('1', ['ht']), areas, [walkIn, booked], at(10))?.ticket.id).toBe(walkIn.id);
      // Nobody else waits: still not called before 08:45.
      expect(policy(counter('1', ['ht']), areas, [booked], at(44))).toBeNull();
      expect(policy(counter('1', ['ht']), areas, [booked], at(45))?.ticket.id).toBe(booked.id);
    });

    it('takes appointments by their time, only of the counter areas, after tickets sent to this counter', () => {
      const later = waitingTicket('ht', 2, { channel: 'appointment', dueAt: dueAt(10) });
      const sooner = waitingTicket('ht', 3, { channel: 'appointment', dueAt: dueAt(5) });
      const other = waitingTicket('ct', 0, { channel: 'appointment', dueAt: dueAt(0) });
      expect(drain(policy, counter('1', ['ht']), [later, sooner, other], at(5))).toEqual([sooner.number, later.number]);
      const sent = waitingTicket('ht', 30, { assignedCounterId: '1' });
      expect(policy(counter('1', ['ht']), areas, [sooner, sent], at(5))?.ticket.id).toBe(sent.id);
    });

    it('is part of every center policy, with the window of its settings', () => {
      const walkIn = waitingTicket('ht', 0);
      const booked = waitingTicket('ht', 1, { channel: 'appointment', dueAt: dueAt(30) });
      const wide = policyFor(center({ appointmentWindowMinutes: 30 }).settings);
      const narrow = policyFor(center({ appointmentWindowMinutes: 5 }).settings);
      expect(wide(counter('1', ['ht']), areas, [walkIn, booked], at(0))?.ticket.id).toBe(booked.id);
      expect(narrow(counter('1', ['ht']), areas, [walkIn, booked], at(0))?.ticket.id).toBe(walkIn.id);
    });
  });
});
