// The print agent: runs on the kiosk machine (or beside a counter), attaches to the server as the kiosk's printer
// (its tickets) or the counter's (its dossiers' receipts), prints each job once, and reports results and the
// printer's status. One job at a time, in the order the server sent them.
import { readFileSync } from 'node:fs';
import {
  type Ack,
  type CenterSocket,
  DEVICE_HEARTBEAT_MS,
  type PrinterStatus,
  type PrintJob,
  type ReceiptPrintJob,
  receiptForm,
} from '@luot/contract';
import { io } from 'socket.io-client';
import { deliver, describeTarget, type StatusReading, type Target } from './connection.ts';
import { Journal } from './journal.ts';
import type { PaperWidth, PrinterProfile } from './profile.ts';
import { receiptBytes, ticketBytes } from './ticket-bytes.ts';

/** The agent's version, as its heartbeat reports it. */
export const AGENT_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AgentOptions {
  serverUrl: string;
  /** The agent's own device credential (from `--pair`): the server binds it to its kiosk. */
  credential: string;
  centerId: string;
  /** What it prints for, from its enrollment: a kiosk's tickets, or (no kiosk) a counter's receipts. */
  kioskId?: string | null;
  counterId?: string | null;
  target: Target;
  paper: PaperWidth;
  profile: PrinterProfile;
  stateDir: string;
  /** A ticket not printed this long after it was issued is reported failed instead: the citizen has moved on.
   *  A job that carries its own validity (expiresAt, set by the server) is held to that instead. */
  maxWaitMs?: number;
  /** Pause between attempts while the printer is offline or out of paper. */
  retryMs?: number;
  /** How often an idle agent checks the printer, to report paper-out or offline before the next ticket. */
  pollMs?: number;
  /** How often the agent sends its heartbeat (DEVICE_HEARTBEAT_MS). */
  heartbeatMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** A refusal that retrying cannot fix (unknown kiosk): the agent stops. */
  onFatal?: (message: string) => void;
}

/** A kiosk's ticket or a counter's receipt. */
type AgentJob = PrintJob | ReceiptPrintJob;
const isReceipt = (job: AgentJob): job is ReceiptPrintJob => 'kind' in job && job.kind === 'receipt';

interface Pending {
  job: AgentJob;
  bytes: Promise<Buffer>;
}

/** One printing of a ticket: the job, or a reprint of it queued again later (its own validFrom). A receipt's
 *  job id is new for each request. */
export const journalKey = (job: AgentJob) =>
  !isReceipt(job) && job.validFrom && job.validFrom !== job.issued.ticket.issuedAt
    ? `${job.jobId}@${job.validFrom}`
    : job.jobId;

/** How the log names a job. */
const labelOf = (job: AgentJob) =>
  isReceipt(job) ? `receipt ${job.receipt.dossier.code}` : `ticket ${job.issued.ticket.number}`;

export class PrintAgent {
  private readonly socket: CenterSocket;
  private readonly journal: Journal;
  private readonly queue: Pending[] = [];
  private attached = false;
  private working = false;
  private stopped = false;
  /** A job arrived while a check was running: look again at once rather than after the poll interval. */
  private kicked = false;
  private status: StatusReading = {
    printer: 'offline',
    message: 'chưa kiểm tra máy in',
    condition: 'printer_offline',
  };
  private heartbeat: NodeJS.Timeout | null = null;
  private reported: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly o: Required<Omit<AgentOptions, 'onFatal' | 'kioskId' | 'counterId'>> & Pick<AgentOptions, 'onFatal'>;
  private readonly prints: { kioskId: string } | { counterId: string };

