// The dossier service: receiving a dossier at a counter (dossier + outbox message in one transaction),
// applying the province's progress once and in order, and the public tracking view.
import {
  type Authority,
  type CatalogImportResult,
  type Center,
  type Dossier,
  type DossierReceipt,
  type DossierStatus,
  NATIONAL_STATUS_CODE,
  PROVINCE_STATUSES,
  type Procedure,
  type ReceiveDossierBody,
  type Ticket,
  type TrackView,
  trackingUrlOf,
} from '../contract/index.ts';
import { DomainError } from '../engine/domain-error.ts';
import { type ProgressEvent, type PushDossier, type PushProgress, fromProvinceDate, toProvinceDate } from '../handoff/province-contract.ts';
import type { Clock } from '../queue/service.ts';
import type { NewDossier, OutboxMessage } from '../store/dossiers.ts';
import type { Store, Tx } from '../store/store.ts';
import { promisedReturn, WorkingCalendar } from './calendar.ts';
import { CatalogError, validateCatalog } from './catalog.ts';
import { move, provinceSteps } from './lifecycle.ts';
import { holderTicket, trackViewOf } from '../track/views.ts';

/** Which ticket a dossier is received for: the one at a counter, or one scanned by its dossier code. */
export type ReceiveTarget = { counterId: string } | { dossierCode: string };

export interface DossierServiceOptions {
  clock?: Clock;
  calendar?: WorkingCalendar;
  /** Base URL of the tracking links printed on receipts. */
  publicUrl: () => string;
  /** Called after a commit that queued a message for the province. */
  onOutbox?: () => void;
}

/** A dossier's status after a committed change. */
export interface DossierStatusChange {
  code: string;
  ticketId: string;
  status: DossierStatus;
}
export type DossierStatusListener = (change: DossierStatusChange) => void;

export class DossierService {
  private readonly clock: Clock;
  private readonly calendar: WorkingCalendar;
  private readonly statusListeners = new Set<DossierStatusListener>();

  constructor(
    readonly store: Store,
    private readonly options: DossierServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.calendar = options.calendar ?? new WorkingCalendar();
  }

