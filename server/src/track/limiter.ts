// One budget of tracking look-ups per address, shared by GET /api/track, the live feed's track:subscribe and the
// notification opt-ins: enough for a phone, too few to walk through codes whichever door is used.
export class AddressLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    private readonly windowMs: number,
    /** A monotonic clock (ms); the window is about request rates, not the time of day. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts one request; false when the address is over its budget for the current window. */
  hit(address: string): boolean {
    const now = this.now();
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    const w = this.windows.get(address);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(address, { start: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.max;
  }
}
