// The storage port of dossiers, the procedure catalog and the hand-off outbox. It is part of every
// transaction (Tx.dossiers), so a dossier and its outbox message commit together or not at all.
import type {
  Authority,
  Dossier,
  DossierDelivery,
  DossierDocument,
  DossierStatus,
  DossierStep,
  HandoffAttempt,
  OutboxEntry,
  OutboxState,
  Procedure,
} from '@luot/contract';

export type NewDossier = Omit<Dossier, 'history' | 'delivery'>;

export interface NewOutboxMessage {
  dossierCode: string;
  kind: OutboxEntry['kind'];
  idempotencyKey: string;
  /** The request body, kept as sent so every retry carries the very same message. */
  payload: unknown;
  at: string;
}

export interface OutboxMessage extends OutboxEntry {
  payload: unknown;
}

/** A progress report from the provincial system, kept once per (dossier, version). */
export interface ProvinceUpdate {
  dossierCode: string;
  version: number;
  status: DossierStatus;
  at: string;
  note: string | null;
}

/** Where a reconciliation sweep stands: the last open dossier read, by its (received time, code). */
export interface OpenCursor {
  receivedAt: string;
  code: string;
}

export interface DossierTx {
  ticketIdOfDossier(code: string): Promise<string | null>;

  authority(id: string): Promise<Authority | null>;
  authorities(): Promise<Authority[]>;
  upsertAuthority(authority: Authority): Promise<void>;
  procedure(code: string): Promise<Procedure | null>;
  procedures(): Promise<Procedure[]>;
  /** Returns whether the code was new. */
  upsertProcedure(procedure: Procedure): Promise<boolean>;

  /** A dossier; with 'update', its row stays locked until the commit (PostgreSQL), so that progress reports
   * arriving together (webhook and poll, a repeated webhook) are applied one after the other, each once. */
  dossier(code: string, lock?: 'update'): Promise<Dossier | null>;
  dossierOfTicket(ticketId: string): Promise<Dossier | null>;
  dossiers(centerId: string, status: DossierStatus | null, limit: number): Promise<Dossier[]>;
  insertDossier(dossier: NewDossier): Promise<void>;
  setStatus(
    code: string,
    status: DossierStatus,
    changes: { provinceVersion?: number; provinceRef?: string | null },
  ): Promise<void>;
  appendStep(code: string, step: DossierStep): Promise<void>;
  /** The competent authority, after a manager corrected the routing of a dead letter. */
  setAuthority(code: string, authority: Authority): Promise<void>;
  /** The dossier's documents, after a supplement. */
  setDocuments(code: string, documents: DossierDocument[]): Promise<void>;
  /** How many forwarded dossiers the province has not finished. */
  openDossierCount(): Promise<number>;
  /** The next page of those, oldest first, after `after` (keyset pagination): what reconciliation asks about. */
  openDossierPage(after: OpenCursor | null, limit: number): Promise<OpenCursor[]>;

  enqueue(message: NewOutboxMessage): Promise<number>;
  outboxMessage(id: number): Promise<OutboxMessage | null>;
  dueMessages(now: string, limit: number): Promise<OutboxMessage[]>;
  /**
   * Takes a due message for one attempt: it is not due again before `until` (a lease, should the attempt never
   * end), so another server instance skips it. Null when it is no longer due (another instance took it).
   */
  claimMessage(id: number, now: string, until: string): Promise<OutboxMessage | null>;
  /** The earliest next attempt of a pending message, to know when to wake up. */
  nextDueAt(): Promise<string | null>;
  /** The messages of the dossiers a center received, newest first. */
  outbox(centerId: string, state: OutboxState | null, limit: number): Promise<OutboxEntry[]>;
  outboxCounts(centerId: string): Promise<Record<OutboxState, number>>;
  /** The center that received the dossier of a message. */
  centerOfMessage(id: number): Promise<string | null>;
  markDelivered(id: number, at: string): Promise<void>;
  markFailed(
    id: number,
    failure: { attempts: number; nextAttemptAt: string; error: string; dead: boolean },
  ): Promise<void>;
  /** Pending again from `at`, attempts and age counted afresh. */
  requeueMessage(id: number, at: string): Promise<void>;
  /** A manager's corrected body of a dead letter. */
  setPayload(id: number, payload: unknown): Promise<void>;
  /** One attempt in the sync log. */
  logAttempt(attempt: Omit<HandoffAttempt, 'id'>): Promise<void>;
  /** The sync log of the dossiers a center received, newest first; or of one message. */
  attempts(centerId: string, outboxId: number | null, limit: number): Promise<HandoffAttempt[]>;

  /** How the result went back (with the status move to `returned`, in its transaction). */
  setDelivery(code: string, delivery: DossierDelivery): Promise<void>;

  /** Returns false when that version was already received. */
  insertProvinceUpdate(update: ProvinceUpdate, receivedAt: string): Promise<boolean>;
  provinceUpdate(code: string, version: number): Promise<ProvinceUpdate | null>;
  markUpdateApplied(code: string, version: number, at: string): Promise<void>;
}
