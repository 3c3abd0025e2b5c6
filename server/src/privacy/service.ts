// Personal data (Law 91/2025/QH15, Decree 356/2025): the register, the nightly retention run, consents, a person's
// requests with their legal deadlines (reply within 2 working days of the province calendar; complete within 15
// days), and the record of every view of personal data by staff. Every change is audited.
import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import type {
  Applicant,
  ApplicantCorrection,
  ConsentRecord,
  NewPrivacyRequest,
  PersonalDataRegister,
  PersonalDataReport,
  PersonalDataView,
  PersonalViewKind,
  PrivacyOutcome,
  PrivacyRequest,
  PrivacyRequestState,
  StaffUser,
} from '@luot/contract';
import { maskPhone } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { CENTER_TIME_ZONE, serviceDayOf } from '../engine/service-day.ts';
import { type CitizenSecrets, normalPhone } from '../online/codes.ts';
import type { Clock } from '../queue/service.ts';
import { loadCalendar } from '../setup/calendar-data.ts';
import { CLOSED_DOSSIER_STATUSES, type PersonDossier, type StoredPrivacyRequest } from '../store/privacy.ts';
import type { NewAuditEntry } from '../store/setup.ts';
import type { Store, Tx } from '../store/store.ts';
import { REGISTER, type RetentionDays } from './register.ts';

/** Days to reply (working days) and to complete (days) a request. */
export const REPLY_WORKING_DAYS = 2;
export const COMPLETE_DAYS = 15;
/** Rows anonymised per transaction: a long backlog never holds the store for long. */
const BATCH = 200;
const DAY_MS = 86_400_000;

export interface PrivacyOptions {
  clock: Clock;
  retention: { days: RetentionDays; hour: number };
  /** The keyed digest of phones (online numbers, appointments, one-time codes). */
  secrets: CitizenSecrets;
}

/** What an applicant becomes once anonymised: the kind stays (for the counts), nothing that names a person. */
export const anonymousApplicant = (a: Applicant): Applicant => ({
  name: 'Đã ẩn danh',
  type: a.type,
  idNumber: 'ANONYMISED',
});

const maskId = (id: string) => `${'*'.repeat(Math.max(0, id.length - 3))}${id.slice(-3)}`;

/** The forms a phone may have been written in (applicant field, notification opt-in). */
const phoneForms = (phone: string | null): string[] => {
  if (!phone) return [];
  const bare = phone.replace(/[ .]/g, '');
  const local = normalPhone(bare);
  return [...new Set([phone, bare, local, local.startsWith('0') ? `+84${local.slice(1)}` : local])];
};

