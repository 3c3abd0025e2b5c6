// Province setup: opening hours of a center, the province's working calendar (public holidays and make-up
// working days, per year) and the audit log of every configuration change.
import { Type, type Static } from 'typebox';
import { Id } from './model.ts';

/** A local time of day, 24-hour "HH:mm" (Asia/Ho_Chi_Minh). */
export const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:mm, 24-hour, local time',
});
/** A local day, yyyy-MM-dd. */
export const LocalDay = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'yyyy-MM-dd',
});

/** One opening interval of a day: from `from` (included) to `to` (excluded). */
export const TimeInterval = Type.Object({ from: ClockTime, to: ClockTime }, { additionalProperties: false });
export type TimeInterval = Static<typeof TimeInterval>;

/** A day's intervals, in order and not overlapping (checked by the server); empty: closed that day. */
const DayIntervals = Type.Array(TimeInterval, { maxItems: 6 });

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WeeklyHours = Type.Object(
  {
    mon: DayIntervals,
    tue: DayIntervals,
    wed: DayIntervals,
    thu: DayIntervals,
    fri: DayIntervals,
    sat: DayIntervals,
    sun: DayIntervals,
  },
  { additionalProperties: false },
);
export type WeeklyHours = Static<typeof WeeklyHours>;

/** A day of this center that differs from its week: closed (no intervals) or open with its own hours. */
export const HoursException = Type.Object(
  { day: LocalDay, intervals: DayIntervals, note: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]) },
  { additionalProperties: false },
);
export type HoursException = Static<typeof HoursException>;

/**
 * A center's opening hours. On a province make-up working day (a Saturday worked) the center keeps its Monday
 * hours; on a public holiday it is closed, unless an exception of the center says otherwise.
 */
export const OpeningHours = Type.Object(
  {
    weekly: WeeklyHours,
    exceptions: Type.Array(HoursException, { maxItems: 400 }),
    /** Last ticket of the day for every area (null: until closing). */
    lastTicket: Type.Union([ClockTime, Type.Null()]),
    /** Last ticket per service area id, overriding `lastTicket`. */
    areaLastTicket: Type.Record(Id, ClockTime),
  },
  { additionalProperties: false },
);
export type OpeningHours = Static<typeof OpeningHours>;

