// The wait estimate counts only counters that serve the area now: open, with an officer, shared between the
// areas each serves; nobody serving is "unknown" (null), never "no wait".
import { describe, expect, it } from 'vitest';
import { estimatedWaitMinutes, servingCapacity } from '../../server/src/engine/estimate.ts';
import { counter } from '../helpers/fixtures.ts';

describe('serving capacity', () => {
  it('counts open counters with an officer, each 1 / the number of its areas', () => {
    const counters = [
      counter('1', ['ht'], { officer: 'canbo1' }),
      counter('2', ['ht', 'ct'], { officer: 'canbo2' }),
      counter('3', ['ht', 'ct', 'dd', 'xd'], { officer: 'canbo3' }),
      counter('4', ['ht'], { officer: null }), // open, nobody at it
      counter('5', ['ht'], { officer: 'canbo5', state: 'paused', pauseReason: 'Nghỉ giải lao' }),
      counter('6', ['ht'], { officer: null, state: 'closed' }),
    ];
    expect(servingCapacity(counters, 'ht')).toBeCloseTo(1 + 1 / 2 + 1 / 4);
    expect(servingCapacity(counters, 'ct')).toBeCloseTo(1 / 2 + 1 / 4);
    expect(servingCapacity(counters, 'dd')).toBeCloseTo(1 / 4);
    expect(servingCapacity(counters, 'kd')).toBe(0);
  });
});

describe('estimated wait', () => {
  it('is null, not 0, while the open counters have no officer or are paused, even with nobody waiting', () => {
    const unstaffed = [
      counter('1', ['ht']),
      counter('2', ['ht'], { officer: 'canbo2', state: 'paused', pauseReason: 'Họp' }),
    ];
    expect(estimatedWaitMinutes(0, 5, unstaffed, 'ht')).toBeNull();
    expect(estimatedWaitMinutes(4, 5, unstaffed, 'ht')).toBeNull();
  });

  it('is 0 with nobody ahead and someone serving', () => {
    expect(estimatedWaitMinutes(0, 5, [counter('1', ['ht'], { officer: 'canbo1' })], 'ht')).toBe(0);
  });

  it('shares a counter between its areas', () => {
    // 4 people × 6 minutes; one counter serving two areas is half a counter for each: 48 minutes.
    expect(estimatedWaitMinutes(4, 6, [counter('1', ['ht', 'ct'], { officer: 'canbo1' })], 'ht')).toBe(48);
    // With a dedicated counter beside it: 24 / 1.5 = 16 minutes.
    expect(
      estimatedWaitMinutes(
        4,
        6,
        [counter('1', ['ht', 'ct'], { officer: 'canbo1' }), counter('2', ['ht'], { officer: 'canbo2' })],
        'ht',
      ),
    ).toBe(16);
    // Three counters of three areas each make exactly one counter: 2 × 5 = 10, not 11.
    const thirds = ['1', '2', '3'].map((id) => counter(id, ['ht', 'ct', 'dd'], { officer: `canbo${id}` }));
    expect(estimatedWaitMinutes(2, 5, thirds, 'ht')).toBe(10);
  });
});
