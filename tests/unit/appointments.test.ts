// Appointment slots and check-in timing: the pure rules (engine/appointments.ts), on the demo hours and the
// national calendar as seeded.
import { describe, expect, it } from 'vitest';
import { nationalCalendar } from '../../server/src/dossier/calendar.ts';
import {
  appointmentTicketFields,
  checkinTiming,
  slotCapacity,
  slotStart,
  slotTimes,
} from '../../server/src/engine/appointments.ts';
import { DEMO_HOURS } from '../../server/src/seed/demo.ts';
import { counter } from '../helpers/fixtures.ts';

const calendar = nationalCalendar();
const vn = (local: string) => new Date(`${local}+07:00`);

describe('appointment slots', () => {
  it('cuts each opening interval into slots that end inside it', () => {
    const times = slotTimes(DEMO_HOURS, calendar, '2026-12-03', 30);
    expect(times.slice(0, 3)).toEqual(['07:30', '08:00', '08:30']);
    expect(times).toContain('11:00');
    expect(times).not.toContain('11:30');
    expect(times).toContain('16:30');
    expect(times).toHaveLength(8 + 7);
    // A 45-minute slot that would cross the lunch break is not offered.
    expect(slotTimes(DEMO_HOURS, calendar, '2026-12-03', 45)).toEqual([
      '07:30',
      '08:15',
      '09:00',
      '09:45',
      '10:30',
      '13:30',
      '14:15',
      '15:00',
      '15:45',
    ]);
  });

  it('offers nothing on a holiday, a Sunday, or without hours', () => {
    expect(slotTimes(DEMO_HOURS, calendar, '2026-09-02', 30)).toEqual([]);
    expect(slotTimes(DEMO_HOURS, calendar, '2026-12-06', 30)).toEqual([]);
    expect(slotTimes(null, calendar, '2026-12-03', 30)).toEqual([]);
    // Saturday morning only.
    expect(slotTimes(DEMO_HOURS, calendar, '2026-12-05', 60)).toEqual(['07:30', '08:30', '09:30', '10:30']);
  });

  it('seats as many citizens as counters are planned for the area, whatever their state', () => {
    const counters = [counter('1', ['ht', 'ct']), counter('2', ['ht'], { state: 'closed' }), counter('3', ['dd'])];
    expect(slotCapacity(counters, 'ht')).toBe(2);
    expect(slotCapacity(counters, 'xd')).toBe(0);
    expect(slotStart('2026-12-03', '10:00')).toBe(vn('2026-12-03T10:00:00').toISOString());
  });
});

describe('check-in timing', () => {
  const due = vn('2026-12-03T10:00:00').toISOString();
  it('is early before the window, on time inside it, late after it', () => {
    expect(checkinTiming(due, vn('2026-12-03T09:44:59'), 15)).toBe('early');
    expect(checkinTiming(due, vn('2026-12-03T09:45:00'), 15)).toBe('on_time');
    expect(checkinTiming(due, vn('2026-12-03T10:15:00'), 15)).toBe('on_time');
    expect(checkinTiming(due, vn('2026-12-03T10:15:01'), 15)).toBe('late');
  });

  it('gives a late check-in no appointment time: it joins the walk-in line', () => {
    const now = vn('2026-12-03T10:30:00');
    expect(appointmentTicketFields(due, 'late', now)).toEqual({
      channel: 'appointment',
      dueAt: null,
      confirmedAt: now.toISOString(),
    });
    expect(appointmentTicketFields(due, 'early', now).dueAt).toBe(due);
  });
});
