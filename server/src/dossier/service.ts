// The dossier service: receiving a dossier at a counter (dossier + outbox message in one transaction),
// applying the province's progress once and in order, and the public tracking view.
import {
  type AddDocumentsBody,
  type Applicant,
  type FeesPaidBody,
  type WithdrawBody,
  type Authority,
  checkFieldValue,
  documentKindOf,
  type DossierDelivery,
  type DossierDocument,
  DOSSIER_STATUS_LABELS,
  type ResultCall,
  resultCallText,
  type ReturnResultBody,
  type CatalogImportResult,
  type CorrectOutboxBody,
  type Center,
  type Dossier,
  type DossierReceipt,
  type DossierStatus,
  feeLinesOf,
  FILING_CHANNEL_CODE,
  nationalStatusCode,
  PROVINCE_STATUSES,
  type Procedure,
  type ReceiveDossierBody,
  type StaffUser,
  type Ticket,
  type TrackView,
  trackingUrlOf,
} from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import {
  type ProgressEvent,
  type PushDossier,
  type PushProgress,
  fromProvinceDate,
  toProvinceDate,
} from '../handoff/province-contract.ts';
import type { Clock } from '../queue/service.ts';
import type { NewDossier, OutboxMessage } from '../store/dossiers.ts';
import type { Store, Tx } from '../store/store.ts';
import { promisedReturn } from './calendar.ts';
import { loadCalendar } from '../setup/calendar-data.ts';
import { recordAudit } from '../setup/service.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import { CatalogError, validateCatalog } from './catalog.ts';
import { move, provinceSteps } from './lifecycle.ts';
import { holderTicket, trackViewOf } from '../track/views.ts';

/** Ticket states of a citizen who reached a counter (called, served, parked there, or served already). */
const REACHED_COUNTER: ReadonlySet<Ticket['state']> = new Set(['called', 'serving', 'held', 'done']);

/** Which ticket a dossier is received for: the one at a counter, or one scanned by its dossier code. */
export type ReceiveTarget = { counterId: string } | { dossierCode: string };

export interface DossierServiceOptions {
  clock?: Clock;
  /** Told when a due date was counted across a year without calendar data (weekends only). */
  onCalendarWarning?: (message: string) => void;
  /** Base URL of the tracking links printed on receipts. */
  publicUrl: () => string;
  /** Called after a commit that queued a message for the province. */
  onOutbox?: () => void;
  /** A payment gateway is configured: the tracking page offers to pay fees due online. */
  payOnline?: boolean;
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
  private readonly statusListeners = new Set<DossierStatusListener>();

