// Citizens' feedback and recommendations (phản ánh, kiến nghị) about a dossier: sent from the tracking page by
// the dossier's holder (code + secret) or recorded at the center by staff, handed to the province through the
// outbox (a `feedback` message), answered by the center's manager (the province is told) or by the province
// (its signed webhook); the answer shows on the tracking page.
import type {
  AnswerFeedbackBody,
  CenterFeedbackBody,
  Dossier,
  Feedback,
  StaffUser,
  TrackedFeedback,
  TrackFeedbackBody,
} from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import {
  type FeedbackAnswerEvent,
  fromProvinceDate,
  type PushFeedback,
  toProvinceDate,
} from '../handoff/province-contract.ts';
import type { Clock } from '../queue/service.ts';
import { recordAudit } from '../setup/service.ts';
import type { Store, Tx } from '../store/store.ts';
import { holderTicket } from '../track/views.ts';

export interface FeedbackTx {
  insertFeedback(
    feedback: Omit<Feedback, 'id' | 'answer' | 'answeredAt' | 'answeredBy' | 'answerSource'>,
  ): Promise<number>;
  /** With 'update', its row stays locked until the commit: a manager and the province answering together take turns. */
  feedback(id: number, lock?: 'update'): Promise<Feedback | null>;
  feedbackOfDossier(code: string): Promise<Feedback[]>;
  /** A center's items: open ones oldest first (the longest waiting), others newest first. */
  feedbackOfCenter(centerId: string, state: 'open' | 'answered' | 'all', limit: number): Promise<Feedback[]>;
  answerFeedback(
    id: number,
    answer: { answer: string; at: string; by: string; source: 'center' | 'province' },
  ): Promise<void>;
}

const tracked = (f: Feedback): TrackedFeedback => ({
  id: f.id,
  kind: f.kind,
  content: f.content,
  createdAt: f.createdAt,
  answer: f.answer,
  answeredAt: f.answeredAt,
});

export class FeedbackService {
  constructor(
    private readonly store: Store,
    private readonly options: { clock: Clock; perHour: number; onOutbox?: () => void },
  ) {}

  /** Feedback one address may send from tracking pages per hour. */
  get perHour(): number {
    return this.options.perHour;
  }

  /** From the tracking page: the code and secret are the citizen's only credential. */
  fromCitizen(body: TrackFeedbackBody): Promise<TrackedFeedback> {
    return this.store.transaction(async (tx) => {
      const ticket = await holderTicket(tx, body.code, body.s);
      const dossier = await tx.dossiers.dossier(ticket.dossierCode);
      // A ticket still in line has no dossier to give feedback on yet: as unknown as a wrong code.
      if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND');
      return tracked(await this.record(tx, dossier, 'citizen', null, body));
    });
  }

  /** Recorded at the center by staff of the receiving center. */
  fromCenter(code: string, body: CenterFeedbackBody, user: StaffUser): Promise<Feedback> {
    return this.store.transaction(async (tx) => {
      const dossier = await tx.dossiers.dossier(code);
      if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', code);
      return this.record(tx, dossier, 'center', user.username, body);
    });
  }

  private async record(
    tx: Tx,
    dossier: Dossier,
    source: Feedback['source'],
    createdBy: string | null,
    body: CenterFeedbackBody,
  ): Promise<Feedback> {
    const at = this.options.clock().toISOString();
    const content = body.content.trim();
    const id = await tx.feedback.insertFeedback({
      dossierCode: dossier.code,
      centerId: dossier.receivingCenter.id,
      kind: body.kind,
      source,
      content,
      createdAt: at,
      createdBy,
    });
    const payload: PushFeedback = {
      code: dossier.code,
      feedbackId: id,
      kind: body.kind,
      source,
      content,
      date: toProvinceDate(at),
      unit: { code: dossier.receivingCenter.agencyCode, name: dossier.receivingCenter.name },
    };
    await tx.dossiers.enqueue({
      dossierCode: dossier.code,
      kind: 'feedback',
      idempotencyKey: `feedback:${id}`,
      payload,
      at,
    });
    this.kick(tx);
    return (await tx.feedback.feedback(id))!;
  }

