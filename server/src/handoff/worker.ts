// The hand-off worker: delivers the outbox to the provincial system and reconciles open dossiers with it.
// Delivery is at-least-once from here and exactly-once at the province thanks to the idempotency key: a
// message stays pending until the province's acknowledgement is committed, so a crash anywhere in between
// only means one more (deduplicated) attempt after restart.
import type { HandoffStatus } from '@luot/contract';
import type { DossierService } from '../dossier/service.ts';
import { randomUUID } from 'node:crypto';
import type { OpenCursor, OutboxMessage } from '../store/dossiers.ts';
import { type BackoffOptions, backoffMs } from './backoff.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { DeliveryError, type ProvinceClient } from './client.ts';

export interface HandoffOptions {
  backoff: BackoffOptions;
  /**
   * A message still undelivered this long after it was queued is dead-lettered for a manager to look at. Retries
   * go on until then, however many: an outage of hours only delays. A permanent refusal is dead at once.
   */
  maxAgeMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** Every open dossier is looked up at the province once within this period (repairs lost webhooks); 0 = never. */
  reconcilePeriodMs: number;
  /** Open dossiers read per page of a reconciliation sweep (keyset pagination, oldest first). */
  reconcilePage: number;
  /** Longest sleep when nothing is due (a safety net: commits wake the worker at once). */
  idleMs: number;
  batch: number;
  /** Attempts in flight at once, each for a different dossier (a dossier's messages go one after the other). */
  concurrency: number;
  /** How long a message taken for an attempt stays with this instance (longer than an attempt can last). */
  leaseMs: number;
}

/** A reconciliation sweep under way: where it stands in the open dossiers, and how fast it must go. */
interface Sweep {
  startedAt: number;
  /** Open dossiers when it started: pages are spread so the last is read within the period. */
  total: number;
  scanned: number;
  after: OpenCursor | null;
}

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
  private sweep: Sweep | null = null;
  private lastSweepAt = 0;

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
        if (this.options.reconcilePeriodMs > 0) sleepMs = Math.min(sleepMs, await this.reconcileStep());
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

  /** Delivers what is due, several dossiers at a time; returns how long until the next message is due. */
  private async deliverDue(): Promise<number> {
    for (;;) {
      if (!this.running) return 0;
      const nowIso = new Date(this.now()).toISOString();
      const due = await this.dossiers.store.transaction((tx) => tx.dossiers.dueMessages(nowIso, this.options.batch));
      if (due.length === 0) break;
      // The due list holds each dossier's first undelivered message only: attempts in parallel keep every order.
      let blocked = false;
      const next = () => due.shift();
      const lane = async () => {
        for (let message = next(); message && this.running; message = next()) {
          if (!this.breaker.tryAcquire()) {
            blocked = true;
            return;
          }
          // Several server instances may read the same due message: only the one that claims it delivers it.
          const at = new Date(this.now());
          const claimed = await this.dossiers.store.transaction((tx) =>
            tx.dossiers.claimMessage(
              message.id,
              at.toISOString(),
              new Date(at.getTime() + this.options.leaseMs).toISOString(),
            ),
          );
          if (claimed) await this.attempt(claimed);
          else this.breaker.release();
        }
      };
      await Promise.all(Array.from({ length: this.options.concurrency }, lane));
      if (blocked) return this.breaker.waitMs();
    }
    const next = await this.dossiers.store.transaction((tx) => tx.dossiers.nextDueAt());
    return next ? Math.max(0, Date.parse(next) - this.now()) : this.options.idleMs;
  }

  private async attempt(message: OutboxMessage): Promise<void> {
    const requestId = randomUUID();
    let reference: string | null;
    try {
      ({ reference } = await this.client.deliver(message, this.abort.signal, requestId));
    } catch (err) {
      if (!this.running) return;
      const failure = err instanceof DeliveryError ? err : new DeliveryError(String(err), true);
      this.lastError = failure.message;
      // A refusal of this one message says nothing about the province's health.
      if (failure.retryable) this.breaker.failure();
      else this.breaker.success();
      const attempts = message.attempts + 1;
      const age = this.now() - Date.parse(message.createdAt);
      const dead = !failure.retryable || age >= this.options.maxAgeMs;
      const nextAttemptAt = new Date(this.now() + backoffMs(attempts, this.options.backoff, this.random)).toISOString();
      await this.dossiers.store.transaction(async (tx) => {
        await tx.dossiers.markFailed(message.id, { attempts, nextAttemptAt, error: failure.message, dead });
        await tx.dossiers.logAttempt({
          outboxId: message.id,
          dossierCode: message.dossierCode,
          at: new Date(this.now()).toISOString(),
          requestId,
          outcome: dead ? 'dead' : 'retry',
          detail: failure.message,
        });
      });
      // Retries are expected while the province is unreachable; a dead letter needs a person.
      const entry = { outbox: message.id, dossier: message.dossierCode, attempts, dead, error: failure.message };
      if (dead) this.log.warn(entry, 'hand-off message dead-lettered');
      else this.log.info(entry, 'hand-off attempt failed, will retry');
      return;
    }
    this.breaker.success();
    this.lastError = null;
    await this.dossiers.delivered(message, reference, requestId);
  }

  /**
   * One page of the reconciliation sweep when it is due: every open dossier is looked up once per period, the
   * pages spread over it, so a lost webhook is repaired however many dossiers are open. Returns how long until
   * the next page (or sweep) is due.
   */
  private async reconcileStep(): Promise<number> {
    const period = this.options.reconcilePeriodMs;
    if (!this.sweep) {
      const wait = this.lastSweepAt + period - this.now();
      if (this.lastSweepAt > 0 && wait > 0) return wait;
      const total = await this.dossiers.store.transaction((tx) => tx.dossiers.openDossierCount());
      this.sweep = { startedAt: this.now(), total, scanned: 0, after: null };
    }
    const sweep = this.sweep;
    const dueAt = sweep.startedAt + (period * sweep.scanned) / Math.max(1, sweep.total);
    if (dueAt > this.now()) return dueAt - this.now();
    if (this.breaker.state === 'open') return this.breaker.waitMs();
    const page = await this.dossiers.store.transaction((tx) =>
      tx.dossiers.openDossierPage(sweep.after, this.options.reconcilePage),
    );
    // The province is failing: this page again after a cooldown.
    if (!(await this.lookUp(page.map((p) => p.code)))) return this.options.breakerCooldownMs;
    sweep.scanned += page.length;
    if (page.length > 0) sweep.after = page[page.length - 1];
    if (page.length < this.options.reconcilePage) {
      this.lastSweepAt = sweep.startedAt;
      this.sweep = null;
      this.log.info({ dossiers: sweep.scanned }, 'hand-off reconciliation sweep done');
    }
    return 0;
  }

  /** Looks the dossiers up at the province and applies what the webhooks missed; false when the province fails. */
  private async lookUp(codes: string[]): Promise<boolean> {
    let failed = false;
    const queue = [...codes];
    const lane = async () => {
      for (let code = queue.shift(); code && this.running && !failed; code = queue.shift()) {
        try {
          const events = await this.client.lookup(code, this.abort.signal);
          if (events && events.length > 0) await this.dossiers.applyProgress(events);
        } catch (err) {
          if (!this.running) return;
          this.log.info({ dossier: code, error: (err as Error).message }, 'hand-off lookup failed');
          if (err instanceof DeliveryError && err.retryable) failed = true;
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
    return !failed;
  }

  /** A manager sends a dead-lettered message again. */
  async retry(id: number, centerId: string): Promise<void> {
    await this.dossiers.retryDead(id, centerId);
    this.kick();
  }
}
