// A dossier's receipt on the thermal printer of the counter that received it. A print agent enrolled for a counter
// attaches as its printer (room roomOfCounterPrinter); the desk's request writes a job in the store and sends it
// there. The same rules as a kiosk's tickets: a job goes out again on reconnect until its agent answers, never
// after "printed", and never once expired (PRINT_JOB_TTL_SECONDS: a receipt not printed while the citizen is at
// the counter must not come out for the next one). Agents are found through their room, so the desk's request
// reaches an agent connected to another instance (Redis adapter); the request follows the job in the store.
import { randomUUID } from 'node:crypto';
import { Compile } from 'typebox/compile';
import {
  type Ack,
  AttachCounterPrinterRequest,
  type ErrorCode,
  errorBody,
  PrintResult,
  type ReceiptPrintJob,
  type ReceiptPrintOutcome,
  roomOfCounterPrinter,
} from '@luot/contract';
import { deviceOfSocket } from '../auth/socket-auth.ts';
import type { DossierService } from '../dossier/service.ts';
import { DomainError } from '../engine/domain-error.ts';
import type { Clock } from '../queue/service.ts';
import type { RealtimeServer } from '../realtime/socket.ts';
import type { ReceiptPrintRecord } from '../store/receipt-prints.ts';
import type { Store } from '../store/store.ts';

const validAttach = Compile(AttachCounterPrinterRequest);
const validResult = Compile(PrintResult);

const EXPIRED_MESSAGE = 'Quá thời hạn in, biên nhận không được in / print job expired';
/** How often the desk's request looks at its job while the agent prints. */
const POLL_MS = 150;

export interface ReceiptPrintingOptions {
  store: Store;
  dossiers: DossierService;
  clock: Clock;
  /** How long a job stays printable after it was queued (PRINT_JOB_TTL_SECONDS). */
  jobTtlMs: number;
  /** How long the desk's request waits for the agent's answer before it returns `printing`. */
  answerWaitMs?: number;
}

const refuse = (ack: Ack, code: ErrorCode, detail?: string) => {
  const body = errorBody(code, detail);
  ack({ ok: false, code: body.code, message: body.message });
};

export class ReceiptPrinting {
  private io: RealtimeServer | null = null;
  /** Jobs of one counter go out in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: ReceiptPrintingOptions) {}

  private get store() {
    return this.o.store;
  }

  private expiresAt(job: ReceiptPrintRecord) {
    return Date.parse(job.createdAt) + this.o.jobTtlMs;
  }

  private inOrder(centerId: string, counterId: string, step: () => Promise<void>) {
    const key = `${centerId}/${counterId}`;
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(step)
      .catch((err) => console.error('receipt print job', err));
    this.chains.set(key, next);
    return next;
  }

  private save(job: ReceiptPrintRecord, change: Partial<ReceiptPrintRecord>): Promise<ReceiptPrintRecord> {
    return this.store.transaction(async (tx) => {
      const current = await tx.receiptPrints.job(job.id);
      if (!current) throw new Error(`receipt print job ${job.id} vanished`);
      const next = { ...current, ...change, updatedAt: this.o.clock().toISOString() };
      await tx.receiptPrints.update(next);
      return next;
    });
  }

  /** Marks a job expired if it is still unprinted past its validity; true when it is (now) expired. */
  private async expireIfDue(job: ReceiptPrintRecord): Promise<boolean> {
    if (job.state === 'expired') return true;
    if ((job.state !== 'queued' && job.state !== 'printing') || this.o.clock().getTime() < this.expiresAt(job))
      return false;
    await this.save(job, { state: 'expired', message: EXPIRED_MESSAGE });
    return true;
  }

  /** The sockets attached as the counter's printer, on any instance. */
  private async agentsOf(centerId: string, counterId: string) {
    return this.io ? this.io.in(roomOfCounterPrinter(centerId, counterId)).fetchSockets() : [];
  }

  /** Sends a job to its counter's agent; an expired job is never sent, one with no agent waits for it. */
  private async send(job: ReceiptPrintRecord) {
    if (!this.io || (await this.expireIfDue(job))) return;
    if ((await this.agentsOf(job.centerId, job.counterId)).length === 0) return;
    const receipt = await this.o.dossiers.receipt(job.dossierCode);
    const sent = await this.save(job, { state: 'printing', attempts: job.attempts + 1 });
    const printJob: ReceiptPrintJob = {
      kind: 'receipt',
      jobId: sent.id,
      centerId: sent.centerId,
      counterId: sent.counterId,
      receipt,
      validFrom: sent.createdAt,
      expiresAt: new Date(this.expiresAt(sent)).toISOString(),
    };
    this.io.to(roomOfCounterPrinter(job.centerId, job.counterId)).emit('receipt:job', printJob);
  }

