// The shapes every part of luot agrees on. TypeBox schemas are the single source: they validate input at the
// edge (HTTP, Socket.IO) and give the TypeScript types through Static<>.
import { Type, type Static } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });

/** Priority groups seen in Vietnamese centers (configurable per center in spirit; the legal list is unverified). */
export const PriorityClass = Type.Union([
  Type.Literal('none'),
  Type.Literal('elderly'),
  Type.Literal('disabled'),
  Type.Literal('pregnant'),
  Type.Literal('child_under_6'),
  Type.Literal('meritorious'),
]);
export type PriorityClass = Static<typeof PriorityClass>;
export const PRIORITY_CLASSES: readonly PriorityClass[] = [
  'none',
  'elderly',
  'disabled',
  'pregnant',
  'child_under_6',
  'meritorious',
];

/** A transfer is a transition back to `waiting` in another area, recorded in the event log. */
export const TicketState = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('called'),
  Type.Literal('serving'),
  Type.Literal('done'),
  Type.Literal('no_show'),
  Type.Literal('cancelled'),
  /** Parked at its counter (the citizen went to fetch a document): called back later, not a no-show. */
  Type.Literal('held'),
]);
export type TicketState = Static<typeof TicketState>;

export const CounterState = Type.Union([Type.Literal('open'), Type.Literal('paused'), Type.Literal('closed')]);
export type CounterState = Static<typeof CounterState>;

export const PriorityMode = Type.Union([
  Type.Literal('strict'), // priority tickets always first
  Type.Literal('capped'), // at most maxPriorityInRow priority calls in a row while normal tickets wait
]);

export const CenterSettings = Type.Object({
  priorityMode: PriorityMode,
  maxPriorityInRow: Type.Integer({ minimum: 1, maximum: 100 }),
  /** Recalls allowed after the first call; one more recall marks the ticket no-show ("không có mặt sau 3 lần gọi"). */
  maxRecalls: Type.Integer({ minimum: 0, maximum: 10 }),
  /** Minutes after a no-show during which the citizen can be put back in line. */
  noShowGraceMinutes: Type.Integer({ minimum: 0, maximum: 480 }),
  /** Spoken and shown call; {number}, {counter} and {area} (the service area's name) are replaced. */
  callTemplate: Type.String({ minLength: 1, maxLength: 200 }),
  /** "Còn N người nữa": a subscribed citizen is told once when this many people or fewer are ahead (default 3). */
  notifyAheadThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  /** Numbers a citizen (by verified phone) may hold per day across online numbers and appointments (default 2). */
  onlineDailyCap: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
  /**
   * An online number whose citizen has not confirmed arrival when its turn comes: 'skip' passes over it, keeping its
   * place by registration time until confirmed (or void at closing); 'call' calls it like any ticket. Default 'skip'.
   */
  onlineUnconfirmed: Type.Optional(Type.Union([Type.Literal('skip'), Type.Literal('call')])),
  /**
   * With 'skip': minutes an unconfirmed online number is kept once its turn has passed (a later ticket of its line
   * was called); then it is void. Unset: kept until closing.
   */
  onlineKeepMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 480 })),
  /** Length of an appointment slot in minutes (default 30); each slot seats as many citizens as counters serve the area. */
  appointmentSlotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })),
  /**
   * Minutes either side of an appointment's time in which its ticket is called ahead of walk-ins (default 15): an
   * earlier check-in waits for the window, a later one joins the walk-in line.
   */
  appointmentWindowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  /** How many days ahead appointments may be booked (default 14). */
  appointmentDaysAhead: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
});
export type CenterSettings = Static<typeof CenterSettings>;
export const DEFAULT_NOTIFY_AHEAD = 3;

export const Province = Type.Object({ id: Id, code: Type.String(), name: Type.String() });
export type Province = Static<typeof Province>;

export const Center = Type.Object({
  id: Id,
  provinceId: Id,
  /** Agency identifier (QCVN 102:2016), e.g. 000.00.53.H48: the prefix of dossier codes. */
  agencyCode: Type.String(),
  /** Statistics code of the commune/ward (5 digits) or of the province (2 digits) for the provincial center. */
  statsCode: Type.String(),
  name: Type.String(),
  commune: Type.String(),
  address: Type.String(),
  settings: CenterSettings,
});
export type Center = Static<typeof Center>;

export const ServiceArea = Type.Object({
  centerId: Id,
  id: Id,
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  blockStart: Type.Integer({ minimum: 1 }),
  blockEnd: Type.Integer({ minimum: 1 }),
  targetServiceMinutes: Type.Number({ minimum: 1 }),
  /** Service day (yyyy-MM-dd) on which a manager closed the area; no tickets are issued that day. */
  closedOn: Type.Union([Type.String(), Type.Null()]),
  sort: Type.Integer(),
  /** Priority tickets called in a row from this area, for the capped policy. */
  priorityStreak: Type.Integer({ minimum: 0 }),
});
export type ServiceArea = Static<typeof ServiceArea>;

export const Counter = Type.Object({
  centerId: Id,
  id: Id,
  number: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  /** Areas served, in the order the counter takes them. */
  areaIds: Type.Array(Id),
  state: CounterState,
  pauseReason: Type.Union([Type.String(), Type.Null()]),
  officer: Type.Union([Type.String(), Type.Null()]),
  currentTicketId: Type.Union([Type.String(), Type.Null()]),
});
export type Counter = Static<typeof Counter>;