  /** Listen to dossiers' status changes, after their commit (the tracking feed and notifications). */
  onStatus(listener: DossierStatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private statusChanged(tx: Tx, change: DossierStatusChange) {
    tx.afterCommit(() => this.statusListeners.forEach((l) => l(change)));
  }

  receive(centerId: string, target: ReceiveTarget, body: ReceiveDossierBody, actor: string): Promise<DossierReceipt> {
    return this.store.transaction(async (tx) => {
      const center = await tx.center(centerId);
      if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
      const ticket = await this.ticketFor(tx, center, target);
      if (await tx.dossiers.dossierOfTicket(ticket.id)) throw new DomainError('DOSSIER_EXISTS', ticket.dossierCode);
      const procedure = await tx.dossiers.procedure(body.procedureCode);
      if (!procedure) throw new DomainError('PROCEDURE_NOT_FOUND', body.procedureCode);
      const authority = await this.competentAuthority(tx, center, procedure, body.authorityId);
      const fields = checkFields(procedure, body.fields ?? {});

      const now = this.clock();
      const due = promisedReturn(this.calendar, now, procedure.processingDays);
      const dossier: NewDossier = {
        code: ticket.dossierCode,
        ticketId: ticket.id,
        procedureCode: procedure.code,
        procedureName: procedure.name,
        areaCode: procedure.areaCode,
        receivingCenter: { id: center.id, agencyCode: center.agencyCode, name: center.name },
        authority,
        applicant: body.applicant,
        documents: body.documents,
        fields,
        notes: body.notes ?? null,
        fee: procedure.fee,
        receivedAt: now.toISOString(),
        processingDays: procedure.processingDays,
        dueAt: due.dueAt.toISOString(),
        dueDate: due.dueDate,
        status: 'received',
        provinceVersion: 0,
        provinceRef: null,
      };
      await tx.dossiers.insertDossier(dossier);
      await tx.dossiers.appendStep(dossier.code, { status: 'received', at: dossier.receivedAt, source: `officer:${actor}`, note: null });
      await tx.dossiers.enqueue({ dossierCode: dossier.code, kind: 'dossier', idempotencyKey: `dossier:${dossier.code}`, payload: pushDossierOf(dossier), at: dossier.receivedAt });
      this.notifyOutbox(tx);
      this.statusChanged(tx, { code: dossier.code, ticketId: ticket.id, status: 'received' });
      return this.receiptOf(center, (await tx.dossiers.dossier(dossier.code))!, ticket.trackingSecret);
    });
  }

  private async ticketFor(tx: Tx, center: Center, target: ReceiveTarget): Promise<Ticket> {
    if ('counterId' in target) {
      const counter = (await tx.counters(center.id)).find((c) => c.id === target.counterId);
      if (!counter) throw new DomainError('COUNTER_NOT_FOUND', target.counterId);
      const ticket = counter.currentTicketId ? await tx.ticket(counter.currentTicketId) : null;
      if (!ticket) throw new DomainError('COUNTER_IDLE', `quầy ${counter.number}`);
      return ticket;
    }
    const id = await tx.dossiers.ticketIdOfDossier(target.dossierCode);
    const ticket = id ? await tx.ticket(id) : null;
    if (!ticket || ticket.centerId !== center.id) throw new DomainError('TICKET_NOT_FOUND', target.dossierCode);
    if (ticket.state === 'cancelled') throw new DomainError('TICKET_STATE', 'cancelled');
    return ticket;
  }

  /**
   * A province-level procedure goes to its department. A commune-level one goes to the commune the applicant
   * names, which may differ from the receiving center's (filing regardless of boundaries); by default the
   * receiving center's own commune.
   */
  private async competentAuthority(tx: Tx, center: Center, procedure: Procedure, authorityId: string | undefined): Promise<Authority> {
    if (procedure.level === 'province') {
      const department = procedure.departmentId ? await tx.dossiers.authority(procedure.departmentId) : null;
      if (!department) throw new DomainError('AUTHORITY_NOT_FOUND', procedure.departmentId ?? procedure.code);
      if (authorityId && authorityId !== department.id) throw new DomainError('AUTHORITY_MISMATCH', `${procedure.code} → ${department.name}`);
      return department;
    }
    if (authorityId) {
      const chosen = await tx.dossiers.authority(authorityId);
      if (!chosen) throw new DomainError('AUTHORITY_NOT_FOUND', authorityId);
      if (chosen.level !== 'commune') throw new DomainError('AUTHORITY_MISMATCH', `${procedure.code}: cấp xã`);
      return chosen;
    }
    const communes = (await tx.dossiers.authorities()).filter((a) => a.level === 'commune');
    const own =
      communes.find((a) => a.statsCode === center.statsCode) ?? communes.find((a) => a.name.toLowerCase().endsWith(center.commune.toLowerCase()));
    if (!own) throw new DomainError('AUTHORITY_NOT_FOUND', center.commune);
    return own;
  }

  private receiptOf(center: Center, dossier: Dossier, secret: string): DossierReceipt {
    return { dossier, trackingSecret: secret, trackingUrl: trackingUrlOf(this.options.publicUrl(), dossier.code, secret), returnPlace: `${center.name}, ${center.address}` };
  }

  private notifyOutbox(tx: Tx) {
    const kick = this.options.onOutbox;
    if (kick) tx.afterCommit(kick);
  }

  /** The receipt again (reprint), for the officer. */
  receipt(code: string): Promise<DossierReceipt> {
    return this.store.transaction(async (tx) => {
      const dossier = await this.mustFind(tx, code);
      const ticket = (await tx.ticket(dossier.ticketId))!;
      return this.receiptOf((await tx.center(dossier.receivingCenter.id))!, dossier, ticket.trackingSecret);
    });
  }

  list(centerId: string, status: DossierStatus | null, limit: number): Promise<Dossier[]> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.center(centerId))) throw new DomainError('CENTER_NOT_FOUND', centerId);
      return tx.dossiers.dossiers(centerId, status, limit);
    });
  }

  /** With 'update', for a change of the dossier: writers of one dossier take turns (row lock on PostgreSQL). */
  private async mustFind(tx: Tx, code: string, lock?: 'update'): Promise<Dossier> {
    const dossier = await tx.dossiers.dossier(code, lock);
    if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', code);
    return dossier;
  }

  /** The officer hands the result to the applicant; the province is told through the outbox. */
  returnResult(code: string, actor: string, note: string | null): Promise<Dossier> {
    return this.store.transaction(async (tx) => {
      const dossier = await this.mustFind(tx, code, 'update');
      const status = move(dossier.status, 'returned');
      const at = this.clock().toISOString();
      await tx.dossiers.setStatus(code, status, {});
      await tx.dossiers.appendStep(code, { status, at, source: `officer:${actor}`, note });
      const progress: PushProgress = {
        code,
        status,
        statusCode: NATIONAL_STATUS_CODE[status],
        date: toProvinceDate(at),
        officer: actor,
        unit: { code: dossier.receivingCenter.agencyCode, name: dossier.receivingCenter.name },
        note,
      };
      await tx.dossiers.enqueue({ dossierCode: code, kind: 'progress', idempotencyKey: `progress:${code}:${status}`, payload: progress, at });
      this.notifyOutbox(tx);
      this.statusChanged(tx, { code, ticketId: dossier.ticketId, status });
      return (await tx.dossiers.dossier(code))!;
    });
  }

  /** The province acknowledged a message: the dossier is with it now. */
  delivered(message: OutboxMessage, reference: string | null): Promise<void> {
    return this.store.transaction(async (tx) => {
      const at = this.clock().toISOString();
      await tx.dossiers.markDelivered(message.id, at);
      if (message.kind !== 'dossier') return;
      const dossier = await this.mustFind(tx, message.dossierCode, 'update');
      // A progress report may have come first and recorded `forwarded` already.
      if (dossier.status === 'received') {
        await tx.dossiers.setStatus(dossier.code, 'forwarded', { provinceRef: reference });
        await tx.dossiers.appendStep(dossier.code, { status: 'forwarded', at, source: 'system', note: reference ? `mã tiếp nhận của tỉnh ${reference}` : null });
        this.statusChanged(tx, { code: dossier.code, ticketId: dossier.ticketId, status: 'forwarded' });
      } else if (reference && !dossier.provinceRef) {
        await tx.dossiers.setStatus(dossier.code, dossier.status, { provinceRef: reference });
      }
    });
  }

  /**
   * Records progress events of the province (from the webhook or from polling) and applies them once and in
   * version order: a duplicate is ignored, an early one waits for the versions before it.
   */
  applyProgress(events: ProgressEvent[]): Promise<{ recorded: number; applied: number }> {
    return this.store.transaction(async (tx) => {
      const receivedAt = this.clock().toISOString();
      let recorded = 0;
      const codes = new Set<string>();
      // Each dossier's row is locked (in one order, so two reports of several dossiers cannot deadlock) before
      // its versions are read: a webhook and a poll, or a repeated webhook, apply a version once between them.
      const locked = new Set<string>();
      for (const code of [...new Set(events.map((e) => e.code))].sort()) if (await tx.dossiers.dossier(code, 'update')) locked.add(code);
      for (const e of events) {
        if (!(PROVINCE_STATUSES as readonly string[]).includes(e.status)) throw new DomainError('VALIDATION', `status ${e.status} is not the province's to set`);
        if (!locked.has(e.code)) throw new DomainError('DOSSIER_NOT_FOUND', e.code);
        const at = fromProvinceDate(e.date).toISOString();
        if (await tx.dossiers.insertProvinceUpdate({ dossierCode: e.code, version: e.version, status: e.status, at, note: e.note }, receivedAt)) recorded++;
        codes.add(e.code);
      }
      let applied = 0;
      for (const code of codes) applied += await this.applyInOrder(tx, code);
      return { recorded, applied };
    });
  }

  private async applyInOrder(tx: Tx, code: string): Promise<number> {
    let dossier = await this.mustFind(tx, code);
    let applied = 0;
    for (;;) {
      const next = await tx.dossiers.provinceUpdate(code, dossier.provinceVersion + 1);
      if (!next) {
        // Several versions applied at once: one change, to where the dossier is now.
        if (applied > 0) this.statusChanged(tx, { code, ticketId: dossier.ticketId, status: dossier.status });
        return applied;
      }
      const { steps, irregular } = provinceSteps(dossier.status, next.status);
      for (const status of steps) {
        const note = status === next.status ? (irregular ? `[bất thường: ${dossier.status} → ${status}] ${next.note ?? ''}`.trim() : next.note) : null;
        await tx.dossiers.appendStep(code, { status, at: next.at, source: status === next.status ? 'province' : 'system', note });
      }
      await tx.dossiers.setStatus(code, next.status, { provinceVersion: next.version });
      await tx.dossiers.markUpdateApplied(code, next.version, this.clock().toISOString());
      dossier = { ...dossier, status: next.status, provinceVersion: next.version };
      applied++;
    }
  }

  procedures(): Promise<Procedure[]> {
    return this.store.transaction((tx) => tx.dossiers.procedures());
  }

  authorities(): Promise<Authority[]> {
    return this.store.transaction((tx) => tx.dossiers.authorities());
  }

  /** Imports a catalog file's procedures (all or none); existing codes are updated. */
  importCatalog(rows: unknown[], lineOf: ((i: number) => string) | undefined, dryRun: boolean): Promise<CatalogImportResult> {
    return this.store.transaction(async (tx) => {
      let procedures: Procedure[];
      try {
        procedures = validateCatalog(rows, await tx.dossiers.authorities(), lineOf);
      } catch (err) {
        if (err instanceof CatalogError) throw new DomainError('CATALOG_INVALID', err.message);
        throw err;
      }
      let created = 0;
      for (const p of procedures) {
        if (dryRun) created += (await tx.dossiers.procedure(p.code)) ? 0 : 1;
        else if (await tx.dossiers.upsertProcedure(p)) created++;
      }
      return { imported: procedures.length, created, updated: procedures.length - created, dryRun };
    });
  }

  /** A manager sends a dead-lettered message again, from a fresh count of attempts. */
  /** Sends a dead letter of a center again; another center's message is as unknown as a missing one. */
  retryDead(id: number, centerId: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const message = await tx.dossiers.outboxMessage(id);
      if (!message || (await tx.dossiers.centerOfMessage(id)) !== centerId) throw new DomainError('OUTBOX_NOT_FOUND', String(id));
      if (message.state !== 'dead') throw new DomainError('OUTBOX_NOT_DEAD', message.state);
      await tx.dossiers.requeueMessage(id, this.clock().toISOString());
    });
  }

  /** Dossiers the province still works on: what polling asks about. */
  openDossiers(limit: number): Promise<string[]> {
    return this.store.transaction((tx) => tx.dossiers.openDossierCodes(limit));
  }

  /** What the holder of the ticket (code + secret) may see: the line while waiting, then the dossier. */
  track(code: string, secret: string): Promise<TrackView> {
    return this.store.transaction(async (tx) => trackViewOf(tx, await holderTicket(tx, code, secret)));
  }
}