  constructor(
    readonly store: Store,
    private readonly options: DossierServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
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
      const applicant = checkApplicant(body.applicant);
      const resultBy = body.resultBy ?? 'in_person';
      if (resultBy === 'post' && !applicant.address?.trim())
        throw new DomainError('APPLICANT_INVALID', 'nhận kết quả qua bưu điện cần địa chỉ của người nộp');
      const documents = body.documents.map(documentOf);

      const now = this.clock();
      // The province's calendar as an administrator keeps it (holidays, make-up working days).
      const calendar = await loadCalendar(tx, center.provinceId, now);
      const due = promisedReturn(calendar, now, procedure.processingDays, procedure.afterHoursCutoff ?? null);
      const unknown = calendar.unknownYears(serviceDayOf(now), due.dueDate);
      if (unknown.length > 0)
        this.options.onCalendarWarning?.(
          `dossier ${ticket.dossierCode}: no calendar data for ${unknown.join(', ')}, due date ${due.dueDate} counts weekends only`,
        );
      const dossier: NewDossier = {
        code: ticket.dossierCode,
        ticketId: ticket.id,
        procedureCode: procedure.code,
        procedureName: procedure.name,
        areaCode: procedure.areaCode,
        receivingCenter: { id: center.id, agencyCode: center.agencyCode, name: center.name },
        authority,
        applicant,
        documents,
        fields,
        notes: body.notes ?? null,
        fee: procedure.fee,
        feeLines: feeLinesOf(procedure),
        receivedAt: now.toISOString(),
        processingDays: procedure.processingDays,
        dueAt: due.dueAt.toISOString(),
        dueDate: due.dueDate,
        status: 'received',
        provinceVersion: 0,
        provinceRef: null,
        resultBy,
        filedVia: body.filedVia ?? 'center',
      };
      await tx.dossiers.insertDossier(dossier);
      await tx.dossiers.appendStep(dossier.code, {
        status: 'received',
        at: dossier.receivedAt,
        source: `officer:${actor}`,
        note: null,
      });
      await tx.dossiers.enqueue({
        dossierCode: dossier.code,
        kind: 'dossier',
        idempotencyKey: `dossier:${dossier.code}`,
        payload: { ...pushDossierOf(dossier), queueChannel: ticket.channel },
        at: dossier.receivedAt,
      });
      this.notifyOutbox(tx);
      this.statusChanged(tx, { code: dossier.code, ticketId: ticket.id, status: 'received' });
      return this.receiptOf(tx, center, (await tx.dossiers.dossier(dossier.code))!, ticket.trackingSecret);
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
    // Only a citizen who reached a counter hands in a dossier: not one still in line, absent or cancelled.
    if (!REACHED_COUNTER.has(ticket.state)) throw new DomainError('TICKET_NOT_CALLED', ticket.state);
    return ticket;
  }

