// Opening hours and the working calendar as data: the pure rules (engine/opening.ts, dossier/calendar.ts).
import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '@luot/contract';
import { nationalCalendar, promisedReturn } from '../../server/src/dossier/calendar.ts';
import { catalogFromCsv, validateCatalog } from '../../server/src/dossier/catalog.ts';
import { DEMO_AUTHORITIES } from '../../server/src/seed/procedures.ts';
import { WorkingCalendar } from '../../server/src/engine/calendar.ts';
import { hoursProblems, openingAt } from '../../server/src/engine/opening.ts';
import { DEMO_HOURS } from '../../server/src/seed/demo.ts';

const vn = (local: string) => new Date(`${local}+07:00`);
const calendar = nationalCalendar();
const hours: OpeningHours = { ...DEMO_HOURS, areaLastTicket: { ht: '15:00' } };
const at = (local: string, areaId: string | null = null) => openingAt(hours, calendar, vn(local), areaId);

describe('opening hours', () => {
  it('is closed before opening and says when it opens', () => {
    const s = at('2026-11-30T05:00:00');
    expect(s).toMatchObject({
      open: false,
      reason: 'before_opening',
      nextOpening: { day: '2026-11-30', time: '07:30', weekday: 1 },
    });
    expect(s.nextOpening!.at).toBe(vn('2026-11-30T07:30:00').toISOString());
  });

  it('is open in an interval, until its end', () => {
    expect(at('2026-11-30T07:30:00')).toMatchObject({ open: true, reason: 'open', closesAt: { time: '11:30' } });
    expect(at('2026-11-30T14:00:00')).toMatchObject({ open: true, closesAt: { time: '16:30' } });
  });

  it('is closed over the lunch break, reopening at 13:30', () => {
    expect(at('2026-11-30T11:30:00')).toMatchObject({
      open: false,
      reason: 'break',
      nextOpening: { day: '2026-11-30', time: '13:30' },
    });
  });

  it('issues nothing after the last ticket, for the center or for one area', () => {
    expect(at('2026-11-30T16:45:00')).toMatchObject({
      open: false,
      reason: 'after_last_ticket',
      nextOpening: { day: '2026-12-01', time: '07:30' },
    });
    expect(at('2026-11-30T15:10:00', 'ht')).toMatchObject({ open: false, reason: 'after_last_ticket' });
    expect(at('2026-11-30T15:10:00', 'ct').open).toBe(true);
    expect(at('2026-11-30T17:30:00')).toMatchObject({ open: false, reason: 'after_closing' });
  });

  it('keeps Saturday mornings and closes on Sunday', () => {
    expect(at('2026-12-05T09:00:00').open).toBe(true);
    expect(at('2026-12-05T14:00:00')).toMatchObject({
      open: false,
      reason: 'after_closing',
      nextOpening: { day: '2026-12-07', time: '07:30', weekday: 1 },
    });
    expect(at('2026-12-06T09:00:00')).toMatchObject({ open: false, reason: 'weekly_closed' });
  });

  it('closes on public holidays (02/01/2026 included) and opens on the make-up Saturday 10/01/2026 with Monday hours', () => {
    expect(at('2026-01-01T09:00:00')).toMatchObject({ open: false, reason: 'holiday' });
    expect(at('2026-01-02T09:00:00')).toMatchObject({
      open: false,
      reason: 'holiday',
      nextOpening: { day: '2026-01-05', time: '07:30' },
    });
    expect(at('2026-01-03T09:00:00')).toMatchObject({ open: false, reason: 'holiday' });
    expect(at('2026-01-10T09:00:00').open).toBe(true);
    expect(at('2026-01-10T14:00:00').open).toBe(true);
    expect(at('2026-01-17T14:00:00').open).toBe(false);
    expect(at('2026-02-16T09:00:00')).toMatchObject({
      open: false,
      reason: 'holiday',
      nextOpening: { day: '2026-02-23' },
    });
  });

  it("follows a center's own exceptions before the calendar", () => {
    const own: OpeningHours = {
      ...hours,
      exceptions: [
        { day: '2026-12-01', intervals: [], note: 'Tổng vệ sinh' },
        { day: '2026-12-06', intervals: [{ from: '08:00', to: '11:00' }], note: 'Ngày hội' },
      ],
    };
    expect(openingAt(own, calendar, vn('2026-12-01T09:00:00'))).toMatchObject({
      open: false,
      reason: 'closed_day',
      nextOpening: { day: '2026-12-02' },
    });
    expect(openingAt(own, calendar, vn('2026-12-06T09:00:00')).open).toBe(true);
  });

  it('is always open without hours, and warns for a year without calendar data', () => {
    expect(openingAt(null, calendar, vn('2026-11-30T03:00:00'))).toMatchObject({
      open: true,
      reason: 'no_hours',
      calendarWarning: null,
    });
    expect(openingAt(hours, calendar, vn('2030-03-04T09:00:00')).calendarWarning).toContain('2030');
  });

  it('refuses hours that overlap, end before they start, or name an unknown area', () => {
    const bad: OpeningHours = {
      ...hours,
      weekly: {
        ...hours.weekly,
        mon: [
          { from: '13:30', to: '17:00' },
          { from: '07:30', to: '11:30' },
        ],
        tue: [{ from: '11:00', to: '10:00' }],
      },
      areaLastTicket: { zz: '15:00' },
    };
    const problems = hoursProblems(bad, ['ht', 'ct']);
    expect(problems.join('\n')).toMatch(/mon: 07:30–11:30 overlaps/);
    expect(problems.join('\n')).toMatch(/tue: 11:00–10:00 ends before/);
    expect(problems.join('\n')).toMatch(/unknown service area zz/);
    expect(
      hoursProblems({ ...DEMO_HOURS, exceptions: [{ day: '2026-02-30', intervals: [], note: null }] }, []),
    ).toEqual(['exception 2026-02-30 is not a date']);
    expect(hoursProblems(DEMO_HOURS, [])).toEqual([]);
  });
});

