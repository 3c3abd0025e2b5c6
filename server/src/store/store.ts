// The storage port. The queue service speaks only to this; SQLite (embedded) and PostgreSQL implement it.
import type {
  CallView,
  Center,
  CenterEvent,
  Counter,
  Device,
  IssuedTicket,
  PrintJobState,
  Province,
  ServiceArea,
  Ticket,
  TicketTransition,
} from '@luot/contract';
import type { LineSlice } from '../engine/policy.ts';
import type { AccountTx } from '../auth/accounts.ts';
import type { ReportReads, ReportTx } from '../reports/source.ts';
import type { DeskTx } from './desk.ts';
import type { ReceiptPrintTx } from './receipt-prints.ts';
import type { DossierTx } from './dossiers.ts';
import type { SetupTx } from './setup.ts';
import type { NotifyTx } from './notify.ts';
import type { AdminTx } from './admin.ts';
import type { DeviceTx } from './devices.ts';
import type { OnlineTx } from './online.ts';
import type { OperationsTx } from './operations.ts';
import type { PrivacyTx } from './privacy.ts';
import type { PaymentTx } from './payments.ts';
import type { FileTx } from '../attachments/files.ts';
import type { FeedbackTx } from '../attachments/feedback.ts';

/** An event as kept in the center's append-only log: the broadcast payload plus who did it and why. */
export interface LoggedEvent {
  event: CenterEvent;
  actor: string;
  ticketId: string | null;
  counterId: string | null;
  note: string | null;
}

export interface IdempotentRequest {
  key: string;
  /** A digest of the request body: the same key with another body is refused. */
  requestHash: string;
}

/** A ticket to print at the kiosk that issued it, with what the paper shows as of the issue. */
export interface PrintJobRecord {
  id: string;
  ticketId: string;
  centerId: string;
  kioskId: string;
  state: PrintJobState;
  /** Times the job was sent to a print agent. */
  attempts: number;
  message: string | null;
  issued: IssuedTicket;
  /** When the job was queued (again, for a reprint): its validity runs from here. */
  createdAt: string;
  updatedAt: string;
}

/** Reads and writes inside one transaction. Every write is committed together or not at all. */
export interface Tx {
  province(id: string): Promise<Province | null>;
  /**
   * A center; with a lock, its row stays locked until the commit, so that across server instances (PostgreSQL)
   * a center's commands run one at a time ('update') and a snapshot sees no command half-way ('share').
   * SQLite runs every transaction alone and ignores it.
   */
  center(id: string, lock?: 'update' | 'share'): Promise<Center | null>;
  areas(centerId: string): Promise<ServiceArea[]>;
  counters(centerId: string): Promise<Counter[]>;
  ticket(id: string): Promise<Ticket | null>;
  tickets(ids: string[]): Promise<Ticket[]>;
  ticketByIdempotencyKey(centerId: string, key: string): Promise<{ ticket: Ticket; requestHash: string } | null>;
  /** Waiting tickets of a center, optionally of some areas only. */
  waitingTickets(centerId: string, areaIds?: string[]): Promise<Ticket[]>;
  /**
   * The first waiting walk-in ticket of an area's priority or normal line (not sent to a given counter, not an
   * appointment's); with `skipUnconfirmed`, online numbers not yet confirmed at the center are passed over.
   */
  firstInLine(centerId: string, areaId: string, priority: boolean, skipUnconfirmed?: boolean): Promise<Ticket | null>;
  /** The waiting appointment ticket of an area with the earliest time (not sent to a given counter). */
  firstAppointment(centerId: string, areaId: string): Promise<Ticket | null>;
  /** The first waiting ticket transferred to this very counter. */
  firstForCounter(centerId: string, counterId: string): Promise<Ticket | null>;
  /** How many waiting tickets of an area are in a slice of its line. */
  countInLine(centerId: string, areaId: string, slice: LineSlice): Promise<number>;
  /** How many tickets wait in an area. */
  waitingCount(centerId: string, areaId: string): Promise<number>;
  /** Durations (ms) of the latest completed services of an area, newest first. */
  recentServiceMs(centerId: string, areaId: string, limit: number): Promise<number[]>;
  /** Takes the next value of a per-center, per-day counter (ticket numbers, dossier sequence): one locked row. */
  nextSequence(centerId: string, scope: string, day: string): Promise<number>;
  /** The center's latest event sequence number. */
  lastSeq(centerId: string): Promise<number>;
  recentCalls(centerId: string, limit: number): Promise<CallView[]>;

