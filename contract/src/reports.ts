// The manager's board (live, today) and reports (a date range), plus the citizens' satisfaction ratings.
import { Type, type Static } from 'typebox';
import { CounterState, Id, TicketState } from './model.ts';
import { StaffUser } from './auth.ts';

const Seconds = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const BoardCounter = Type.Object({
  id: Id,
  number: Type.Integer(),
  name: Type.String(),
  state: CounterState,
  pauseReason: Type.Union([Type.String(), Type.Null()]),
  areaIds: Type.Array(Id),
  officer: Type.Union([Type.Object({ username: Type.String(), displayName: Type.String() }), Type.Null()]),
  /** The ticket called or served here, and since when it is in that state. */
  current: Type.Union([
    Type.Object({
      ticketId: Type.String(),
      number: Type.Integer(),
      areaId: Id,
      state: TicketState,
      since: Type.String(),
    }),
    Type.Null(),
  ]),
});
export type BoardCounter = Static<typeof BoardCounter>;

export const BoardArea = Type.Object({
  id: Id,
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  waiting: Type.Integer(),
  openCounters: Type.Integer(),
  closedToday: Type.Boolean(),
  /** The area's target (minutes): the longest wait turns red above it. */
  targetServiceMinutes: Type.Number(),
  /** Since when the longest-waiting ticket waits (null when nobody waits). */
  oldestWaitingSince: Type.Union([Type.String(), Type.Null()]),
  servedToday: Type.Integer(),
  avgWaitSeconds: Seconds,
  avgServiceSeconds: Seconds,
});
export type BoardArea = Static<typeof BoardArea>;

export const Board = Type.Object({
  centerId: Id,
  serviceDay: Type.String(),
  at: Type.String(),
  counters: Type.Array(BoardCounter),
  areas: Type.Array(BoardArea),
  /** Officers of the center, for opening a counter in someone's name. */
  officers: Type.Array(StaffUser),
});
export type Board = Static<typeof Board>;

/** How figures are grouped: by service day, area, counter, officer, procedure (of the dossier received), priority, channel. */
export const REPORT_GROUPS = ['day', 'area', 'counter', 'officer', 'procedure', 'priority', 'channel'] as const;
export const ReportGroup = Type.Enum(REPORT_GROUPS);
export type ReportGroup = Static<typeof ReportGroup>;

/** The national five-level satisfaction scale, best first (older ratings used only three of these levels). */
export const SCORES = ['very_satisfied', 'satisfied', 'neutral', 'not_satisfied', 'very_dissatisfied'] as const;
export const Score = Type.Enum(SCORES);
export type Score = Static<typeof Score>;
export const SCORE_LABELS: Record<Score, { vi: string; en: string }> = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  neutral: { vi: 'Bình thường', en: 'Neutral' },
  not_satisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
  very_dissatisfied: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
};
/** Points of the satisfaction group in the service index of Decision 766/QĐ-TTg (out of 100). */
export const INDEX_SATISFACTION_POINTS = 18;

export const ReportQuery = Type.Object({
  from: Day,
  to: Day,
  by: ReportGroup,
});
export type ReportQuery = Static<typeof ReportQuery>;

export const RangeQuery = Type.Object({ from: Day, to: Day });
export type RangeQuery = Static<typeof RangeQuery>;

/** A printable month: yyyy-MM. */
export const MonthQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) });
export type MonthQuery = Static<typeof MonthQuery>;

const Counts = Type.Object({
  very_satisfied: Type.Integer(),
  satisfied: Type.Integer(),
  neutral: Type.Integer(),
  not_satisfied: Type.Integer(),
  very_dissatisfied: Type.Integer(),
});
const Percent = Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]);

export const ReportRow = Type.Object({
  key: Type.String(),
  label: Type.String(),
  /** Tickets taken (by day, area, priority and channel only: a counter or an officer issues none). */
  issued: Type.Union([Type.Integer(), Type.Null()]),
  called: Type.Integer(),
  served: Type.Integer(),
  noShows: Type.Integer(),
  transfers: Type.Integer(),
  /** Calls that came within the area's target (targetServiceMinutes) of entering the line, and their share of calls. */
  withinTarget: Type.Integer(),
  withinTargetPercent: Percent,
  avgWaitSeconds: Seconds,
  p50WaitSeconds: Seconds,
  p90WaitSeconds: Seconds,
  avgServiceSeconds: Seconds,
  p50ServiceSeconds: Seconds,
  p90ServiceSeconds: Seconds,
  ratings: Counts,
});
export type ReportRow = Static<typeof ReportRow>;