  constructor(options: AgentOptions) {
    this.o = {
      maxWaitMs: 180_000,
      retryMs: 3_000,
      pollMs: 10_000,
      heartbeatMs: DEVICE_HEARTBEAT_MS,
      timeoutMs: 3_000,
      log: () => undefined,
      ...options,
    };
    if (options.kioskId) this.prints = { kioskId: options.kioskId };
    else if (options.counterId) this.prints = { counterId: options.counterId };
    else throw new Error('a print agent prints for a kiosk or a counter');
    this.journal = new Journal(options.stateDir);
    this.socket = io(options.serverUrl, {
      auth: { device: options.credential },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      autoConnect: false,
    });
    this.socket.on('connect', () => this.attach());
    this.socket.on('disconnect', () => {
      this.attached = false;
      this.o.log('disconnected from the server; reconnecting');
    });
    this.socket.on('print:job', (job) => this.receive(job));
    this.socket.on('receipt:job', (job) => this.receive(job));
    // A refused credential (revoked, or unknown to this server) cannot be fixed by retrying: pair again.
    this.socket.on('connect_error', (err) => {
      if (err.message === 'DEVICE_CREDENTIAL_INVALID')
        this.o.onFatal?.('the device credential was refused (revoked?): pair again with --pair CODE');
    });
  }

  start() {
    const what = 'kioskId' in this.prints ? `kiosk ${this.prints.kioskId}` : `counter ${this.prints.counterId}`;
    this.o.log(
      `print agent for ${what} (${this.o.centerId}) → ${describeTarget(this.o.target)}, ${this.o.paper} mm, profile ${this.o.profile.name}`,
    );
    this.socket.connect();
    this.schedule(0);
    this.heartbeat = setInterval(() => this.beat(), this.o.heartbeatMs);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.socket.disconnect();
    while (this.working) await new Promise((r) => setTimeout(r, 20));
  }

  /** The printer as last seen. */
  get printer(): PrinterStatus {
    return this.status.printer;
  }

  private attach() {
    const { centerId } = this.o;
    const prints = this.prints;
    const answered: Ack = (res) => {
      if (res.ok) {
        this.attached = true;
        this.o.log('attached to the server');
        this.reported = null;
        this.report();
        return;
      }
      this.o.log(`attach refused: ${res.code} ${res.message}`);
      const fatal = [
        'CENTER_NOT_FOUND',
        'KIOSK_NOT_FOUND',
        'COUNTER_NOT_FOUND',
        'VALIDATION',
        'DEVICE_CREDENTIAL_REQUIRED',
        'DEVICE_WRONG_KIND',
      ];
      if (fatal.includes(res.code)) {
        this.o.onFatal?.(`${res.code}: ${res.message}`);
        return;
      }
      // Another agent holds the kiosk or counter (or the old connection is not gone yet): try again shortly.
      setTimeout(() => this.socket.connected && !this.stopped && this.attach(), this.o.retryMs);
    };
    if ('kioskId' in prints) this.socket.emit('printer:attach', { centerId, kioskId: prints.kioskId }, answered);
    else this.socket.emit('counter-printer:attach', { centerId, counterId: prints.counterId }, answered);
  }

  private report() {
    const key = `${this.status.printer}|${this.status.message}|${this.status.condition}`;
    if (!this.attached || key === this.reported) return;
    this.reported = key;
    // A kiosk's screen shows its printer; a counter's printer is seen in its heartbeat only.
    if ('kioskId' in this.prints)
      this.socket.emit('printer:report', { printer: this.status.printer, message: this.status.message });
    this.beat();
  }

  /** The heartbeat: the agent's version and the printer's condition as last read (DLE EOT). */
  private beat() {
    if (!this.attached) return;
    this.socket.emit('device:heartbeat', {
      version: AGENT_VERSION,
      condition: this.status.condition,
      message: this.status.message,
    });
  }

  private setStatus(status: StatusReading) {
    if (status.printer !== this.status.printer)
      this.o.log(`printer ${status.printer}${status.message ? `: ${status.message}` : ''}`);
    this.status = status;
    this.report();
  }

  private result(jobId: string, ok: boolean, message: string | null) {
    // Sent only while attached: otherwise the server sends the job again on attach and the journal answers.
    if (!this.attached) return;
    const result = { jobId, ok, printer: this.status.printer, message };
    if ('kioskId' in this.prints) this.socket.emit('print:result', result);
    else this.socket.emit('receipt:result', result);
  }

