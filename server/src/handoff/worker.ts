// The hand-off worker: delivers the outbox to the provincial system and polls it for progress.
// Delivery is at-least-once from here and exactly-once at the province thanks to the idempotency key: a
// message stays pending until the province's acknowledgement is committed, so a crash anywhere in between
// only means one more (deduplicated) attempt after restart.
import type { HandoffStatus } from '@luot/contract';
import type { DossierService } from '../dossier/service.ts';
import type { OutboxMessage } from '../store/dossiers.ts';
import { type BackoffOptions, backoffMs } from './backoff.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { DeliveryError, type ProvinceClient } from './client.ts';

export interface HandoffOptions {
  backoff: BackoffOptions;
  /** Attempts before a message is dead-lettered for a manager to look at. */
  maxAttempts: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** How often to ask the province about open dossiers (repairs lost webhooks); 0 = never. */
  pollMs: number;
  /** Longest sleep when nothing is due (a safety net: commits wake the worker at once). */
  idleMs: number;
  batch: number;
  /** How long a message taken for an attempt stays with this instance (longer than an attempt can last). */
  leaseMs: number;
}

export const DEFAULT_HANDOFF: HandoffOptions = {
  backoff: { baseMs: 2_000, maxMs: 10 * 60_000 },
  maxAttempts: 12,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
  pollMs: 5 * 60_000,
  idleMs: 30_000,
  batch: 20,
  leaseMs: 60_000,
};

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export class HandoffWorker {
  readonly breaker: CircuitBreaker;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private kicked = false;
  private readonly abort = new AbortController();
  private lastError: string | null = null;
  private lastPoll = 0;

  constructor(
    private readonly dossiers: DossierService,
    private readonly client: ProvinceClient,
    private readonly options: HandoffOptions,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.breaker = new CircuitBreaker(options.breakerThreshold, options.breakerCooldownMs, now);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops at once: an attempt in flight is abandoned and its message stays pending. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wake?.();
    await this.loopDone;
  }

  /** Something was queued or changed: look now. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** The link to the province (shared by all centers) and one center's messages. */
  async status(centerId: string): Promise<HandoffStatus> {
    const counts = await this.dossiers.store.transaction((tx) => tx.dossiers.outboxCounts(centerId));
    return { circuit: this.breaker.state, ...counts, lastError: this.lastError };
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let sleepMs = this.options.idleMs;
      try {
        sleepMs = Math.min(sleepMs, await this.deliverDue());
        if (this.options.pollMs > 0) {
          if (this.now() - this.lastPoll >= this.options.pollMs) await this.poll();
          sleepMs = Math.min(sleepMs, Math.max(0, this.lastPoll + this.options.pollMs - this.now()));
        }
      } catch (err) {
        if (!this.running) break;
        this.log.error({ err }, 'hand-off worker');
      }
      if (this.running && !this.kicked) await this.sleep(sleepMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(5, ms));
      this.wake = done;
    });
  }

  /** Delivers what is due; returns how long until the next message is due. */
  private async deliverDue(): Promise<number> {
    for (;;) {
      if (!this.running) return 0;
      const nowIso = new Date(this.now()).toISOString();
      const due = await this.dossiers.store.transaction((tx) => tx.dossiers.dueMessages(nowIso, this.options.batch));
      if (due.length === 0) break;
      for (const message of due) {
        if (!this.running) return 0;
        if (!this.breaker.tryAcquire()) return this.breaker.waitMs();
        // Several server instances may read the same due message: only the one that claims it delivers it.
        const claimed = await this.dossiers.store.transaction((tx) =>
          tx.dossiers.claimMessage(message.id, nowIso, new Date(this.now() + this.options.leaseMs).toISOString()),
        );
        if (claimed) await this.attempt(claimed);
      }
    }
    const next = await this.dossiers.store.transaction((tx) => tx.dossiers.nextDueAt());
    return next ? Math.max(0, Date.parse(next) - this.now()) : this.options.idleMs;
  }

  private async attempt(message: OutboxMessage): Promise<void> {
    let reference: string | null;
    try {
      ({ reference } = await this.client.deliver(message, this.abort.signal));
    } catch (err) {
      if (!this.running) return;
      const failure = err instanceof DeliveryError ? err : new DeliveryError(String(err), true);
      this.lastError = failure.message;
      // A refusal of this one message says nothing about the province's health.
      if (failure.retryable) this.breaker.failure();
      else this.breaker.success();
      const attempts = message.attempts + 1;
      const dead = !failure.retryable || attempts >= this.options.maxAttempts;
      const nextAttemptAt = new Date(this.now() + backoffMs(attempts, this.options.backoff, this.random)).toISOString();
      await this.dossiers.store.transaction((tx) =>
        tx.dossiers.markFailed(message.id, { attempts, nextAttemptAt, error: failure.message, dead }),
      );
      // Retries are expected while the province is unreachable; a dead letter needs a person.
      const entry = { outbox: message.id, dossier: message.dossierCode, attempts, dead, error: failure.message };
      if (dead) this.log.warn(entry, 'hand-off message dead-lettered');
      else this.log.info(entry, 'hand-off attempt failed, will retry');
      return;
    }
    this.breaker.success();
    this.lastError = null;
    await this.dossiers.delivered(message, reference);
  }

  /** Asks the province about open dossiers and applies what the webhooks missed. */
  async poll(): Promise<void> {
    this.lastPoll = this.now();
    if (this.breaker.state === 'open') return;
    for (const code of await this.dossiers.openDossiers(200)) {
      if (!this.running) return;
      try {
        const events = await this.client.lookup(code, this.abort.signal);
        if (events && events.length > 0) await this.dossiers.applyProgress(events);
      } catch (err) {
        if (!this.running) return;
        this.log.info({ dossier: code, error: (err as Error).message }, 'hand-off poll failed');
        if (err instanceof DeliveryError && err.retryable) return;
      }
    }
  }

  /** A manager sends a dead-lettered message again. */
  async retry(id: number, centerId: string): Promise<void> {
    await this.dossiers.retryDead(id, centerId);
    this.kick();
  }
}
