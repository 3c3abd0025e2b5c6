// Reports read off the write path, on every store (a SQLite file: a WAL reader thread; PostgreSQL: the read pool):
// a report completes while a command's transaction is still open and sees only what was committed; a report
// still reading does not hold up a ticket issued at another center; and what it computes is what was logged.
import { afterEach, describe, expect, it } from 'vitest';
import type { Center } from '@luot/contract';
import { buildProvinceReport, buildReport } from '../../server/src/reports/reports.ts';
import { addCenter, area, center, counter } from '../helpers/fixtures.ts';
import { type ServiceHarness, serviceOn, STORE_KINDS } from '../helpers/service.ts';

const C = 'test-center';
const OTHER = 'other-center';
const DAY = '2026-11-23';
const YEAR = { from: '2025-11-24', to: DAY };

/** A promise and the function that settles it: a step the test lets go of when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.each(STORE_KINDS)('the read path on %s', (kind) => {
  let h: ServiceHarness;
  afterEach(() => h?.close());

  async function setup() {
    h = await serviceOn(kind);
    await addCenter(h.store, [area('ht')], [counter('1', ['ht'])]);
    const other: Center = { ...center(), id: OTHER, name: 'Trung tâm khác', agencyCode: '000.99.98.H13' };
    await h.store.transaction(async (tx) => {
      await tx.insertCenter(other);
      await tx.insertArea({ ...area('ht'), centerId: OTHER });
      await tx.insertCounter({ ...counter('1', ['ht']), centerId: OTHER });
    });
    let n = 0;
    const issue = async (centerId: string) =>
      (await h.queue.issueTicket(centerId, { areaId: 'ht', priority: 'none', kioskId: null }, `key-${++n}`)).issued
        .ticket;
    return { issue };
  }

  it('answers a report while a command is still inside its transaction, with only what was committed', async () => {
    const { issue } = await setup();
    await issue(C);
    await h.queue.callNext(C, '1', 'officer:canbo1');

    const release = gate();
    const entered = gate();
    // A command that has written its ticket and has not committed: every later transaction waits behind it.
    const open = h.store.transaction(async (tx) => {
      await h.queue.issueIn(tx, C, { areaId: 'ht', priority: 'none', kioskId: null, channel: 'kiosk', actor: 'test' });
      entered.open();
      await release.opened;
    });
    await entered.opened;

    const report = await buildReport(h.store, C, { ...YEAR, by: 'area' }, new Date(`${DAY}T02:00:00Z`));
    // The open command's ticket is not in it; the committed one, called, is.
    expect(report.total.issued).toBe(1);
    expect(report.total.called).toBe(1);
    const province = await buildProvinceReport(h.store, 'can-tho', YEAR, new Date(`${DAY}T02:00:00Z`));
    expect(province.total.figures.issued).toBe(1);

    release.open();
    await open;
    const after = await buildReport(h.store, C, { ...YEAR, by: 'area' }, new Date(`${DAY}T02:00:00Z`));
    expect(after.total.issued).toBe(2);
  });

  it('issues a ticket at another center while a year report is still reading', async () => {
    const { issue } = await setup();
    for (let i = 0; i < 5; i++) await issue(C);

    const release = gate();
    const order: string[] = [];
    // A report that has read some of its rows and is still at it (held here as long as the test wants).
    const report = h.store.read(async (r) => {
      const tickets = await r.reports.tickets(C, YEAR.from, YEAR.to);
      order.push('report read');
      await release.opened;
      const transitions = await r.reports.transitions(C, YEAR.from, YEAR.to, {
        fromAt: `${YEAR.from}T00:00:00Z`,
        toAt: `${DAY}T23:59:59Z`,
      });
      order.push('report done');
      return { tickets, transitions };
    });
    while (order.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const issued = await issue(OTHER);
    order.push('issued');
    expect(issued.centerId).toBe(OTHER);
    // And a command at the report's own center too: the reader holds no lock a writer needs.
    await issue(C);
    order.push('issued here');

    release.open();
    const { tickets, transitions } = await report;
    expect(order).toEqual(['report read', 'issued', 'issued here', 'report done']);
    // The report's snapshot is the one of its first statement: the tickets issued meanwhile are not in it.
    expect(tickets).toHaveLength(5);
    expect(transitions.filter((t) => t.type === 'ticket:issued')).toHaveLength(5);
  });

  it('computes from the read path what the log holds, and says a missing center is not found', async () => {
    const { issue } = await setup();
    for (let i = 0; i < 3; i++) await issue(C);
    await h.queue.callNext(C, '1', 'officer:canbo1');
    await h.queue.startServing(C, '1', 'officer:canbo1');
    await h.queue.complete(C, '1', 'officer:canbo1');
    const report = await buildReport(h.store, C, { from: DAY, to: DAY, by: 'counter' }, new Date(`${DAY}T02:00:00Z`));
    expect(report.total).toMatchObject({ called: 1, served: 1 });
    expect(report.rows.map((r) => r.label)).toEqual(['Quầy 1']);
    await expect(
      buildReport(h.store, 'nowhere', { from: DAY, to: DAY, by: 'area' }, new Date(`${DAY}T02:00:00Z`)),
    ).rejects.toMatchObject({ code: 'CENTER_NOT_FOUND' });
  });
});
