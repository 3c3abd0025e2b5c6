import { describe, expect, it } from 'vitest';
import { averageServiceMinutes, estimatedWaitMinutes } from '../../server/src/engine/estimate.ts';
import { dossierCodeOf, serviceDayOf, ticketTimeOf } from '../../server/src/engine/service-day.ts';
import { counter } from '../helpers/fixtures.ts';

describe('service day and codes', () => {
  it('turns the day at midnight in Vietnam (UTC+7), not at UTC midnight', () => {
    expect(serviceDayOf(new Date('2026-11-23T16:59:59Z'))).toBe('2026-11-23');
    expect(serviceDayOf(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
    expect(ticketTimeOf(new Date('2026-11-23T01:05:00Z'))).toBe('23/11/2026 08:05');
  });

  it('builds dossier codes as <agency>-<yyMMdd>-<4 digits>', () => {
    expect(dossierCodeOf('000.00.53.H48', '2022-09-21', 99)).toBe('000.00.53.H48-220921-0099');
  });
});

describe('estimated wait', () => {
  it('uses the rolling average of real service times, or the target when there is none', () => {
    expect(averageServiceMinutes([], 10)).toBe(10);
    expect(averageServiceMinutes([4 * 60_000, 6 * 60_000], 10)).toBe(5);
  });

  it('divides the work ahead by the counters serving, and is unknown with none', () => {
    const serving = [counter('1', ['ht'], { officer: 'canbo1' }), counter('2', ['ht'], { officer: 'canbo2' })];
    expect(estimatedWaitMinutes(6, 5, serving, 'ht')).toBe(15);
    expect(estimatedWaitMinutes(0, 5, serving, 'ht')).toBe(0);
    expect(estimatedWaitMinutes(3, 5, [], 'ht')).toBeNull();
  });
});
