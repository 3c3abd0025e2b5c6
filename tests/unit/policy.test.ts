import { describe, expect, it } from 'vitest';
import { cappedPriorityPolicy, policyFor } from '../../server/src/engine/policy.ts';
import type { Ticket } from '@luot/contract';
import { area, center, counter, waitingTicket } from '../helpers/fixtures.ts';

const areas = [area('ht'), area('ct')];

/** Calls until nothing waits, applying each choice as the service does. */
function drain(policy: ReturnType<typeof cappedPriorityPolicy>, c = counter('1', ['ht']), waiting: Ticket[]): number[] {
  const order: number[] = [];
  let queue = [...waiting];
  let state = areas.map((a) => ({ ...a }));
  for (;;) {
    const choice = policy(c, state, queue);
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
    expect(cappedPriorityPolicy(3)(counter('1', ['ht']), areas, [waitingTicket('ct', 0)])).toBeNull();
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
    expect(cappedPriorityPolicy(3)(counter('2', ['ht']), areas, [early, sent])?.ticket.id).toBe(sent.id);
    expect(drain(cappedPriorityPolicy(3), counter('1', ['ht']), [early, sent])).toEqual([early.number]);
  });
});
