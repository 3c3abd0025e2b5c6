// Estimated wait: people ahead × the rolling average service time of the area ÷ the counters open for it.

/** How many recent service times make the rolling average. */
export const ROLLING_WINDOW = 20;

export function averageServiceMinutes(recentServiceMs: number[], targetMinutes: number): number {
  const recent = recentServiceMs.slice(0, ROLLING_WINDOW).filter((ms) => ms > 0);
  if (recent.length === 0) return targetMinutes;
  return recent.reduce((sum, ms) => sum + ms, 0) / recent.length / 60_000;
}

/** Minutes until a ticket with `ahead` people before it is called; null when no counter serves the area. */
export function estimatedWaitMinutes(ahead: number, averageMinutes: number, openCounters: number): number | null {
  if (openCounters <= 0) return null;
  return Math.ceil((ahead * averageMinutes) / openCounters);
}
