// The report arithmetic on hand-made logs: the edges a scripted week does not reach (a counter left open past
// midnight, a parked spell inside a service, a pause without a reason) and the dd/mm/yyyy the console parses.
import { describe, expect, it } from 'vitest';
import { parseDayVi } from '../../console/src/format.ts';
import { computeFigures, timeRowOf, weekdayHour } from '../../server/src/reports/compute.ts';
import type { Transition } from '../../server/src/reports/source.ts';

let seq = 0;
const e = (at: string, type: string, extra: Partial<Transition> = {}): Transition => ({
  seq: ++seq,
  ticketId: null,
  type,
  at: new Date(`2026-03-${at}:00+07:00`).toISOString(),
  actor: 'officer:canbo1',
  counterId: '1',
  areaId: null,
  note: null,
  ...extra,
});
const input = (transitions: Transition[], until = '2026-03-04T00:00:00+07:00') => ({
  tickets: [
    {
      id: 'T',
      areaId: 'ht',
      serviceDay: '2026-03-02',
      state: 'done' as const,
      issuedAt: new Date('2026-03-02T16:00:00+07:00').toISOString(),
      priority: 'none' as const,
      channel: 'kiosk',
    },
  ],
  transitions,
  ratings: [],
  dossiers: [],
  targetMinutes: new Map([['ht', 10]]),
  until: new Date(until).toISOString(),
  now: new Date(until).toISOString(),
});

describe('report figures', () => {
  it('cuts a counter left open at midnight, and counts a pause without a reason', () => {
    const f = computeFigures(
      input([
        e('02T16:00', 'counter:opened'),
        e('02T16:30', 'counter:paused'),
        e('02T17:00', 'counter:resumed'),
        // Never closed: counted until midnight, then again from its next event.
        e('03T08:00', 'counter:closed'),
      ]),
      () => null,
    );
    expect(timeRowOf('', '', f.time)).toEqual({
      key: '',
      label: '',
      openSeconds: 8 * 3600,
      busySeconds: 0,
      idleSeconds: 7.5 * 3600,
      awaySeconds: 1800,
      away: [{ reason: 'Không ghi lý do', pauses: 1, seconds: 1800 }],
    });
  });

  it('leaves a parked spell out of the service time', () => {
    const t = { ticketId: 'T' };
    const f = computeFigures(
      input([
        e('02T16:00', 'counter:opened'),
        e('02T16:00', 'ticket:issued', { ...t, areaId: 'ht', counterId: null }),
        e('02T16:10', 'ticket:called', t),
        e('02T16:11', 'ticket:serving', t),
        e('02T16:15', 'ticket:held', t), // 4 minutes served, then the citizen fetches a document
        e('02T16:45', 'ticket:unheld', t),
        e('02T16:46', 'ticket:serving', t),
        e('02T16:50', 'ticket:completed', t), // 4 more
        e('02T17:00', 'counter:closed'),
      ]),
      () => null,
    );
    expect(f.total).toMatchObject({ issued: 1, called: 1, served: 1, withinTarget: 1, waits: [600], services: [480] });
    // Busy while called or served, not while parked.
    expect(timeRowOf('', '', f.time)).toMatchObject({ busySeconds: 10 * 60, idleSeconds: 50 * 60 });
  });

  it('reads weekdays and hours in Vietnam time', () => {
    expect(weekdayHour('2026-03-01T17:30:00Z')).toEqual([0, 0]); // Monday 00:30 in Vietnam
    expect(weekdayHour('2026-03-08T09:00:00Z')).toEqual([6, 16]); // Sunday 16:00
  });

  it('parses dd/mm/yyyy typed in the console, refusing what is not a day', () => {
    expect(parseDayVi('02/03/2026')).toBe('2026-03-02');
    expect(parseDayVi(' 2/3/2026 ')).toBe('2026-03-02');
    expect(parseDayVi('29/02/2026')).toBeNull();
    expect(parseDayVi('2026-03-02')).toBeNull();
    expect(parseDayVi('03/02/2026x')).toBeNull();
  });
});