  /**
   * A province-level procedure goes to its department. A commune-level one goes to the commune the applicant
   * names, which may differ from the receiving center's (filing regardless of boundaries); by default the
   * receiving center's own commune.
   */
  private async competentAuthority(
    tx: Tx,
    center: Center,
    procedure: Procedure,
    authorityId: string | undefined,
  ): Promise<Authority> {
    if (procedure.level === 'province') {
      const department = procedure.departmentId ? await tx.dossiers.authority(procedure.departmentId) : null;
      if (!department) throw new DomainError('AUTHORITY_NOT_FOUND', procedure.departmentId ?? procedure.code);
      if (authorityId && authorityId !== department.id)
        throw new DomainError('AUTHORITY_MISMATCH', `${procedure.code} → ${department.name}`);
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
      communes.find((a) => a.statsCode === center.statsCode) ??
      communes.find((a) => a.name.toLowerCase().endsWith(center.commune.toLowerCase()));
    if (!own) throw new DomainError('AUTHORITY_NOT_FOUND', center.commune);
    return own;
  }

  private async receiptOf(tx: Tx, center: Center, dossier: Dossier, secret: string): Promise<DossierReceipt> {
    const province = await tx.province(center.provinceId);
    const provinceName = province?.name ?? '';
    // A provincial center (2-digit statistics code) belongs to the province's People's Committee, a commune's to the commune's.
    const parent = `Ủy ban nhân dân ${center.statsCode.length <= 2 ? provinceName : center.commune}`.trim();
    const place = provinceName.replace(/^(Thành phố|Tỉnh)\s+/i, '') || center.commune;
    // The step's source is `officer:<role>:<username>`.
    const receiver =
      dossier.history
        .find((h) => h.status === 'received')
        ?.source.split(':')
        .pop() ?? null;
    const officerName = receiver ? ((await tx.accounts.user(receiver))?.displayName ?? receiver) : null;
    return {
      dossier,
      trackingSecret: secret,
      trackingUrl: trackingUrlOf(this.options.publicUrl(), dossier.code, secret),
      returnPlace: `${center.name}, ${center.address}`,
      agency: { parent, place },
      officerName,
    };
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
      return this.receiptOf(tx, (await tx.center(dossier.receivingCenter.id))!, dossier, ticket.trackingSecret);
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

  /** A center's dossiers whose result waits at the desk, the oldest promise first. */
  ready(centerId: string, limit: number): Promise<Dossier[]> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.center(centerId))) throw new DomainError('CENTER_NOT_FOUND', centerId);
      const list = await tx.dossiers.dossiers(centerId, 'result_ready', limit);
      return list.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.code.localeCompare(b.code));
    });
  }

  /** Called after the call for a result is checked: the hall announces it. */
  onResultCall(listener: (call: ResultCall) => void): () => void {
    this.resultCallListeners.add(listener);
    return () => this.resultCallListeners.delete(listener);
  }
  private readonly resultCallListeners = new Set<(call: ResultCall) => void>();

  /** Calls the applicant of a ready dossier to a counter of its receiving center, to collect the result. */
  callForResult(code: string, counterId: string): Promise<ResultCall> {
    return this.store.transaction(async (tx) => {
      const dossier = await this.mustFind(tx, code);
      if (dossier.status !== 'result_ready')
        throw new DomainError('NOT_READY', DOSSIER_STATUS_LABELS[dossier.status].vi);
      const counter = (await tx.counters(dossier.receivingCenter.id)).find((c) => c.id === counterId);
      if (!counter) throw new DomainError('COUNTER_NOT_FOUND', counterId);
      const call: ResultCall = {
        centerId: dossier.receivingCenter.id,
        dossierCode: code,
        counterId: counter.id,
        counterNumber: counter.number,
        at: this.clock().toISOString(),
        text: resultCallText(code, counter.number),
      };
      tx.afterCommit(() => this.resultCallListeners.forEach((l) => l(call)));
      return call;
    });
  }

  /**
   * The officer hands the result back: in person (to the applicant, or to someone with their name and ID) or
   * by public post (with the postal tracking number). The province is told through the outbox.
   */
  returnResult(code: string, actor: string, body: ReturnResultBody): Promise<Dossier> {
    return this.store.transaction(async (tx) => {
      const dossier = await this.mustFind(tx, code, 'update');
      // Refused before the delivery is checked: a dossier without a result has nothing to hand back.
      move(dossier.status, 'returned');
      const at = this.clock().toISOString();
      const officer = actor;
      const note = body.note?.trim() || null;
      let delivery: DossierDelivery;
      if ((body.method ?? dossier.resultBy) === 'post' && body.method !== 'in_person') {
        if (body.recipientName || body.recipientIdNumber)
          throw new DomainError('VALIDATION', 'a result sent by post has no recipient at the desk');
        if (!body.postalTrackingNumber)
          throw new DomainError('VALIDATION', 'a result sent by post needs the postal tracking number (mã vận đơn)');
        delivery = { method: 'post', postalTrackingNumber: body.postalTrackingNumber.toUpperCase(), at, officer };
      } else {
        if (body.postalTrackingNumber)
          throw new DomainError('VALIDATION', 'a postal tracking number is for a result sent by post');
        const a = dossier.applicant;
        const recipientName =
          body.recipientName?.trim() || (a.type === 'business' ? (a.representative ?? a.name) : a.name);
        const recipientIdNumber = body.recipientIdNumber ?? a.idNumber;
        delivery = { method: 'in_person', recipientName, recipientIdNumber, at, officer };
      }
      const stepNote =
        delivery.method === 'post'
          ? `Gửi kết quả qua bưu chính công ích, mã vận đơn ${delivery.postalTrackingNumber}`
          : `Trả kết quả trực tiếp cho ${delivery.recipientName}`;
      await tx.dossiers.setDelivery(code, delivery);
      return this.pushStep(tx, dossier, 'returned', actor, note ? `${stepNote}. ${note}` : stepNote, {
        event: 'returned',
        note,
        ...(delivery.method === 'post'
          ? { deliveryForm: 2, postalTrackingNumber: delivery.postalTrackingNumber }
          : { deliveryForm: 1, recipientName: delivery.recipientName }),
      });
    });
  }

  /** The applicant brought what the supplement request asked for: recorded, and processing resumes. */
  addDocuments(code: string, actor: string, body: AddDocumentsBody): Promise<Dossier> {
    return this.store.transaction(async (tx) => {
      const dossier = await this.mustFind(tx, code, 'update');
      if (dossier.status !== 'needs_documents')
        throw new DomainError('DOSSIER_STATE', DOSSIER_STATUS_LABELS[dossier.status].vi);
      const documents = body.documents.map(documentOf);
      await tx.dossiers.setDocuments(code, [...dossier.documents, ...documents]);
      const note = body.note?.trim() || null;
      const names = documents.map((d) => d.name).join(', ');
      return this.pushStep(tx, dossier, 'in_process', actor, `Bổ sung hồ sơ: ${names}${note ? `. ${note}` : ''}`, {
        event: 'documents_added',
        note,
        documents: documents.map(pushDocumentOf),
      });
    });
  }

  /** The fees due were paid (at the desk or through the payment gateway): processing resumes. */
  feesPaid(code: string, actor: string, body: FeesPaidBody): Promise<Dossier> {
    return this.store.transaction(async (tx) =>
      this.feesPaidIn(tx, await this.mustFind(tx, code, 'update'), actor, body),
    );
  }

  /** feesPaid inside the caller's transaction (the payment gateway's answer), on the dossier it locked. */
  async feesPaidIn(tx: Tx, dossier: Dossier, actor: string, body: FeesPaidBody): Promise<Dossier> {
    if (dossier.status !== 'fees_due') throw new DomainError('DOSSIER_STATE', DOSSIER_STATUS_LABELS[dossier.status].vi);
    const note = body.note?.trim() || null;
    const amount = body.amount.toLocaleString('vi-VN');
    return this.pushStep(tx, dossier, 'in_process', actor, `Đã nộp phí, lệ phí ${amount} đồng (${body.paymentRef})`, {
      event: 'paid',
      note,
      amount: body.amount,
      paymentRef: body.paymentRef,
    });
  }

  /** A dossier for a change by another service (payments), locked until its transaction ends. */
  lockedDossier(tx: Tx, code: string): Promise<Dossier> {
    return this.mustFind(tx, code, 'update');
  }

  /** The applicant withdraws the dossier (7), before a result exists. */
  withdraw(code: string, actor: string, body: WithdrawBody): Promise<Dossier> {
    return this.store.transaction(async (tx) => {
      const dossier = await this.mustFind(tx, code, 'update');
      const reason = body.reason.trim();
      return this.pushStep(tx, dossier, 'withdrawn', actor, `Rút hồ sơ theo yêu cầu: ${reason}`, {
        event: 'withdrawn',
        note: reason,
      });
    });
  }

  /**
   * A step taken at our side: the dossier moves, the step is recorded, and the province is told by dossier code
   * through the outbox, after every earlier message of the dossier (the outbox keeps a dossier's order).
   */
  private async pushStep(
    tx: Tx,
    dossier: Dossier,
    to: DossierStatus,
    actor: string,
    stepNote: string,
    progress: Pick<PushProgress, 'event' | 'note'> & Partial<PushProgress>,
  ): Promise<Dossier> {
    const { code } = dossier;
    const status = move(dossier.status, to);
    const at = this.clock().toISOString();
    await tx.dossiers.setStatus(code, status, {});
    await tx.dossiers.appendStep(code, { status, at, source: `officer:${actor}`, note: stepNote });
    const payload: PushProgress = {
      code,
      status,
      statusCode: nationalStatusCode(status, dossier.filedVia),
      date: toProvinceDate(at),
      officer: actor,
      unit: { code: dossier.receivingCenter.agencyCode, name: dossier.receivingCenter.name },
      ...progress,
    };
    await tx.dossiers.enqueue({
      dossierCode: code,
      kind: 'progress',
      // One key per step of the dossier: a second supplement is a new update, a retry of one the same.
      idempotencyKey: `progress:${code}:${dossier.history.length + 1}`,
      payload,
      at,
    });
    this.notifyOutbox(tx);
    this.statusChanged(tx, { code, ticketId: dossier.ticketId, status });
    return (await tx.dossiers.dossier(code))!;
  }

  /** The province acknowledged a message (attempt `requestId`): the dossier is with it now. */
  delivered(message: OutboxMessage, reference: string | null, requestId: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const at = this.clock().toISOString();
      await tx.dossiers.markDelivered(message.id, at);
      await tx.dossiers.logAttempt({
        outboxId: message.id,
        dossierCode: message.dossierCode,
        at,
        requestId,
        outcome: 'delivered',
        detail: reference ? `mã tiếp nhận của tỉnh ${reference}` : null,
      });
      if (message.kind !== 'dossier') return;
      const dossier = await this.mustFind(tx, message.dossierCode, 'update');
      // A progress report may have come first and recorded `forwarded` already.
      if (dossier.status === 'received') {
        await tx.dossiers.setStatus(dossier.code, 'forwarded', { provinceRef: reference });
        await tx.dossiers.appendStep(dossier.code, {
          status: 'forwarded',
          at,
          source: 'system',
          note: reference ? `mã tiếp nhận của tỉnh ${reference}` : null,
        });
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
      for (const code of [...new Set(events.map((e) => e.code))].sort())
        if (await tx.dossiers.dossier(code, 'update')) locked.add(code);
      for (const e of events) {
        if (!(PROVINCE_STATUSES as readonly string[]).includes(e.status))
          throw new DomainError('VALIDATION', `status ${e.status} is not the province's to set`);
        if (!locked.has(e.code)) throw new DomainError('DOSSIER_NOT_FOUND', e.code);
        const at = fromProvinceDate(e.date).toISOString();
        if (
          await tx.dossiers.insertProvinceUpdate(
            { dossierCode: e.code, version: e.version, status: e.status, at, note: e.note },
            receivedAt,
          )
        )
          recorded++;
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
        const note =
          status === next.status
            ? irregular
              ? `[bất thường: ${dossier.status} → ${status}] ${next.note ?? ''}`.trim()
              : next.note
            : null;
        await tx.dossiers.appendStep(code, {
          status,
          at: next.at,
          source: status === next.status ? 'province' : 'system',
          note,
        });
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

  /**
   * Imports a catalog file's procedures (all or none); existing codes are updated. A province administrator
   * only (the route checks the role); every procedure that changes gets an audit record with before and after.
   * A procedure without `afterHoursCutoff` in the file keeps the one it has (older files stay valid).
   */
  importCatalog(
    rows: unknown[],
    lineOf: ((i: number) => string) | undefined,
    dryRun: boolean,
    user: StaffUser,
  ): Promise<CatalogImportResult> {
    return this.store.transaction(async (tx) => {
      let procedures: Procedure[];
      try {
        procedures = validateCatalog(rows, await tx.dossiers.authorities(), lineOf);
      } catch (err) {
        if (err instanceof CatalogError) throw new DomainError('CATALOG_INVALID', err.message);
        throw err;
      }
      let created = 0;
      const now = this.clock();
      for (const p of procedures) {
        const before = await tx.dossiers.procedure(p.code);
        if (!before) created++;
        if (dryRun) continue;
        await tx.dossiers.upsertProcedure(p);
        const cutoff = p.afterHoursCutoff === undefined ? (before?.afterHoursCutoff ?? null) : p.afterHoursCutoff;
        await tx.setup.setProcedureCutoff(p.code, cutoff);
        const after = (await tx.dossiers.procedure(p.code))!;
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await recordAudit(tx, user, now, {
            centerId: null,
            action: before ? 'update' : 'create',
            entityKind: 'procedure',
            entityId: p.code,
            before,
            after,
          });
        }
      }
      return { imported: procedures.length, created, updated: procedures.length - created, dryRun };
    });
  }

  /** Sends a dead letter of a center again, from a fresh count of attempts; another center's message is as unknown as a missing one. */
  retryDead(id: number, centerId: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      await this.deadLetter(tx, id, centerId);
      await tx.dossiers.requeueMessage(id, this.clock().toISOString());
    });
  }

  /**
   * A manager corrects a dead letter's body (e.g. the handling unit the province refused) and sends it again.
   * The dossier it concerns cannot change; the change is audited with the body before and after.
   */
  correctDead(id: number, centerId: string, body: CorrectOutboxBody, user: StaffUser): Promise<void> {
    return this.store.transaction(async (tx) => {
      const message = await this.deadLetter(tx, id, centerId);
      const before = message.payload;
      const after = body.payload;
      if (after.code !== message.dossierCode)
        throw new DomainError('OUTBOX_INVALID', `code must stay ${message.dossierCode}`);
      if (message.kind === 'dossier' && !isPushDossierShape(after))
        throw new DomainError('OUTBOX_INVALID', 'procedureCode, handlingUnit.code and receivingUnit.code are required');
      // A corrected routing is the dossier's own too: its tracking page and list name the authority it went to.
      if (message.kind === 'dossier') {
        const unit = unitCodeOf(after.handlingUnit);
        const authority = (await tx.dossiers.authorities()).find((a) => a.code === unit);
        if (authority) await tx.dossiers.setAuthority(message.dossierCode, authority);
      }
      const now = this.clock();
      await tx.dossiers.setPayload(id, after);
      await tx.dossiers.requeueMessage(id, now.toISOString());
      await recordAudit(tx, user, now, {
        centerId,
        action: `correct: ${body.reason}`,
        entityKind: 'outbox_message',
        entityId: String(id),
        before,
        after,
      });
    });
  }

  /** A message of a center, with its body; another center's is as unknown as a missing one. */
  message(id: number, centerId: string): Promise<OutboxMessage> {
    return this.store.transaction((tx) => this.messageOf(tx, id, centerId));
  }

  private async messageOf(tx: Tx, id: number, centerId: string): Promise<OutboxMessage> {
    const message = await tx.dossiers.outboxMessage(id);
    if (!message || (await tx.dossiers.centerOfMessage(id)) !== centerId)
      throw new DomainError('OUTBOX_NOT_FOUND', String(id));
    return message;
  }

  private async deadLetter(tx: Tx, id: number, centerId: string): Promise<OutboxMessage> {
    const message = await this.messageOf(tx, id, centerId);
    if (message.state !== 'dead') throw new DomainError('OUTBOX_NOT_DEAD', message.state);
    return message;
  }

  /** What the holder of the ticket (code + secret) may see: the line while waiting, then the dossier. */
  track(code: string, secret: string): Promise<TrackView> {
    return this.store.transaction(async (tx) => trackViewOf(tx, await holderTicket(tx, code, secret), this.payOnline));
  }

  get payOnline(): boolean {
    return this.options.payOnline ?? false;
  }
}

