// Estimated wait: people ahead × the rolling average service time of the area ÷ the capacity serving it, where
// only open counters with an officer count, each shared between the areas it serves.
import type { Counter } from '@luot/contract';

/** How many recent service times make the rolling average. */
export const ROLLING_WINDOW = 20;

export function averageServiceMinutes(recentServiceMs: number[], targetMinutes: number): number {
  const recent = recentServiceMs.slice(0, ROLLING_WINDOW).filter((ms) => ms > 0);
  if (recent.length === 0) return targetMinutes;
  return recent.reduce((sum, ms) => sum + ms, 0) / recent.length / 60_000;
}

/**
 * Counters serving an area now: open, with an officer (signed in at the counter or assigned by the manager), and
 * the area among theirs; a counter of n areas counts 1/n for each.
 */
export function servingCapacity(counters: readonly Counter[], areaId: string): number {
  return counters.reduce(
    (sum, c) =>
      c.state === 'open' && c.officer !== null && c.areaIds.includes(areaId) ? sum + 1 / c.areaIds.length : sum,
    0,
  );
}

/** Minutes until a ticket with `ahead` people before it is called; null while nobody serves the area. */
export function estimatedWaitMinutes(
  ahead: number,
  averageMinutes: number,
  counters: readonly Counter[],
  areaId: string,
): number | null {
  const capacity = servingCapacity(counters, areaId);
  if (capacity <= 0) return null;
  // Rounded to a millionth first, so 3 counters of 1/3 make exactly one.
  return Math.ceil(Math.round(((ahead * averageMinutes) / capacity) * 1e6) / 1e6);
}
