// Stops calling the provincial system after repeated failures, then lets one trial through after a cooldown.

export type CircuitState = 'closed' | 'open' | 'half_open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half_open' : 'open';
  }

  /** Milliseconds until a trial call is allowed (0 when calls may go now). */
  waitMs(): number {
    return this.openedAt === null ? 0 : Math.max(0, this.openedAt + this.cooldownMs - this.now());
  }

  /** Whether a call may go now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** A call acquired but not made (another instance took the message): the trial slot is free again. */
  release(): void {
    this.trialInFlight = false;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    // A failed trial opens the circuit again for a full cooldown.
    if (this.openedAt !== null || this.failures >= this.threshold) this.openedAt = this.now();
  }
}