/**
 * Keeps the procedure's fields only, refuses a dossier without a required one, and checks each value against
 * its field's type (a date must be a real dd/mm/yyyy day, a choice one of its options…), kept normalised.
 */
function checkFields(procedure: Procedure, given: Record<string, string>): Record<string, string> {
  const known = new Set(procedure.fields.map((f) => f.key));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new DomainError('VALIDATION', `unknown fields for ${procedure.code}: ${unknown.join(', ')}`);
  const missing = procedure.fields.filter((f) => f.required && !given[f.key]?.trim()).map((f) => f.label);
  if (missing.length > 0) throw new DomainError('MISSING_FIELDS', missing.join(', '));
  const kept: Record<string, string> = {};
  const problems: string[] = [];
  for (const field of procedure.fields) {
    const value = given[field.key]?.trim();
    if (!value) continue;
    const checked = checkFieldValue(field, value);
    if (checked.ok) kept[field.key] = checked.value;
    else problems.push(`${field.label} ${checked.reason}`);
  }
  if (problems.length > 0) throw new DomainError('FIELD_INVALID', problems.join('; '));
  return kept;
}

/** An organisation needs its tax code and its representative; a citizen has neither. */
function checkApplicant(applicant: Applicant): Applicant {
  const trimmed: Applicant = { ...applicant, name: applicant.name.trim() };
  if (!trimmed.name) throw new DomainError('VALIDATION', 'applicant name is empty');
  if (applicant.type === 'business') {
    const missing = [!applicant.taxCode && 'mã số thuế', !applicant.representative?.trim() && 'người đại diện'].filter(
      Boolean,
    );
    if (missing.length > 0) throw new DomainError('APPLICANT_INVALID', `tổ chức cần ${missing.join(' và ')}`);
    trimmed.representative = applicant.representative!.trim();
  } else if (applicant.taxCode || applicant.representative) {
    throw new DomainError('APPLICANT_INVALID', 'mã số thuế và người đại diện chỉ dành cho tổ chức');
  }
  return trimmed;
}