export const CenterHours = Type.Object({
  centerId: Id,
  /** null: no hours set, the kiosk issues at any time (a warning in the console). */
  hours: Type.Union([OpeningHours, Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type CenterHours = Static<typeof CenterHours>;

export const OpeningReason = Type.Union([
  Type.Literal('open'),
  Type.Literal('before_opening'),
  Type.Literal('break'),
  Type.Literal('after_last_ticket'),
  Type.Literal('after_closing'),
  Type.Literal('weekly_closed'),
  Type.Literal('holiday'),
  Type.Literal('closed_day'),
  Type.Literal('no_hours'),
]);
export type OpeningReason = Static<typeof OpeningReason>;

/** A local moment: what a kiosk shows ("07:30 thứ Hai, 30/11/2026") without knowing the time zone. */
export const LocalMoment = Type.Object({
  at: Type.String({ description: 'ISO instant' }),
  day: LocalDay,
  time: ClockTime,
  /** 1 = Monday … 7 = Sunday. */
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
});
export type LocalMoment = Static<typeof LocalMoment>;

/** Whether tickets are issued now, why, and when they are next. */
export const OpeningStatus = Type.Object({
  open: Type.Boolean(),
  reason: OpeningReason,
  /** When tickets are issued again (null while open, or when nothing opens within a year). */
  nextOpening: Type.Union([LocalMoment, Type.Null()]),
  /** While open: the end of the current interval, or the last-ticket time if earlier. */
  closesAt: Type.Union([LocalMoment, Type.Null()]),
  /** Set when the calendar has no data for this year: holidays are not known. */
  calendarWarning: Type.Union([Type.String(), Type.Null()]),
});
export type OpeningStatus = Static<typeof OpeningStatus>;

export const CenterOpening = Type.Object({
  centerId: Id,
  status: OpeningStatus,
  /** Areas past their own last-ticket time while the center is open. */
  closedAreas: Type.Array(Id),
});
export type CenterOpening = Static<typeof CenterOpening>;

export const OpeningQuery = Type.Object({ areaId: Type.Optional(Id) });

export const CalendarDayKind = Type.Union([Type.Literal('off'), Type.Literal('working')]);
export type CalendarDayKind = Static<typeof CalendarDayKind>;

/** `off`: a weekday without service (public holiday, bridge day); `working`: a weekend day worked (make-up). */
export const CalendarDay = Type.Object(
  { day: LocalDay, kind: CalendarDayKind, note: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]) },
  { additionalProperties: false },
);
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarYearStatus = Type.Union([Type.Literal('verified'), Type.Literal('to_verify')]);
export type CalendarYearStatus = Static<typeof CalendarYearStatus>;

export const CalendarYearBody = Type.Object(
  {
    status: CalendarYearStatus,
    /** Where the days come from (e.g. the Government Office notice) or what is left to check. */
    note: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
    days: Type.Array(CalendarDay, { maxItems: 120 }),
  },
  { additionalProperties: false },
);
export type CalendarYearBody = Static<typeof CalendarYearBody>;

export const CalendarYear = Type.Object({
  provinceId: Id,
  year: Type.Integer(),
  status: CalendarYearStatus,
  note: Type.Union([Type.String(), Type.Null()]),
  days: Type.Array(CalendarDay),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type CalendarYear = Static<typeof CalendarYear>;

export const CalendarYearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

export const CalendarWarning = Type.Object({
  year: Type.Integer(),
  kind: Type.Union([Type.Literal('missing'), Type.Literal('to_verify')]),
  message: Type.String(),
  messageVi: Type.String(),
});
export type CalendarWarning = Static<typeof CalendarWarning>;

export const CalendarOverview = Type.Object({
  provinceId: Id,
  years: Type.Array(
    Type.Object({
      year: Type.Integer(),
      status: CalendarYearStatus,
      note: Type.Union([Type.String(), Type.Null()]),
      offDays: Type.Integer(),
      workingDays: Type.Integer(),
    }),
  ),
  /** The current and next year when they have no data or are still to verify. */
  warnings: Type.Array(CalendarWarning),
});
export type CalendarOverview = Static<typeof CalendarOverview>;

export const AUDIT_ENTITY_KINDS = [
  'procedure',
  'center_hours',
  'calendar_year',
  'center',
  'area',
  'counter',
  'device',
  'staff',
  'center_settings',
  'province',
  'outbox_message',
  'alert',
  'alert_rules',
  'privacy_request',
  'consent',
  'dossier_file',
  'feedback',
] as const;
export const AuditEntityKind = Type.Enum(AUDIT_ENTITY_KINDS);
export type AuditEntityKind = Static<typeof AuditEntityKind>;

/** One configuration change: who, when, what, and the entity before and after (null when created or removed). */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  role: Type.String(),
  provinceId: Id,
  centerId: Type.Union([Id, Type.Null()]),
  action: Type.String(),
  entityKind: AuditEntityKind,
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  /** A manager sees only their own center (the filter is forced); an administrator their whole province. */
  centerId: Type.Optional(Id),
  entityKind: Type.Optional(AuditEntityKind),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  /** From this instant (included), ISO. */
  from: Type.Optional(Type.String({ maxLength: 40 })),
  /** Until this instant (excluded), ISO. */
  to: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type AuditPage = Static<typeof AuditPage>;

/** Pushed to a center's room when its hours, or the province calendar, change: kiosks update without reload. */
export interface CenterHoursEvent {
  centerId: string;
  opening: CenterOpening;
}