export class PrivacyService {
  private lastRunDay: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly options: PrivacyOptions,
  ) {}

  private now() {
    return this.options.clock();
  }

  /** The centers a user may see: a manager's own, an administrator's whole province (or one of it). */
  private async scope(user: StaffUser, centerId: string | null = null): Promise<string[]> {
    if (user.role !== 'admin') {
      if (!user.centerId || (centerId !== null && centerId !== user.centerId))
        throw new DomainError('WRONG_CENTER', centerId ?? '');
      return [user.centerId];
    }
    const centers = (await this.store.centers()).filter((c) => c.provinceId === user.provinceId);
    if (centerId === null) return centers.map((c) => c.id);
    if (!centers.some((c) => c.id === centerId)) throw new DomainError('CENTER_NOT_FOUND', centerId);
    return [centerId];
  }

  private audit(
    tx: Tx,
    user: StaffUser,
    centerId: string,
    entry: Pick<NewAuditEntry, 'action' | 'entityKind' | 'entityId' | 'before' | 'after'>,
  ) {
    return tx.setup.insertAudits([
      {
        at: this.now().toISOString(),
        actor: user.username,
        role: user.role,
        provinceId: user.provinceId,
        centerId,
        ...entry,
      },
    ]);
  }

  async register(user: StaffUser): Promise<PersonalDataRegister> {
    const centers = await this.scope(user);
    const { counts, runs } = await this.store.transaction(async (tx) => ({
      counts: await tx.privacy.heldCounts(centers),
      runs: await tx.privacy.retentionRuns(10),
    }));
    const days = this.options.retention.days;
    return {
      entries: REGISTER.map(({ counts: key, ...line }) => ({
        ...line,
        retentionDays: line.retention ? days[line.retention] : null,
        held: counts[key]?.held ?? 0,
        anonymised: counts[key]?.anonymised ?? 0,
      })),
      retentionDays: { ...days },
      retentionHour: this.options.retention.hour,
      lastRuns: runs,
    };
  }

  /** Runs retention once a night: at the first tick at or after the configured local hour of a new day. */
  async tick(): Promise<Record<string, number> | null> {
    const now = this.now();
    const day = serviceDayOf(now);
    const localHour = new TZDate(now.getTime(), CENTER_TIME_ZONE).getHours();
    if (this.lastRunDay === day || localHour < this.options.retention.hour) return null;
    this.lastRunDay = day;
    return this.runRetention();
  }

  /**
   * Anonymises or deletes what outlived its retention period, keeping every row (reports count them): applicant
   * data and details of closed dossiers, notification subscriptions of past tickets, phone digests of online
   * tickets and appointments, one-time codes, delivered sync payloads, requesters of closed requests.
   */
  async runRetention(): Promise<Record<string, number>> {
    const now = this.now();
    const at = now.toISOString();
    const days = this.options.retention.days;
    const before = (n: number) => new Date(now.getTime() - n * DAY_MS).toISOString();
    const beforeDay = (n: number) => serviceDayOf(new Date(now.getTime() - n * DAY_MS));
    const counts: Record<string, number> = {};
    const add = (more: Record<string, number>) => {
      for (const [k, v] of Object.entries(more)) counts[k] = (counts[k] ?? 0) + v;
    };
    const inBatches = async (step: (tx: Tx) => Promise<number>) => {
      for (;;) if ((await this.store.transaction(step)) < BATCH) return;
    };
    await inBatches(async (tx) => {
      const rows = await tx.privacy.closedDossiersHolding(before(days.applicant), BATCH);
      for (const r of rows) await tx.privacy.anonymiseApplicant(r.code, anonymousApplicant(r.applicant), at);
      add({ 'dossiers.applicant': rows.length });
      return rows.length;
    });
    await inBatches(async (tx) => {
      const codes = await tx.privacy.closedDossiersWithDetails(before(days.documents), BATCH);
      for (const code of codes) await tx.privacy.clearDossierDetails(code);
      add({ 'dossiers.details': codes.length });
      return codes.length;
    });
    await inBatches(async (tx) => {
      const tickets = await tx.privacy.ticketsWithEndedSubscriptions(beforeDay(days.phones), BATCH);
      let n = 0;
      for (const id of tickets) {
        n += await tx.notify.deleteSubscriptionsOfTicket(id, null);
        await tx.notify.endConsents(id, null, at, 'retention');
      }
      add({ notify_subscriptions: n });
      return tickets.length;
    });
    await this.store.transaction(async (tx) => {
      add(await tx.privacy.eraseTicketLinks(beforeDay(days.ticketLinks), before(days.ticketLinks)));
      add({ outbox: await tx.privacy.clearSyncPayloads(before(days.logs), []) });
      add({ privacy_requests: await tx.privacy.forgetRequesters(before(days.logs)) });
      await tx.privacy.insertRetentionRun(at, counts);
    });
    return counts;
  }

  /** Records that a staff member saw personal data (a dossier, its receipt, a center's list, a request). */
  async recordView(user: StaffUser, centerId: string, what: PersonalViewKind, ref: string): Promise<void> {
    const center = await this.store.transaction((tx) => tx.center(centerId));
    await this.store.transaction((tx) =>
      tx.privacy.insertView({
        at: this.now().toISOString(),
        actor: user.username,
        role: user.role,
        provinceId: center?.provinceId ?? user.provinceId,
        centerId,
        what,
        ref,
      }),
    );
  }

  async views(
    user: StaffUser,
    centerId: string | null,
    ref: string | null,
    limit: number,
  ): Promise<PersonalDataView[]> {
    const centers = await this.scope(user, centerId);
    return this.store.transaction((tx) => tx.privacy.views(centers, ref, limit));
  }

  async consents(user: StaffUser, centerId: string | null, limit: number): Promise<ConsentRecord[]> {
    const centers = await this.scope(user, centerId);
    return this.store.transaction((tx) => tx.privacy.consents(centers, limit));
  }

  /** Withdraws a consent from the console (a person asked at the desk): what it allowed to keep goes with it. */
  async withdrawConsent(user: StaffUser, id: string, centerId: string | null): Promise<ConsentRecord> {
    const centers = await this.scope(user, centerId);
    return this.store.transaction(async (tx) => {
      const found = (await tx.privacy.consents(centers, 10_000)).find((c) => c.id === id);
      if (!found) throw new DomainError('PRIVACY_REQUEST_NOT_FOUND', id);
      const at = this.now().toISOString();
      const ended = await tx.privacy.endConsent(id, at, 'withdrawn');
      if (!ended) throw new DomainError('PRIVACY_REQUEST_CLOSED', id);
      if (ended.source === 'notify')
        await tx.notify.deleteSubscriptionsOfTicket(ended.ref, found.channel === 'webpush' ? 'webpush' : 'sms');
      const center = (await tx.ticket(ended.ref))?.centerId ?? centers[0];
      await this.audit(tx, user, center, {
        action: 'consent.withdraw',
        entityKind: 'consent',
        entityId: id,
        before: { endedAt: null },
        after: { endedAt: at, purpose: found.purpose },
      });
      return { ...found, endedAt: at, endedReason: 'withdrawn' };
    });
  }

  private async view(r: StoredPrivacyRequest): Promise<PrivacyRequest> {
    const today = serviceDayOf(this.now());
    const open = r.state === 'open' || r.state === 'replied';
    return {
      id: r.id,
      centerId: r.centerId,
      kind: r.kind,
      idNumberMasked: r.idNumber === null ? null : r.idNumber.includes('*') ? r.idNumber : maskId(r.idNumber),
      phoneMasked: r.phone === null ? null : r.phone.includes('*') ? r.phone : maskPhone(normalPhone(r.phone)),
      detail: r.detail,
      receivedAt: r.receivedAt,
      receivedBy: r.receivedBy,
      replyDue: r.replyDue,
      completeDue: r.completeDue,
      state: r.state,
      repliedAt: r.repliedAt,
      completedAt: r.completedAt,
      handledBy: r.handledBy,
      outcome: r.outcome,
      replyOverdue: r.state === 'open' && today > r.replyDue,
      completeOverdue: open && today > r.completeDue,
    };
  }

  /** Records a person's request with its deadlines on the province's working calendar. */
  async createRequest(user: StaffUser, body: NewPrivacyRequest): Promise<PrivacyRequest> {
    const [centerId] = await this.scope(user, body.centerId);
    if (!body.idNumber && !body.phone) throw new DomainError('PRIVACY_SUBJECT_REQUIRED');
    const received = body.receivedAt ? new Date(body.receivedAt) : this.now();
    const stored = await this.store.transaction(async (tx) => {
      const center = await tx.center(centerId);
      if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
      const calendar = await loadCalendar(tx, center.provinceId, received);
      const day = serviceDayOf(received);
      const r: StoredPrivacyRequest = {
        id: randomUUID(),
        provinceId: center.provinceId,
        centerId,
        kind: body.kind,
        idNumber: body.idNumber ?? null,
        phone: body.phone ?? null,
        detail: body.detail ?? null,
        receivedAt: received.toISOString(),
        receivedBy: user.username,
        replyDue: calendar.addWorkingDays(day, REPLY_WORKING_DAYS),
        completeDue: format(addDays(parseISO(day), COMPLETE_DAYS), 'yyyy-MM-dd'),
        state: 'open',
        repliedAt: null,
        completedAt: null,
        handledBy: null,
        outcome: null,
      };
      await tx.privacy.insertRequest(r);
      // The audit names the request, never the person's identifiers.
      await this.audit(tx, user, centerId, {
        action: 'privacy_request.create',
        entityKind: 'privacy_request',
        entityId: r.id,
        before: null,
        after: { kind: r.kind, replyDue: r.replyDue, completeDue: r.completeDue },
      });
      return r;
    });
    return this.view(stored);
  }

  async requests(user: StaffUser, centerId: string | null, state: PrivacyRequestState | null, limit: number) {
    const centers = await this.scope(user, centerId);
    const rows = await this.store.transaction((tx) => tx.privacy.requests(centers, state, limit));
    return Promise.all(rows.map((r) => this.view(r)));
  }

  private async ownRequest(tx: Tx, user: StaffUser, id: string): Promise<StoredPrivacyRequest> {
    const r = await tx.privacy.request(id);
    if (!r || r.provinceId !== user.provinceId || (user.role !== 'admin' && r.centerId !== user.centerId))
      throw new DomainError('PRIVACY_REQUEST_NOT_FOUND', id);
    return r;
  }

  async request(user: StaffUser, id: string): Promise<PrivacyRequest> {
    return this.view(await this.store.transaction((tx) => this.ownRequest(tx, user, id)));
  }

  /** The person's data, as found by their identifiers (the answer to "see my data"); the view is recorded. */
  async personalData(user: StaffUser, id: string): Promise<PersonalDataReport> {
    const { centerId, report } = await this.store.transaction(async (tx) => {
      const r = await this.ownRequest(tx, user, id);
      return { centerId: r.centerId, report: (await this.findPerson(tx, r)).report };
    });
    await this.recordView(user, centerId, 'privacy_request', id);
    return report;
  }

  private async findPerson(tx: Tx, r: StoredPrivacyRequest) {
    const centers = (await this.store.centers()).filter((c) => c.provinceId === r.provinceId).map((c) => c.id);
    const phones = phoneForms(r.phone);
    const dossiers = await tx.privacy.dossiersOfPerson(centers, r.idNumber, phones);
    const live = dossiers.filter((d) => !d.anonymised);
    const subs = await tx.privacy.subscriptionsOf(
      phones,
      live.map((d) => d.ticketId),
    );
    const digest = r.phone ? this.options.secrets.phoneDigest(r.phone.replace(/[ .]/g, '')) : null;
    const holders = digest ? await tx.privacy.digestHolders(digest) : { onlineTickets: 0, appointments: 0, codes: 0 };
    const consents = digest ? await tx.privacy.onlineConsentsOf(digest) : [];
    const report: PersonalDataReport = {
      dossiers: live.map((d) => ({
        code: d.code,
        centerId: d.centerId,
        procedureName: d.procedureName,
        receivedAt: d.receivedAt,
        status: d.status,
        applicant: d.applicant,
      })),
      subscriptions: subs.length,
      onlineTickets: holders.onlineTickets,
      appointments: holders.appointments,
      consents: consents.map((c) => ({ purpose: c.purpose, givenAt: c.givenAt, withdrawnAt: c.endedAt })),
    };
    return { report, live, subs, digest };
  }

  /** The first answer to the person (within 2 working days). */
  async reply(user: StaffUser, id: string, note: string | null): Promise<PrivacyRequest> {
    const r = await this.store.transaction(async (tx) => {
      const r = await this.ownRequest(tx, user, id);
      if (r.state !== 'open') throw new DomainError('PRIVACY_REQUEST_CLOSED', id);
      const next: StoredPrivacyRequest = {
        ...r,
        state: 'replied',
        repliedAt: this.now().toISOString(),
        handledBy: user.username,
        outcome: note ? { counts: {}, note } : r.outcome,
      };
      await tx.privacy.updateRequest(next);
      await this.audit(tx, user, r.centerId, {
        action: 'privacy_request.reply',
        entityKind: 'privacy_request',
        entityId: id,
        before: { state: r.state },
        after: { state: next.state },
      });
      return next;
    });
    return this.view(r);
  }

  /**
   * Carries a request out: "see" finds the data, "correct" applies the correction to the person's dossiers, "delete"
   * anonymises their closed dossiers and erases their phone everywhere (a dossier still being processed is kept: the
   * law requires it, and the outcome says so), "withdraw", "restrict" and "object" stop what consent allowed
   * (notifications, the phone kept for online numbers). Or refuses it with a reason.
   */
  async complete(
    user: StaffUser,
    id: string,
    body: { correction?: ApplicantCorrection; refuse?: string },
  ): Promise<PrivacyRequest> {
    const r = await this.store.transaction(async (tx) => {
      const r = await this.ownRequest(tx, user, id);
      if (r.state === 'completed' || r.state === 'refused') throw new DomainError('PRIVACY_REQUEST_CLOSED', id);
      if (r.kind === 'correct' && !body.correction && !body.refuse)
        throw new DomainError('PRIVACY_CORRECTION_REQUIRED');
      const at = this.now().toISOString();
      const outcome: PrivacyOutcome = body.refuse
        ? { counts: {}, note: body.refuse }
        : await this.carryOut(tx, r, body.correction ?? null, at);
      // Once a person's data is deleted, the request keeps them only masked: it stays as proof of the handling.
      const erased = r.kind === 'delete' && !body.refuse;
      const next: StoredPrivacyRequest = {
        ...r,
        idNumber: erased && r.idNumber ? maskId(r.idNumber) : r.idNumber,
        phone: erased && r.phone ? maskPhone(normalPhone(r.phone)) : r.phone,
        state: body.refuse ? 'refused' : 'completed',
        repliedAt: r.repliedAt ?? at,
        completedAt: at,
        handledBy: user.username,
        outcome,
      };
      await tx.privacy.updateRequest(next);
      await this.audit(tx, user, r.centerId, {
        action: body.refuse ? 'privacy_request.refuse' : 'privacy_request.complete',
        entityKind: 'privacy_request',
        entityId: id,
        before: { state: r.state },
        after: { state: next.state, counts: outcome.counts },
      });
      return next;
    });
    return this.view(r);
  }

  private async carryOut(
    tx: Tx,
    r: StoredPrivacyRequest,
    correction: ApplicantCorrection | null,
    at: string,
  ): Promise<PrivacyOutcome> {
    const { report, live, subs, digest } = await this.findPerson(tx, r);
    switch (r.kind) {
      case 'access':
        return {
          counts: {
            dossiers: report.dossiers.length,
            subscriptions: report.subscriptions,
            onlineTickets: report.onlineTickets,
            appointments: report.appointments,
          },
        };
      case 'correct': {
        for (const d of live) await tx.privacy.correctApplicant(d.code, { ...d.applicant, ...correction });
        return { counts: { dossiers: live.length } };
      }
      case 'delete': {
        const isClosed = (d: PersonDossier) => CLOSED_DOSSIER_STATUSES.includes(d.status);
        const done = live.filter(isClosed);
        const kept = live.filter((d) => !isClosed(d));
        for (const d of done) {
          await tx.privacy.anonymiseApplicant(d.code, anonymousApplicant(d.applicant), at);
          await tx.privacy.clearDossierDetails(d.code);
        }
        const counts: Record<string, number> = {
          dossiers: done.length,
          dossiersKeptInProcess: kept.length,
          outbox: await tx.privacy.clearSyncPayloads(
            null,
            done.map((d) => d.code),
          ),
          ratings: await tx.privacy.clearComments(done.map((d) => d.ticketId)),
          ...(await this.stopConsented(tx, subs, digest, at, 'erased')),
        };
        return {
          counts,
          ...(kept.length
            ? {
                note: `Hồ sơ đang giải quyết được giữ theo nghĩa vụ pháp lý: ${kept.map((d) => d.code).join(', ')}`,
              }
            : {}),
        };
      }
      case 'withdraw':
      case 'restrict':
      case 'object':
        return { counts: await this.stopConsented(tx, subs, digest, at, 'withdrawn') };
    }
  }

  /** What consent allowed goes: notification subscriptions (their consents end) and the phone digest everywhere. */
  private async stopConsented(
    tx: Tx,
    subs: { id: string; ticketId: string }[],
    digest: string | null,
    at: string,
    reason: string,
  ): Promise<Record<string, number>> {
    for (const s of subs) await tx.notify.deleteSubscription(s.id);
    for (const ticket of new Set(subs.map((s) => s.ticketId))) await tx.notify.endConsents(ticket, null, at, reason);
    return { notify_subscriptions: subs.length, ...(digest ? await tx.privacy.eraseDigest(digest, at, reason) : {}) };
  }
}