/** Tickets taken per weekday (0 Monday … 6 Sunday) and hour of day (0–23), Vietnam time, and their average wait. */
export const Heatmap = Type.Object({
  issued: Type.Array(Type.Array(Type.Integer())),
  avgWaitSeconds: Type.Array(Type.Array(Seconds)),
});
export type Heatmap = Static<typeof Heatmap>;

export const AwayReason = Type.Object({ reason: Type.String(), pauses: Type.Integer(), seconds: Type.Integer() });
export type AwayReason = Static<typeof AwayReason>;

/**
 * A counter's (or officer's) staffed time: open with an officer, split into busy (a ticket called or served there),
 * idle (nothing to do) and away (paused, by reason). Cut at the end of each service day.
 */
export const TimeRow = Type.Object({
  key: Type.String(),
  label: Type.String(),
  openSeconds: Type.Integer(),
  busySeconds: Type.Integer(),
  idleSeconds: Type.Integer(),
  awaySeconds: Type.Integer(),
  away: Type.Array(AwayReason),
});
export type TimeRow = Static<typeof TimeRow>;

/** Dossiers received in the range, per competent authority: finished (result ready, returned or refused) on or after the due time, and those still open. */
export const DossierRow = Type.Object({
  key: Type.String(),
  label: Type.String(),
  received: Type.Integer(),
  finished: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  open: Type.Integer(),
  /** Still open and past due now. */
  overdue: Type.Integer(),
  onTimePercent: Percent,
});
export type DossierRow = Static<typeof DossierRow>;

/** The five levels and the shares the satisfaction group of the Decision 766 index is read from. */
export const Satisfaction = Type.Object({
  counts: Counts,
  total: Type.Integer(),
  /** Rất hài lòng + Hài lòng, of all ratings. */
  satisfiedPercent: Percent,
  neutralPercent: Percent,
  /** Không hài lòng + Rất không hài lòng. */
  dissatisfiedPercent: Percent,
  /** satisfiedPercent × 18 points of the index's satisfaction group: an estimate, the province computes the score. */
  indexPoints: Type.Union([Type.Number(), Type.Null()]),
});
export type Satisfaction = Static<typeof Satisfaction>;

export const Report = Type.Object({
  centerId: Id,
  centerName: Type.String(),
  from: Type.String(),
  to: Type.String(),
  by: ReportGroup,
  rows: Type.Array(ReportRow),
  total: ReportRow,
  heatmap: Heatmap,
  counters: Type.Array(TimeRow),
  officers: Type.Array(TimeRow),
  time: TimeRow,
  dossiers: Type.Array(DossierRow),
  dossierTotal: DossierRow,
  satisfaction: Satisfaction,
});
export type Report = Static<typeof Report>;

/** One center's totals in the province roll-up. */
export const ProvinceReportRow = Type.Object({
  centerId: Id,
  centerName: Type.String(),
  figures: ReportRow,
  time: TimeRow,
  dossiers: DossierRow,
  satisfaction: Satisfaction,
});
export type ProvinceReportRow = Static<typeof ProvinceReportRow>;

export const ProvinceReport = Type.Object({
  provinceId: Id,
  from: Type.String(),
  to: Type.String(),
  centers: Type.Array(ProvinceReportRow),
  total: Type.Object({ figures: ReportRow, time: TimeRow, dossiers: DossierRow, satisfaction: Satisfaction }),
});
export type ProvinceReport = Static<typeof ProvinceReport>;

export const RatingBody = Type.Object(
  {
    ticketId: Type.String({ minLength: 1, maxLength: 64 }),
    score: Score,
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RatingBody = Static<typeof RatingBody>;

export const Rating = Type.Object({
  ticketId: Type.String(),
  centerId: Id,
  areaId: Id,
  counterId: Id,
  officer: Type.Union([Type.String(), Type.Null()]),
  score: Score,
  comment: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  serviceDay: Type.String(),
});
export type Rating = Static<typeof Rating>;