  /** The holder's own dossier's feedback with the answers (code + secret). */
  ofHolder(code: string, secret: string): Promise<TrackedFeedback[]> {
    return this.store.transaction(async (tx) => {
      const ticket = await holderTicket(tx, code, secret);
      return (await tx.feedback.feedbackOfDossier(ticket.dossierCode)).map(tracked);
    });
  }

  list(centerId: string, state: 'open' | 'answered' | 'all', limit: number): Promise<Feedback[]> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.center(centerId))) throw new DomainError('CENTER_NOT_FOUND', centerId);
      return tx.feedback.feedbackOfCenter(centerId, state, limit);
    });
  }

  ofDossier(code: string): Promise<Feedback[]> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.dossiers.dossier(code))) throw new DomainError('DOSSIER_NOT_FOUND', code);
      return tx.feedback.feedbackOfDossier(code);
    });
  }

  /** The center whose manager may answer it (null: unknown), for the route's check. */
  centerOf(id: number): Promise<string | null> {
    return this.store.transaction(async (tx) => (await tx.feedback.feedback(id))?.centerId ?? null);
  }

  /** The center's manager answers: kept, audited, and sent to the province so it closes the item too. */
  answer(id: number, body: AnswerFeedbackBody, user: StaffUser): Promise<Feedback> {
    return this.store.transaction(async (tx) => {
      const before = await tx.feedback.feedback(id, 'update');
      if (!before) throw new DomainError('FEEDBACK_NOT_FOUND', String(id));
      if (before.answeredAt) throw new DomainError('FEEDBACK_ANSWERED', String(id));
      const now = this.options.clock();
      const at = now.toISOString();
      const answer = body.answer.trim();
      await tx.feedback.answerFeedback(id, { answer, at, by: user.username, source: 'center' });
      const dossier = (await tx.dossiers.dossier(before.dossierCode))!;
      const payload: PushFeedback = {
        code: before.dossierCode,
        feedbackId: id,
        kind: before.kind,
        source: before.source,
        content: before.content,
        date: toProvinceDate(before.createdAt),
        unit: { code: dossier.receivingCenter.agencyCode, name: dossier.receivingCenter.name },
        answer,
        answeredDate: toProvinceDate(at),
      };
      await tx.dossiers.enqueue({
        dossierCode: before.dossierCode,
        kind: 'feedback',
        idempotencyKey: `feedback:${id}:answer`,
        payload,
        at,
      });
      this.kick(tx);
      const after = (await tx.feedback.feedback(id))!;
      await recordAudit(tx, user, now, {
        centerId: before.centerId,
        action: 'answer',
        entityKind: 'feedback',
        entityId: String(id),
        before,
        after,
      });
      return after;
    });
  }

  /**
   * The province's answer (its signed webhook, or a lookup): kept once. An item already answered (by the center,
   * or a repeated webhook) keeps its first answer; `applied` says whether this one was kept.
   */
  provinceAnswer(event: FeedbackAnswerEvent): Promise<{ applied: boolean }> {
    return this.store.transaction(async (tx) => {
      const before = await tx.feedback.feedback(event.feedbackId, 'update');
      if (!before || before.dossierCode !== event.code)
        throw new DomainError('FEEDBACK_NOT_FOUND', String(event.feedbackId));
      if (before.answeredAt) return { applied: false };
      await tx.feedback.answerFeedback(event.feedbackId, {
        answer: event.answer.trim(),
        at: fromProvinceDate(event.date).toISOString(),
        by: event.unit.name,
        source: 'province',
      });
      return { applied: true };
    });
  }

  private kick(tx: Tx) {
    const kick = this.options.onOutbox;
    if (kick) tx.afterCommit(kick);
  }
}