/** A document as kept: its kind, and `original` consistent with it for older readers. */
function documentOf(d: DossierDocument): DossierDocument {
  if (d.kind && d.original !== undefined && d.original !== (d.kind === 'original')) {
    throw new DomainError('VALIDATION', `document "${d.name}": kind ${d.kind} contradicts original=${d.original}`);
  }
  const kind = documentKindOf(d);
  return { name: d.name.trim(), copies: d.copies, kind, original: kind === 'original' };
}

/** What a corrected "push dossier" body needs at least for the province to route it. */
function isPushDossierShape(p: Record<string, unknown>): boolean {
  return typeof p.procedureCode === 'string' && !!unitCodeOf(p.handlingUnit) && !!unitCodeOf(p.receivingUnit);
}

/** The code of a unit in a message body, if it has one. */
const unitCodeOf = (u: unknown): string | null =>
  typeof u === 'object' && u !== null && 'code' in u && typeof u.code === 'string' && u.code ? u.code : null;

/** The dossier as the province's "push dossier" service takes it. */
function pushDossierOf(d: NewDossier): PushDossier {
  return {
    code: d.code,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    areaCode: d.areaCode,
    applicant: {
      name: d.applicant.name,
      type: d.applicant.type === 'citizen' ? 1 : 2,
      idNumber: d.applicant.idNumber,
      phone: d.applicant.phone ?? null,
      email: d.applicant.email ?? null,
    },
    ...(d.applicant.type === 'business'
      ? { organisation: { taxCode: d.applicant.taxCode ?? '', representative: d.applicant.representative ?? '' } }
      : {}),
    summary: `${d.procedureName} — ${d.applicant.name}`,
    receivedDate: toProvinceDate(d.receivedAt),
    dueDate: toProvinceDate(d.dueAt),
    statusCode: nationalStatusCode(d.status, d.filedVia),
    deliveryForm: d.resultBy === 'post' ? 2 : 1,
    channel: FILING_CHANNEL_CODE[d.filedVia],
    receivingUnit: { code: d.receivingCenter.agencyCode, name: d.receivingCenter.name },
    handlingUnit: {
      code: d.authority.code,
      name: d.authority.name,
      level: d.authority.level,
      statsCode: d.authority.statsCode,
    },
    documents: d.documents.map(pushDocumentOf),
    fee: d.fee,
  };
}

function pushDocumentOf(doc: DossierDocument): PushDossier['documents'][number] {
  const kind = documentKindOf(doc);
  return { name: doc.name, copies: doc.copies, kind, original: kind === 'original' };
}