  private expireLater(job: ReceiptPrintRecord) {
    const ms = Math.max(0, this.expiresAt(job) - this.o.clock().getTime()) + 50;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.inOrder(job.centerId, job.counterId, async () => {
        const current = await this.store.transaction((tx) => tx.receiptPrints.job(job.id));
        if (current) await this.expireIfDue(current);
      });
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * The desk's request: the receipt of a dossier at the counter's printer. Refused with COUNTER_NO_PRINTER when no
   * print agent of that counter is connected (the officer prints the PDF instead). Waits a little for the agent's
   * answer, so the desk can say "printed" or why not.
   */
  async print(dossierCode: string, counterId: string, by: string): Promise<ReceiptPrintOutcome> {
    // The dossier's receiving center is where its receipt is printed.
    const centerId = (await this.o.dossiers.receipt(dossierCode)).dossier.receivingCenter.id;
    const counters = await this.store.transaction((tx) => tx.counters(centerId));
    if (!counters.some((c) => c.id === counterId)) throw new DomainError('COUNTER_NOT_FOUND', counterId);
    if ((await this.agentsOf(centerId, counterId)).length === 0)
      throw new DomainError('COUNTER_NO_PRINTER', `quầy ${counters.find((c) => c.id === counterId)?.number ?? ''}`);
    const at = this.o.clock().toISOString();
    const job: ReceiptPrintRecord = {
      id: `receipt-${randomUUID()}`,
      centerId,
      counterId,
      dossierCode,
      state: 'queued',
      attempts: 0,
      message: null,
      requestedBy: by,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.transaction((tx) => tx.receiptPrints.insert(job));
    this.expireLater(job);
    await this.inOrder(centerId, counterId, () => this.send(job));
    const until = Date.now() + (this.o.answerWaitMs ?? 8_000);
    for (;;) {
      const current = await this.store.transaction((tx) => tx.receiptPrints.job(job.id));
      if (!current) throw new Error(`receipt print job ${job.id} vanished`);
      if ((current.state !== 'queued' && current.state !== 'printing') || Date.now() >= until)
        return { jobId: current.id, state: current.state, message: current.message };
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Counter print agents attach over the server's sockets; returns what stops the expiry timers. */
  attach(io: RealtimeServer): () => void {
    this.io = io;
    io.on('connection', (socket) => {
      /** The counter this socket prints for, once attached. */
      let printsFor: { centerId: string; counterId: string } | null = null;

      socket.on('counter-printer:attach', async (request, ack) => {
        if (typeof ack !== 'function') return;
        if (!validAttach.Check(request))
          return refuse(ack, 'VALIDATION', 'counter-printer:attach needs { centerId, counterId }');
        // Only an enrolled print agent of that very counter: it receives the counter's receipts.
        const device = deviceOfSocket(socket);
        if (!device) return refuse(ack, 'DEVICE_CREDENTIAL_REQUIRED');
        if (
          device.kind !== 'print_agent' ||
          device.kioskId !== null ||
          device.counterId !== request.counterId ||
          device.centerId !== request.centerId
        )
          return refuse(
            ack,
            'DEVICE_WRONG_KIND',
            `this device is ${device.kind} ${device.id} (counter ${device.counterId})`,
          );
        try {
          const counters = await this.store.transaction((tx) => tx.counters(request.centerId));
          if (!counters.some((c) => c.id === request.counterId))
            return refuse(ack, 'COUNTER_NOT_FOUND', request.counterId);
          const room = roomOfCounterPrinter(request.centerId, request.counterId);
          // Two agents on one counter would both print every receipt.
          if ((await io.in(room).fetchSockets()).some((s) => s.id !== socket.id))
            return refuse(ack, 'PRINTER_ALREADY_ATTACHED', request.counterId);
          printsFor = { centerId: request.centerId, counterId: request.counterId };
          await socket.join(room);
          ack({ ok: true, printer: 'ready' });
          const { centerId, counterId } = printsFor;
          void this.inOrder(centerId, counterId, async () => {
            for (const job of await this.store.transaction((tx) => tx.receiptPrints.pending(centerId, counterId)))
              await this.send(job);
          });
        } catch (err) {
          refuse(ack, err instanceof DomainError ? err.code : 'INTERNAL');
        }
      });

      socket.on('receipt:result', (result) => {
        const counter = printsFor;
        if (!counter || !validResult.Check(result)) return;
        void this.inOrder(counter.centerId, counter.counterId, async () => {
          const job = await this.store.transaction((tx) => tx.receiptPrints.job(result.jobId));
          // Only the counter's own jobs, and "printed" is final.
          if (!job || job.centerId !== counter.centerId || job.counterId !== counter.counterId) return;
          if (job.state === 'printed' || ((job.state === 'failed' || job.state === 'expired') && !result.ok)) return;
          await this.save(job, { state: result.ok ? 'printed' : 'failed', message: result.message });
        });
      });
    });
    return () => {
      this.timers.forEach((t) => clearTimeout(t));
      this.timers.clear();
    };
  }
}