  /** Past this the job is not printed: the server's validity, else maxWait after the ticket's issue or the receipt's request. */
  private deadlineOf(job: AgentJob): number {
    const expires = Date.parse(job.expiresAt);
    if (Number.isFinite(expires)) return expires;
    return Date.parse(isReceipt(job) ? job.validFrom : job.issued.ticket.issuedAt) + this.o.maxWaitMs;
  }

  private receive(job: AgentJob) {
    const key = journalKey(job);
    const known = this.journal.get(key);
    if (known?.state === 'printed') return this.result(job.jobId, true, known.message);
    if (known?.state === 'failed') return this.result(job.jobId, false, known.message);
    if (known?.state === 'sending') {
      // The agent stopped while the bytes were going out: the ticket may be on paper, so it is not printed again.
      const message = 'Gián đoạn khi đang in: kiểm tra vé trên máy in / interrupted while printing';
      this.journal.set(key, 'failed', message);
      return this.result(job.jobId, false, message);
    }
    // Expired on arrival (a server that kept it too long, or a late resend): refused, never printed.
    if (Date.now() >= this.deadlineOf(job)) return this.expire(job);
    if (this.queue.some((p) => journalKey(p.job) === key)) return;
    const bytes = isReceipt(job)
      ? receiptBytes(receiptForm(job.receipt), this.o.paper, this.o.profile)
      : ticketBytes(job, this.o.paper, this.o.profile);
    bytes.catch(() => undefined);
    this.queue.push({ job, bytes });
    this.kicked = true;
    this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.work(), ms);
  }

  private async work() {
    if (this.working || this.stopped) return;
    this.working = true;
    this.kicked = false;
    let next: number;
    try {
      next = await this.step();
    } catch (err) {
      this.o.log(`print agent error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      next = this.o.retryMs;
    } finally {
      this.working = false;
    }
    this.schedule(this.kicked ? 0 : next);
  }

  /** Prints the first job in line, or only checks the printer when there is none; returns when to look again. */
  private async step(): Promise<number> {
    const head = this.queue[0];
    const opts = { queryStatus: this.o.profile.status === 'dle-eot', timeoutMs: this.o.timeoutMs };
    if (!head) {
      this.setStatus((await deliver(this.o.target, null, opts)).status);
      return this.o.pollMs;
    }
    const { job } = head;
    if (Date.now() >= this.deadlineOf(job)) {
      this.queue.shift();
      this.expire(job);
      return 0;
    }
    let bytes: Buffer;
    try {
      bytes = await head.bytes;
    } catch (err) {
      this.finish(job, 'failed', `Không tạo được bản in: ${(err as Error).message}`);
      return 0;
    }
    const delivery = await deliver(this.o.target, bytes, {
      ...opts,
      beforeWrite: () => this.journal.set(journalKey(job), 'sending'),
    });
    this.setStatus(delivery.status);
    if (delivery.outcome === 'not-sent') return this.o.retryMs;
    if (delivery.outcome === 'sent') this.finish(job, 'printed', null);
    else this.finish(job, 'failed', delivery.status.message);
    return 0;
  }

  /** A job past its validity: reported failed, never printed (the citizen has moved on; the paper would mislead the next one). */
  private expire(job: AgentJob) {
    const paper = isReceipt(job) ? 'biên nhận' : 'phiếu';
    const message = `Quá thời hạn in (${this.status.printer}): ${paper} không được in / print job expired`;
    this.journal.set(journalKey(job), 'failed', message);
    this.o.log(`${labelOf(job)} (job ${job.jobId}) expired: not printed`);
    this.result(job.jobId, false, message);
  }

  private finish(job: AgentJob, state: 'printed' | 'failed', message: string | null) {
    this.journal.set(journalKey(job), state, message);
    this.queue.shift();
    this.o.log(`${labelOf(job)} (job ${job.jobId}) ${state}${message ? `: ${message}` : ''}`);
    this.result(job.jobId, state === 'printed', message);
  }
}