describe('due dates on the calendar data', () => {
  it('skips 02/01/2026 and counts Saturday 10/01/2026', () => {
    // Wednesday 31/12/2025 + 1 working day: 01/01 and 02/01 off, then the weekend: Monday 05/01.
    expect(promisedReturn(calendar, vn('2025-12-31T10:00:00'), 1).dueDate).toBe('2026-01-05');
    // Thursday 08/01 + 2: Friday 09/01, make-up Saturday 10/01.
    expect(promisedReturn(calendar, vn('2026-01-08T10:00:00'), 2).dueDate).toBe('2026-01-10');
  });

  it('counts a dossier received after the procedure cut-off from the next working day', () => {
    expect(promisedReturn(calendar, vn('2026-01-08T14:59:00'), 0, '15:00')).toEqual({
      dueDate: '2026-01-08',
      dueAt: vn('2026-01-08T17:00:00'),
    });
    expect(promisedReturn(calendar, vn('2026-01-08T15:00:00'), 0, '15:00')).toEqual({
      dueDate: '2026-01-09',
      dueAt: vn('2026-01-09T17:00:00'),
    });
    // Received Friday 09/01 after 15:00 → counts from Saturday 10/01 (worked): + 2 = Tuesday 13/01.
    expect(promisedReturn(calendar, vn('2026-01-09T16:00:00'), 2, '15:00').dueDate).toBe('2026-01-13');
    // Without a cut-off, the same dossier counts from Friday.
    expect(promisedReturn(calendar, vn('2026-01-09T16:00:00'), 2).dueDate).toBe('2026-01-12');
  });

  it('knows which years it has no data for', () => {
    const empty = new WorkingCalendar({ years: [2026], days: [] });
    expect(empty.unknownYears('2026-12-20', '2027-01-10')).toEqual([2027]);
  });
});

describe('the after-hours cut-off in catalog files', () => {
  const header = 'code,name,areaCode,level,departmentId,processingDays,fee,documents,fields';
  const row = '1.001193,Đăng ký khai sinh,HT,commune,,0,0,Tờ khai,childName:Họ tên trẻ';
  it('reads the optional column, and files without it stay valid', () => {
    const withCutoff = catalogFromCsv(
      `${header},afterHoursCutoff\n${row},15:00\n1.003583,Đăng ký giám hộ,HT,commune,,3,0,Tờ khai,`,
    );
    const procedures = validateCatalog(withCutoff.rows, DEMO_AUTHORITIES, withCutoff.lineOf);
    expect(procedures.map((p) => p.afterHoursCutoff)).toEqual(['15:00', null]);
    const without = catalogFromCsv(`${header}\n${row}`);
    expect(validateCatalog(without.rows, DEMO_AUTHORITIES).map((p) => 'afterHoursCutoff' in p)).toEqual([false]);
  });
  it('refuses a cut-off that is not a time of day', () => {
    const bad = catalogFromCsv(`${header},afterHoursCutoff\n${row},25:00`);
    expect(() => validateCatalog(bad.rows, DEMO_AUTHORITIES, bad.lineOf)).toThrow(/row 2 \/afterHoursCutoff/);
  });
});
