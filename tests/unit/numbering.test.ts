import { afterEach, describe, expect, it } from 'vitest';
import { area, addCenter, counter } from '../helpers/fixtures.ts';
import { serviceOn, type ServiceHarness, STORE_KINDS } from '../helpers/service.ts';

let h: ServiceHarness;
afterEach(() => h?.close());

const issue = (areaId: string, key: string, priority: 'none' | 'elderly' = 'none') =>
  h.queue.issueTicket('test-center', { areaId, priority, kioskId: null }, key).then((r) => r.issued);

describe.each(STORE_KINDS)('on %s', (kind) => {
  describe('numbering', () => {
    it('numbers each area inside its own block and restarts at local midnight', async () => {
      h = await serviceOn(kind, '2026-11-23T16:58:00Z'); // 23:58 in Vietnam
      await addCenter(
        h.store,
        [area('ht'), area('ct', { blockStart: 2001, blockEnd: 2999 })],
        [counter('1', ['ht', 'ct'])],
      );
      expect((await issue('ht', 'k-1')).ticket.number).toBe(1001);
      expect((await issue('ht', 'k-2')).ticket.number).toBe(1002);
      expect((await issue('ct', 'k-3')).ticket.number).toBe(2001);
      const lastOfDay = await issue('ht', 'k-4');
      expect(lastOfDay.ticket).toMatchObject({
        number: 1003,
        serviceDay: '2026-11-23',
        dossierCode: '000.99.99.H13-261123-0004',
      });

      h.at('2026-11-23T17:00:01Z'); // 00:00:01 on the 24th in Vietnam
      const first = await issue('ht', 'k-5');
      expect(first.ticket).toMatchObject({
        number: 1001,
        serviceDay: '2026-11-24',
        dossierCode: '000.99.99.H13-261124-0001',
      });
      expect((await issue('ct', 'k-6')).ticket.number).toBe(2001);
    });

    it('refuses a ticket when the block is used up, and issues nothing', async () => {
      h = await serviceOn(kind);
      await addCenter(h.store, [area('ht', { blockStart: 1001, blockEnd: 1002 })], [counter('1', ['ht'])]);
      await issue('ht', 'k-1');
      await issue('ht', 'k-2');
      await expect(issue('ht', 'k-3')).rejects.toThrow(/AREA_FULL/);
      expect((await h.queue.snapshot('test-center')).areas[0].waiting).toBe(2);
    });

    it('gives the same ticket for the same idempotency key, and refuses the key for another request', async () => {
      h = await serviceOn(kind);
      await addCenter(h.store, [area('ht'), area('ct', { sort: 1 })], [counter('1', ['ht', 'ct'])]);
      const first = await h.queue.issueTicket(
        'test-center',
        { areaId: 'ht', priority: 'none', kioskId: 'k1' },
        'same-key',
      );
      const again = await h.queue.issueTicket(
        'test-center',
        { areaId: 'ht', priority: 'none', kioskId: 'k1' },
        'same-key',
      );
      expect(first.replayed).toBe(false);
      expect(again.replayed).toBe(true);
      expect(again.issued.ticket.id).toBe(first.issued.ticket.id);
      await expect(
        h.queue.issueTicket('test-center', { areaId: 'ct', priority: 'none', kioskId: 'k1' }, 'same-key'),
      ).rejects.toThrow(/IDEMPOTENCY_CONFLICT/);
      expect((await h.queue.snapshot('test-center')).areas.map((a) => a.waiting)).toEqual([1, 0]);
    });
  });

  describe('queue service', () => {
    it('estimates the wait from real service times and the counters open', async () => {
      h = await serviceOn(kind, '2026-11-23T01:00:00Z');
      await addCenter(
        h.store,
        [area('ht', { targetServiceMinutes: 10 })],
        [counter('1', ['ht'], { officer: 'canbo1' }), counter('2', ['ht'], { state: 'closed' })],
      );
      // Before any service: the target time. Two waiting, one counter: 2 × 10 minutes.
      await issue('ht', 'k-1');
      await issue('ht', 'k-2');
      expect((await issue('ht', 'k-3')).estimatedWaitMinutes).toBe(20);
      // One real service of 4 minutes: the rolling average takes over.
      await h.queue.callNext('test-center', '1', 'officer');
      await h.queue.startServing('test-center', '1', 'officer');
      h.at('2026-11-23T01:04:00Z');
      await h.queue.complete('test-center', '1', 'officer');
      const snap = await h.queue.snapshot('test-center');
      expect(snap.areas[0]).toMatchObject({ waiting: 2, openCounters: 1, estimatedWaitMinutes: 8 });
      await h.queue.openCounter('test-center', '2', 'Nguyễn Văn A', 'manager');
      expect((await h.queue.snapshot('test-center')).areas[0]).toMatchObject({
        openCounters: 2,
        estimatedWaitMinutes: 4,
      });
    });

    it('counts the people ahead as the policy would call them', async () => {
      h = await serviceOn(kind, '2026-11-23T01:00:00Z');
      await addCenter(h.store, [area('ht'), area('ct', { sort: 1 })], [counter('1', ['ht', 'ct'])]);
      expect((await issue('ht', 'k-1')).peopleAhead).toBe(0);
      expect((await issue('ct', 'k-2')).peopleAhead).toBe(0); // another area's line
      expect((await issue('ht', 'k-3')).peopleAhead).toBe(1);
      expect((await issue('ht', 'k-4', 'elderly')).peopleAhead).toBe(0); // priority goes ahead of the normal line
      expect((await issue('ht', 'k-5', 'elderly')).peopleAhead).toBe(1);
      expect((await issue('ht', 'k-6')).peopleAhead).toBe(4);
    });

    it('puts a transferred ticket in the new line at its original place', async () => {
      h = await serviceOn(kind, '2026-11-23T01:00:00Z');
      await addCenter(
        h.store,
        [area('ht'), area('ct', { blockStart: 2001, blockEnd: 2999 })],
        [counter('1', ['ht']), counter('2', ['ct'])],
      );
      const early = await issue('ht', 'k-1');
      h.at('2026-11-23T01:10:00Z');
      const later = await issue('ct', 'k-2');
      await h.queue.callNext('test-center', '1', 'officer');
      await h.queue.transfer('test-center', '1', { areaId: 'ct', counterId: null, note: 'nhầm lĩnh vực' }, 'officer');
      const next = await h.queue.callNext('test-center', '2', 'officer');
      expect(next.id).toBe(early.ticket.id);
      expect(next.id).not.toBe(later.ticket.id);
      const history = await h.store.ticketHistory(early.ticket.id);
      expect(history.map((e) => e.type)).toEqual([
        'ticket:issued',
        'ticket:called',
        'ticket:transferred',
        'ticket:called',
      ]);
      expect(history[2]).toMatchObject({ actor: 'officer', counterId: '1', note: 'nhầm lĩnh vực' });
    });

    it('takes a citizen back within the no-show grace period', async () => {
      h = await serviceOn(kind, '2026-11-23T01:00:00Z');
      await addCenter(h.store, [area('ht')], [counter('1', ['ht'])], { noShowGraceMinutes: 15, maxRecalls: 1 });
      const t = await issue('ht', 'k-1');
      await issue('ht', 'k-2');
      await h.queue.callNext('test-center', '1', 'officer');
      await h.queue.recall('test-center', '1', 'officer');
      const absent = await h.queue.recall('test-center', '1', 'officer'); // past the limit
      expect(absent.state).toBe('no_show');
      h.at('2026-11-23T01:10:00Z');
      await h.queue.requeue(t.ticket.id, 'officer');
      expect((await h.queue.callNext('test-center', '1', 'officer')).id).toBe(t.ticket.id);
    });
  });
});
