// Snapshots for subscribers, built once per center and sequence number and shared: when 2,000 displays reconnect
// at once, the ones waiting together get one read between them, and a center that has not changed since the last
// read is served from memory after one look at its sequence number.
import type { CenterSnapshot } from '@luot/contract';
import type { QueueService } from '../queue/service.ts';

interface Waiter {
  resolve(snapshot: CenterSnapshot): void;
  reject(err: unknown): void;
}

interface CenterEntry {
  last: CenterSnapshot | null;
  waiting: Waiter[];
  running: boolean;
}

export class SnapshotCache {
  private readonly centers = new Map<string, CenterEntry>();

  constructor(private readonly queue: QueueService) {}

  /**
   * A snapshot read after this call began: a subscriber asks once it has joined the center's room, so every event
   * the snapshot does not include reaches it as a delta. Requests arriving during a read wait for the next one.
   */
  get(centerId: string): Promise<CenterSnapshot> {
    let entry = this.centers.get(centerId);
    if (!entry) {
      entry = { last: null, waiting: [], running: false };
      this.centers.set(centerId, entry);
    }
    const promise = new Promise<CenterSnapshot>((resolve, reject) => entry.waiting.push({ resolve, reject }));
    if (!entry.running) void this.run(centerId, entry);
    return promise;
  }

  private async run(centerId: string, entry: CenterEntry): Promise<void> {
    entry.running = true;
    while (entry.waiting.length > 0) {
      const batch = entry.waiting.splice(0);
      try {
        const snapshot = await this.queue.snapshot(centerId, entry.last);
        entry.last = snapshot;
        for (const w of batch) w.resolve(snapshot);
      } catch (err) {
        entry.last = null;
        for (const w of batch) w.reject(err);
      }
    }
    entry.running = false;
    // An unknown center leaves nothing behind.
    if (!entry.last) this.centers.delete(centerId);
  }
}
