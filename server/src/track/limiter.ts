// One budget of tracking look-ups per address, shared by GET /api/track, the live feed's track:subscribe and the
// notification opt-ins: enough for a phone, too few to walk through codes whichever door is used. With Redis
// (REDIS_URL) the budget is counted there, so it is one across every server instance, as the sign-in limits are.
import type { Redis } from 'ioredis';

export class AddressLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    private readonly windowMs: number,
    /** A monotonic clock (ms); the window is about request rates, not the time of day. */
    private readonly now: () => number = () => performance.now(),
    /** Counts in Redis under `<prefix><address>` (one window per key, from its first request); else in memory. */
    private readonly redis: { client: Redis; prefix: string } | null = null,
  ) {}

  /** Counts one request; false when the address is over its budget for the current window. */
  async hit(address: string): Promise<boolean> {
    if (this.redis) {
      const key = `${this.redis.prefix}${address}`;
      try {
        // The window starts with the key (SET NX with its expiry); INCR keeps the expiry (any Redis version).
        const replies = await this.redis.client.multi().set(key, 0, 'PX', this.windowMs, 'NX').incr(key).exec();
        const count = replies?.[1]?.[1];
        if (typeof count === 'number') return count <= this.max;
      } catch {
        // Redis unreachable: counted in memory meanwhile (as the HTTP limits let requests through on an error).
      }
    }
    return this.hitInMemory(address);
  }

  private hitInMemory(address: string): boolean {
    const now = this.now();
    if (this.windows.size > 10_000)
      for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    const w = this.windows.get(address);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(address, { start: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.max;
  }
}
