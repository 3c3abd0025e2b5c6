// Province setup: a center's opening hours, the province calendar (per year) and the audit log. Every change
// is validated, written with its audit record in one transaction, and pushed live to the centers concerned.
import type {
  AuditEntityKind,
  AuditPage,
  AuditQuery,
  CalendarOverview,
  CalendarWarning,
  CalendarYear,
  CalendarYearBody,
  CenterHours,
  CenterHoursEvent,
  CenterOpening,
  OpeningHours,
  StaffUser,
} from '@luot/contract';
import { isRealDay } from '../engine/calendar.ts';
import { DomainError } from '../engine/domain-error.ts';
import { hoursProblems, isoWeekdayOf } from '../engine/opening.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import { NATIONAL_CALENDAR } from '../dossier/holidays.ts';
import type { Clock } from '../queue/service.ts';
import type { Store, Tx } from '../store/store.ts';
import { centerOpening } from './calendar-data.ts';

/** What an audit record says of a change, besides who and when. */
export interface AuditChange {
  centerId: string | null;
  action: string;
  entityKind: AuditEntityKind;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Writes the audit record of a change, in the transaction of the change. */
export async function recordAudit(tx: Tx, user: Actor, at: Date, change: AuditChange): Promise<void> {
  await tx.setup.insertAudits([
    { at: at.toISOString(), actor: user.username, role: user.role, provinceId: user.provinceId, ...change },
  ]);
}

/** Who made a change: a signed-in user, or the system (seed). */
export interface Actor {
  username: string;
  role: string;
  provinceId: string;
}

/** Who seeds: the system at start, not a person. */
const SYSTEM = { username: 'system', role: 'system', provinceId: '' } as const;

export type HoursListener = (event: CenterHoursEvent) => void;

export class SetupService {
  private readonly listeners = new Set<HoursListener>();

  constructor(
    readonly store: Store,
    private readonly clock: Clock = () => new Date(),
  ) {}

