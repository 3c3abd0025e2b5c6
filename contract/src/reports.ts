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

export const REPORT_GROUPS = ['day', 'area', 'counter', 'officer'] as const;
export const ReportGroup = Type.Enum(REPORT_GROUPS);
export type ReportGroup = Static<typeof ReportGroup>;

export const SCORES = ['very_satisfied', 'satisfied', 'not_satisfied'] as const;
export const Score = Type.Enum(SCORES);
export type Score = Static<typeof Score>;
export const SCORE_LABELS: Record<Score, { vi: string; en: string }> = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  not_satisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
};

export const ReportQuery = Type.Object({
  from: Day,
  to: Day,
  by: ReportGroup,
});
export type ReportQuery = Static<typeof ReportQuery>;

export const ReportRow = Type.Object({
  key: Type.String(),
  label: Type.String(),
  /** Tickets taken at the kiosk (by day and by area only: a counter or an officer issues none). */
  issued: Type.Union([Type.Integer(), Type.Null()]),
  called: Type.Integer(),
  served: Type.Integer(),
  noShows: Type.Integer(),
  transfers: Type.Integer(),
  avgWaitSeconds: Seconds,
  p90WaitSeconds: Seconds,
  avgServiceSeconds: Seconds,
  p90ServiceSeconds: Seconds,
  ratings: Type.Object({ very_satisfied: Type.Integer(), satisfied: Type.Integer(), not_satisfied: Type.Integer() }),
});
export type ReportRow = Static<typeof ReportRow>;

export const Report = Type.Object({
  centerId: Id,
  from: Type.String(),
  to: Type.String(),
  by: ReportGroup,
  rows: Type.Array(ReportRow),
  total: ReportRow,
});
export type Report = Static<typeof Report>;

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