  insertTicket(ticket: Ticket, idempotency: IdempotentRequest | null): Promise<void>;
  updateTicket(ticket: Ticket): Promise<void>;
  updateCounter(counter: Counter): Promise<void>;
  updateArea(area: ServiceArea): Promise<void>;
  /** Appends to the center's log with the next per-center sequence number, which it returns. */
  appendEvent(centerId: string, build: (seq: number) => LoggedEvent): Promise<CenterEvent>;

  upsertProvince(province: Province): Promise<void>;
  insertCenter(center: Center): Promise<void>;
  insertArea(area: ServiceArea): Promise<void>;
  insertCounter(counter: Counter): Promise<void>;
  insertDevice(device: Device, createdAt: string): Promise<void>;

  /** Adds the print job of a ticket; a ticket has one job at most. */
  insertPrintJob(job: PrintJobRecord): Promise<void>;
  printJob(jobId: string): Promise<PrintJobRecord | null>;
  printJobOfTicket(ticketId: string): Promise<PrintJobRecord | null>;
  /** A kiosk's jobs not yet printed nor failed, oldest first. */
  pendingPrintJobs(kioskId: string): Promise<PrintJobRecord[]>;
  updatePrintJob(job: PrintJobRecord): Promise<void>;

  /** Runs after the commit, in commit order, before the next transaction starts: broadcasts go here. */
  afterCommit(fn: () => void): void;

  /** Dossiers, procedure catalog and hand-off outbox, in the same transaction. */
  dossiers: DossierTx;

  /** The officer's desk, the hall's text line, reprints. */
  desk: DeskTx;

  /** Receipts printed at a counter's thermal printer. */
  receiptPrints: ReceiptPrintTx;

  /** Staff accounts and sessions. */
  accounts: AccountTx;
  /** Report figures and citizens' ratings. */
  reports: ReportTx;
  /** Audit log, opening hours, province calendar. */
  setup: SetupTx;
  /** Notification subscriptions, consents and server keys. */
  notify: NotifyTx;
  /** A province's configuration, read whole and written in batches (administration, province file). */
  admin: AdminTx;
  /** Enrolled devices: pairing, credentials, heartbeats. */
  devices: DeviceTx;
  /** One-time codes, online numbers' citizen side, appointments and blocked slots. */
  online: OnlineTx;
  /** The province dashboard's and alert evaluator's reads over many centers; alerts and their rules. */
  operations: OperationsTx;
  /** Personal data: retention, a person's data, consents, requests, staff's views. */
  privacy: PrivacyTx;
  /** Online payments of fees and the log of the gateway's answers. */
  payments: PaymentTx;
  /** Dossiers' files and the database's file storage. */
  files: FileTx;
  /** Citizens' feedback and recommendations. */
  feedback: FeedbackTx;
}

/** What a long read (a report, the province roll-up) sees: one consistent snapshot, read-only. */
export interface ReadTx {
  center(id: string): Promise<Center | null>;
  areas(centerId: string): Promise<ServiceArea[]>;
  counters(centerId: string): Promise<Counter[]>;
  reports: ReportReads;
  accounts: Pick<AccountTx, 'usersOfCenter'>;
}

export interface Store {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A read off the write path: a read-only connection of its own (SQLite: a WAL reader in a worker thread;
   * PostgreSQL: the read pool, or the replica of DATABASE_READ_URL), so a year's report never holds up a command.
   */
  read<T>(fn: (r: ReadTx) => Promise<T>): Promise<T>;
  centers(): Promise<Center[]>;
  devices(centerId: string): Promise<Device[]>;
  /** The log after a sequence number, oldest first. */
  eventsAfter(centerId: string, seq: number, limit: number): Promise<CenterEvent[]>;
  ticketHistory(ticketId: string): Promise<TicketTransition[]>;
  close(): Promise<void>;
}