export const DeviceKind = Type.Union([
  Type.Literal('kiosk'),
  Type.Literal('hall_display'),
  Type.Literal('counter_display'),
  Type.Literal('print_agent'),
]);
export type DeviceKind = Static<typeof DeviceKind>;
export const Device = Type.Object({
  id: Id,
  centerId: Id,
  kind: DeviceKind,
  name: Type.String(),
  /** For a counter display, the counter it hangs above; for a counter's print agent, the counter whose receipts it prints. */
  counterId: Type.Union([Id, Type.Null()]),
  /** For a kiosk's print agent, the kiosk whose tickets it prints (it may attach to no other). */
  kioskId: Type.Union([Id, Type.Null()]),
});
export type Device = Static<typeof Device>;

/** How a ticket was taken: kiosk, online number, appointment check-in, or by staff at a counter. */
export const TicketChannel = Type.Union([
  Type.Literal('kiosk'),
  Type.Literal('online'),
  Type.Literal('appointment'),
  Type.Literal('counter'),
]);
export type TicketChannel = Static<typeof TicketChannel>;

export const Ticket = Type.Object({
  id: Type.String(),
  centerId: Id,
  areaId: Id,
  number: Type.Integer(),
  /** Local service day (Asia/Ho_Chi_Minh), yyyy-MM-dd: numbers restart each day. */
  serviceDay: Type.String(),
  priority: PriorityClass,
  dossierCode: Type.String(),
  /** 4-character secret printed with the code; tracking needs both. */
  trackingSecret: Type.String(),
  state: TicketState,
  issuedAt: Type.String(),
  /** Place in line: the original issue time, kept across transfers and requeues. */
  queuedAt: Type.String(),
  calledAt: Type.Union([Type.String(), Type.Null()]),
  servingAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  counterId: Type.Union([Id, Type.Null()]),
  /** Set by a transfer to a given counter: only that counter calls it. */
  assignedCounterId: Type.Union([Id, Type.Null()]),
  recallCount: Type.Integer(),
  transferCount: Type.Integer(),
  kioskId: Type.Union([Type.String(), Type.Null()]),
  channel: TicketChannel,
  /** An appointment's time: called ahead of walk-ins inside the center's window around it; null otherwise. */
  dueAt: Type.Union([Type.String(), Type.Null()]),
  /** When the citizen of an online number or appointment confirmed arrival at the center (kiosk or desk). */
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Ticket = Static<typeof Ticket>;

/** What a display or kiosk may see of a ticket: nothing personal, no dossier code. */
export const PublicTicket = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  areaId: Id,
  priority: Type.Boolean(),
  state: TicketState,
  counterId: Type.Union([Id, Type.Null()]),
});
export type PublicTicket = Static<typeof PublicTicket>;

export const AreaView = Type.Object({
  id: Id,
  code: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  waiting: Type.Integer(),
  /** Counters open for this area now. */
  openCounters: Type.Integer(),
  /**
   * Minutes a ticket taken now would wait; null while no counter serves the area: only open counters with an
   * officer count (each 1 / the number of its areas), so an area with open but unstaffed counters is null, never 0.
   */
  estimatedWaitMinutes: Type.Union([Type.Integer(), Type.Null()]),
  /** Issuing tickets: false when the area is closed for the day or no counter is open for it. */
  accepting: Type.Boolean(),
  closedToday: Type.Boolean(),
});
export type AreaView = Static<typeof AreaView>;

export const CounterView = Type.Object({
  id: Id,
  number: Type.Integer(),
  name: Type.String(),
  state: CounterState,
  pauseReason: Type.Union([Type.String(), Type.Null()]),
  areaIds: Type.Array(Id),
  /** An officer holds the counter: a display above an open counter nobody holds says it is closed. */
  staffed: Type.Boolean(),
  /** The ticket called or being served at this counter. */
  current: Type.Union([PublicTicket, Type.Null()]),
});
export type CounterView = Static<typeof CounterView>;

export const CallView = Type.Object({
  ticketId: Type.String(),
  number: Type.Integer(),
  areaId: Id,
  counterId: Id,
  counterNumber: Type.Integer(),
  at: Type.String(),
  /** 0 for the first call, then 1, 2… for recalls. */
  recall: Type.Integer(),
  /** The announcement text, from the center's template. */
  text: Type.String(),
});
export type CallView = Static<typeof CallView>;

export const CenterSnapshot = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  center: Type.Object({ id: Id, name: Type.String(), commune: Type.String(), callTemplate: Type.String() }),
  serviceDay: Type.String(),
  areas: Type.Array(AreaView),
  counters: Type.Array(CounterView),
  /** Latest calls, newest first. */
  recentCalls: Type.Array(CallView),
  /** The text line a manager set for the hall displays, null when none. */
  announcement: Type.Union([Type.String(), Type.Null()]),
});
export type CenterSnapshot = Static<typeof CenterSnapshot>;

/** A ticket as returned to the kiosk that issued it (and printed). */
export const IssuedTicket = Type.Object({
  ticket: Ticket,
  area: Type.Object({ id: Id, code: Type.String(), nameVi: Type.String(), nameEn: Type.String() }),
  center: Type.Object({ id: Id, name: Type.String(), commune: Type.String() }),
  peopleAhead: Type.Integer(),
  estimatedWaitMinutes: Type.Union([Type.Integer(), Type.Null()]),
});
export type IssuedTicket = Static<typeof IssuedTicket>;

export const TicketTransition = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  counterId: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type TicketTransition = Static<typeof TicketTransition>;

/** The largest whole number an input may carry (the databases' 32-bit integer columns): beyond it, 400 VALIDATION. */
export const MAX_INT = 2_147_483_647;