  /** Listen to opening changes (hours or calendar), after their commit. */
  onHours(listener: HoursListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async push(tx: Tx, centerIds: string[]): Promise<void> {
    const now = this.clock();
    const events: CenterHoursEvent[] = [];
    for (const id of centerIds) {
      const center = await tx.center(id);
      if (center)
        events.push({
          centerId: id,
          opening: await centerOpening(
            tx,
            center,
            (await tx.areas(id)).map((a) => a.id),
            now,
          ),
        });
    }
    tx.afterCommit(() => events.forEach((e) => this.listeners.forEach((l) => l(e))));
  }

  private async mustCenter(tx: Tx, centerId: string) {
    const center = await tx.center(centerId);
    if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
    return center;
  }

  hours(centerId: string): Promise<CenterHours> {
    return this.store.transaction(async (tx) => {
      await this.mustCenter(tx, centerId);
      const stored = await tx.setup.centerHours(centerId);
      return {
        centerId,
        hours: stored?.hours ?? null,
        updatedAt: stored?.updatedAt ?? null,
        updatedBy: stored?.updatedBy ?? null,
      };
    });
  }

  setHours(centerId: string, hours: OpeningHours, user: Actor): Promise<CenterHours> {
    return this.store.transaction(async (tx) => {
      const center = await this.mustCenter(tx, centerId);
      const problems = hoursProblems(
        hours,
        (await tx.areas(centerId)).map((a) => a.id),
      );
      if (problems.length > 0) throw new DomainError('HOURS_INVALID', problems.join('; '));
      const sorted: OpeningHours = {
        ...hours,
        exceptions: [...hours.exceptions].sort((a, b) => a.day.localeCompare(b.day)),
      };
      const before = await tx.setup.centerHours(centerId);
      const now = this.clock();
      const stored = { hours: sorted, updatedAt: now.toISOString(), updatedBy: user.username };
      await tx.setup.setCenterHours(centerId, stored);
      await recordAudit(tx, user, now, {
        centerId,
        action: before ? 'update' : 'create',
        entityKind: 'center_hours',
        entityId: centerId,
        before: before?.hours ?? null,
        after: sorted,
      });
      await this.push(tx, [center.id]);
      return { centerId, ...stored };
    });
  }

  /** Public: what a kiosk shows. */
  opening(centerId: string): Promise<CenterOpening> {
    return this.store.transaction(async (tx) => {
      const center = await this.mustCenter(tx, centerId);
      return centerOpening(
        tx,
        center,
        (await tx.areas(centerId)).map((a) => a.id),
        this.clock(),
      );
    });
  }

  calendarOverview(provinceId: string): Promise<CalendarOverview> {
    return this.store.transaction(async (tx) => {
      const years = await tx.setup.calendarYears(provinceId);
      const days = await tx.setup.calendarDays(provinceId, '0000-01-01', '9999-12-31');
      const count = (year: number, kind: string) =>
        days.filter((d) => d.day.startsWith(`${year}-`) && d.kind === kind).length;
      return {
        provinceId,
        years: years.map((y) => ({
          year: y.year,
          status: y.status,
          note: y.note,
          offDays: count(y.year, 'off'),
          workingDays: count(y.year, 'working'),
        })),
        warnings: warningsOf(years, Number(serviceDayOf(this.clock()).slice(0, 4))),
      };
    });
  }

  calendarYear(provinceId: string, year: number): Promise<CalendarYear> {
    return this.store.transaction((tx) => this.readYear(tx, provinceId, year));
  }

  private async readYear(tx: Tx, provinceId: string, year: number): Promise<CalendarYear> {
    const y = (await tx.setup.calendarYears(provinceId)).find((r) => r.year === year);
    const days = await tx.setup.calendarDays(provinceId, `${year}-01-01`, `${year}-12-31`);
    // A year without data reads as an empty year to verify: the editor starts from it.
    return {
      provinceId,
      year,
      status: y?.status ?? 'to_verify',
      note: y?.note ?? null,
      days,
      updatedAt: y?.updatedAt ?? null,
      updatedBy: y?.updatedBy ?? null,
    };
  }

  setCalendarYear(year: number, body: CalendarYearBody, user: StaffUser): Promise<CalendarYear> {
    return this.store.transaction(async (tx) => {
      const problems = calendarProblems(year, body);
      if (problems.length > 0) throw new DomainError('CALENDAR_INVALID', problems.join('; '));
      const provinceId = user.provinceId;
      const known = (await tx.setup.calendarYears(provinceId)).some((y) => y.year === year);
      const before = known ? await this.readYear(tx, provinceId, year) : null;
      const now = this.clock();
      const days = [...body.days].sort((a, b) => a.day.localeCompare(b.day));
      await tx.setup.setCalendarYear(
        provinceId,
        { year, status: body.status, note: body.note, updatedAt: now.toISOString(), updatedBy: user.username },
        days,
      );
      const after = { status: body.status, note: body.note, days };
      await recordAudit(tx, user, now, {
        centerId: null,
        action: before ? 'update' : 'create',
        entityKind: 'calendar_year',
        entityId: `${provinceId}:${year}`,
        before: before ? { status: before.status, note: before.note, days: before.days } : null,
        after,
      });
      const centers = (await this.store.centers()).filter((c) => c.provinceId === provinceId).map((c) => c.id);
      await this.push(tx, centers);
      return this.readYear(tx, provinceId, year);
    });
  }

  /** Audit entries: an administrator's whole province, a manager's own center only. */
  audit(user: StaffUser, query: AuditQuery): Promise<AuditPage> {
    const centerId = user.role === 'admin' ? (query.centerId ?? null) : user.centerId;
    if (user.role !== 'admin' && query.centerId && query.centerId !== user.centerId)
      throw new DomainError('WRONG_CENTER', query.centerId);
    const instant = (v: string | undefined, name: string) => {
      if (v === undefined) return null;
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new DomainError('VALIDATION', `${name} must be an ISO date-time`);
      return new Date(t).toISOString();
    };
    const filter = {
      provinceId: user.provinceId,
      centerId,
      entityKind: query.entityKind ?? null,
      entityId: query.entityId ?? null,
      actor: query.actor ?? null,
      from: instant(query.from, 'from'),
      to: instant(query.to, 'to'),
      limit: query.limit,
      offset: query.offset,
    };
    return this.store.transaction(async (tx) => ({
      ...(await tx.setup.auditEntries(filter)),
      limit: query.limit,
      offset: query.offset,
    }));
  }

  /**
   * Gives every province without a calendar the national one (seed data, 2025–2027), so due dates and
   * holidays work from the first start. Returns the warnings of each province for the start log.
   */
  async seedCalendars(): Promise<{ provinceId: string; warnings: CalendarWarning[] }[]> {
    const provinces = [...new Set((await this.store.centers()).map((c) => c.provinceId))];
    const out: { provinceId: string; warnings: CalendarWarning[] }[] = [];
    for (const provinceId of provinces) {
      await this.store.transaction(async (tx) => {
        if ((await tx.setup.calendarYears(provinceId)).length > 0) return;
        const now = this.clock();
        for (const [year, body] of Object.entries(NATIONAL_CALENDAR)) {
          await tx.setup.setCalendarYear(
            provinceId,
            {
              year: Number(year),
              status: body.status,
              note: body.note,
              updatedAt: now.toISOString(),
              updatedBy: SYSTEM.username,
            },
            body.days,
          );
          await recordAudit(tx, { ...SYSTEM, provinceId }, now, {
            centerId: null,
            action: 'seed',
            entityKind: 'calendar_year',
            entityId: `${provinceId}:${year}`,
            before: null,
            after: body,
          });
        }
      });
      out.push({ provinceId, warnings: (await this.calendarOverview(provinceId)).warnings });
    }
    return out;
  }
}

/** The current and next year's gaps: no data, or data still to verify. */
function warningsOf(years: { year: number; status: string }[], current: number): CalendarWarning[] {
  const warnings: CalendarWarning[] = [];
  for (const year of [current, current + 1]) {
    const y = years.find((r) => r.year === year);
    if (!y)
      warnings.push({
        year,
        kind: 'missing',
        message: `No calendar for ${year}: public holidays are unknown, due dates count weekends only. Enter the year's days off.`,
        messageVi: `Chưa có lịch nghỉ lễ năm ${year}: hạn trả kết quả chỉ trừ thứ Bảy, Chủ nhật. Hãy nhập ngày nghỉ của năm.`,
      });
    else if (y.status === 'to_verify')
      warnings.push({
        year,
        kind: 'to_verify',
        message: `The ${year} calendar is still to verify against the Government's notice.`,
        messageVi: `Lịch nghỉ lễ năm ${year} cần đối chiếu với thông báo của Chính phủ.`,
      });
  }
  return warnings;
}

/** A year's days: in that year, one entry a day, a make-up working day only on a weekend. */
function calendarProblems(year: number, body: CalendarYearBody): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const d of body.days) {
    if (!d.day.startsWith(`${year}-`)) problems.push(`${d.day} is not in ${year}`);
    else if (!isRealDay(d.day)) problems.push(`${d.day} is not a date`);
    else if (d.kind === 'working' && isoWeekdayOf(d.day) < 6)
      problems.push(`${d.day} is a weekday: only a Saturday or Sunday can be a make-up working day`);
    if (seen.has(d.day)) problems.push(`${d.day} appears twice`);
    seen.add(d.day);
  }
  return problems;
}
