// Retry timing for the hand-off: exponential backoff with jitter, so many centers retrying after an outage
// do not hit the provincial system in step.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Delay before retry number `attempt` (1 = first retry): half fixed, half random ("equal jitter"). */
export function backoffMs(
  attempt: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
