// The officer's desk: what a counter sees of its lines, its parked citizens and its day, and the bodies of the
// desk's commands.
import { Type, type Static } from 'typebox';
import { Id, PriorityClass, TicketChannel, TicketState } from './model.ts';

/** A ticket on a desk's lists: no dossier code nor tracking secret. */
export const DeskTicket = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  areaId: Id,
  priority: PriorityClass,
  channel: TicketChannel,
  /** An appointment's time (the "lịch hẹn" badge), else null. */
  dueAt: Type.Union([Type.String(), Type.Null()]),
  /** An online number not yet confirmed at the center: passed over while 'skip' is the center's rule. */
  unconfirmed: Type.Boolean(),
  state: TicketState,
  issuedAt: Type.String(),
  /** Place in line (the original issue time). */
  queuedAt: Type.String(),
  /** Sent to this very counter by a transfer. */
  forThisCounter: Type.Boolean(),
  transferCount: Type.Integer(),
  /** When it was parked ('held'), or marked absent ('no_show'); null for a waiting ticket. */
  since: Type.Union([Type.String(), Type.Null()]),
  /** For a no-show: until when it may be put back in line. */
  graceEndsAt: Type.Union([Type.String(), Type.Null()]),
});
export type DeskTicket = Static<typeof DeskTicket>;

export const OfficerDay = Type.Object({
  /** Service day, yyyy-MM-dd (Vietnam). */
  day: Type.String(),
  served: Type.Integer(),
  noShows: Type.Integer(),
});
export type OfficerDay = Static<typeof OfficerDay>;

/** Everything a desk lists besides the live snapshot. */
export const DeskView = Type.Object({
  counterId: Id,
  /** Waiting tickets of the counter's areas and those sent to it, in line order. */
  waiting: Type.Array(DeskTicket),
  /** Tickets parked at this counter. */
  held: Type.Array(DeskTicket),
  /** Today's no-shows of the counter's areas still within the grace period. */
  noShows: Type.Array(DeskTicket),
  autoCall: Type.Boolean(),
  /** The signed-in officer's own count of the day. */
  today: OfficerDay,
});
export type DeskView = Static<typeof DeskView>;

const Reason = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const CallChosenBody = Type.Object(
  { ticketId: Type.String({ minLength: 1, maxLength: 64 }), reason: Reason },
  { additionalProperties: false },
);
export type CallChosenBody = Static<typeof CallChosenBody>;

export const HoldBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type HoldBody = Static<typeof HoldBody>;

export const UnholdBody = Type.Object(
  { ticketId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type UnholdBody = Static<typeof UnholdBody>;

export const AutoCallBody = Type.Object({ on: Type.Boolean() }, { additionalProperties: false });
export type AutoCallBody = Static<typeof AutoCallBody>;

export const AnnouncementBody = Type.Object({ text: Type.String({ maxLength: 300 }) }, { additionalProperties: false });
export type AnnouncementBody = Static<typeof AnnouncementBody>;

export const CallTemplateBody = Type.Object(
  { template: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type CallTemplateBody = Static<typeof CallTemplateBody>;

/** The reasons a desk offers when pausing ("Khác…" lets the officer type one). */
export const PAUSE_REASONS = ['Họp', 'Nghỉ giữa giờ', 'Hỗ trợ quầy khác', 'Sự cố kỹ thuật'] as const;