/** Keeps the procedure's fields only, and refuses a dossier without a required one. */
function checkFields(procedure: Procedure, given: Record<string, string>): Record<string, string> {
  const known = new Set(procedure.fields.map((f) => f.key));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new DomainError('VALIDATION', `unknown fields for ${procedure.code}: ${unknown.join(', ')}`);
  const missing = procedure.fields.filter((f) => f.required && !given[f.key]?.trim()).map((f) => f.label);
  if (missing.length > 0) throw new DomainError('MISSING_FIELDS', missing.join(', '));
  return Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.trim()]));
}

/** The dossier as the province's "push dossier" service takes it. */
function pushDossierOf(d: NewDossier): PushDossier {
  return {
    code: d.code,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    areaCode: d.areaCode,
    applicant: { name: d.applicant.name, type: d.applicant.type === 'citizen' ? 1 : 2, idNumber: d.applicant.idNumber, phone: d.applicant.phone ?? null, email: d.applicant.email ?? null },
    summary: `${d.procedureName} — ${d.applicant.name}`,
    receivedDate: toProvinceDate(d.receivedAt),
    dueDate: toProvinceDate(d.dueAt),
    statusCode: NATIONAL_STATUS_CODE[d.status],
    deliveryForm: 1,
    receivingUnit: { code: d.receivingCenter.agencyCode, name: d.receivingCenter.name },
    handlingUnit: { code: d.authority.code, name: d.authority.name, level: d.authority.level, statsCode: d.authority.statsCode },
    documents: d.documents,
    fee: d.fee,
  };
}

