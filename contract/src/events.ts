// The realtime contract: every Socket.IO event name and payload, shared by the server and the apps.
import { Type, type Static } from 'typebox';
import {
  AreaView,
  CallView,
  type CenterSnapshot,
  CounterState,
  CounterView,
  Id,
  PublicTicket,
  TicketState,
} from './model.ts';
import type { ResultCall } from './dossier.ts';
import type { TrackClientToServerEvents, TrackServerToClientEvents } from './notify.ts';
import type { PrintClientToServerEvents, PrintServerToClientEvents } from './print.ts';
import type { CenterHoursEvent } from './setup.ts';
import type { DeviceClientToServerEvents, DeviceServerToClientEvents } from './devices.ts';
import type { AlertServerToClientEvents } from './operations.ts';
import type { ReceiptPrintClientToServerEvents, ReceiptPrintServerToClientEvents } from './receipt-print.ts';

export const CENTER_EVENT_TYPES = [
  'ticket:issued',
  'ticket:called',
  'ticket:recalled',
  'ticket:serving',
  'ticket:completed',
  'ticket:no_show',
  'ticket:requeued',
  'ticket:transferred',
  'ticket:cancelled',
  'counter:opened',
  'counter:closed',
  'counter:paused',
  'counter:resumed',
  'counter:reassigned',
  'area:closed',
  'area:reopened',
  /** A waiting ticket called out of line order; the event's log entry keeps the officer's reason as its note. */
  'ticket:called_chosen',
  /** Parked at its counter (the citizen went to fetch a document); the counter is free. */
  'ticket:held',
  /** A parked ticket called back to its counter. */
  'ticket:unheld',
  /** The officer turned the counter's auto-call on or off. */
  'counter:auto_call',
  /** A manager set (or cleared) the text line shown on the hall displays. */
  'center:announcement',
  /** A manager changed the wording of calls (the snapshot's call template): the hall words the next calls with it. */
  'center:call_template',
  /** An administrator or manager changed the center's configuration (areas, counters, settings): take a new snapshot. */
  'center:config',
] as const;
export type CenterEventType = (typeof CENTER_EVENT_TYPES)[number];

/**
 * One committed change of a center, as the log keeps it (GET /api/centers/:id/events) and as a client sees it once
 * a delta is applied: the new views of everything it changed and a per-center `seq` to spot gaps. On the wire it
 * travels as a CenterDelta, without what the subscriber already holds.
 */
export const CenterEvent = Type.Object({
  type: Type.Enum(CENTER_EVENT_TYPES),
  seq: Type.Integer({ minimum: 1 }),
  centerId: Id,
  at: Type.String(),
  ticket: Type.Union([PublicTicket, Type.Null()]),
  call: Type.Union([CallView, Type.Null()]),
  counters: Type.Array(CounterView),
  areas: Type.Array(AreaView),
  /** Only on 'center:announcement': the hall's text line, null when cleared. */
  announcement: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Only on 'center:call_template': the new wording of calls. */
  callTemplate: Type.Optional(Type.String()),
});
export type CenterEvent = Static<typeof CenterEvent>;

export const SubscribeRequest = Type.Object({
  centerId: Id,
  /** A counter display or officer desk also joins its counter's room. */
  counterId: Type.Optional(Id),
});
export type SubscribeRequest = Static<typeof SubscribeRequest>;

export type SubscribeReply = { ok: true; snapshot: CenterSnapshot } | { ok: false; code: string; message: string };

export type ServerToClientEvents = {
  [K in CenterEventType]: (delta: CenterDelta) => void;
} & PrintServerToClientEvents &
  ReceiptPrintServerToClientEvents &
  TrackServerToClientEvents &
  DeviceServerToClientEvents &
  AlertServerToClientEvents & {
    /** A citizen is called to a counter to collect a dossier's result (not part of the queue's numbered stream). */
    'dossier:result_call': (call: ResultCall) => void;
    /** The center's opening hours or the province calendar changed (not in the sequenced log). */
    'center:hours': (event: CenterHoursEvent) => void;
  };

export interface ClientToServerEvents
  extends
    PrintClientToServerEvents,
    ReceiptPrintClientToServerEvents,
    TrackClientToServerEvents,
    DeviceClientToServerEvents {
  /** Join a center (and counter) room; the reply is a snapshot, deltas with a higher seq follow. */
  subscribe: (request: SubscribeRequest, reply: (res: SubscribeReply) => void) => void;
}

export const RECENT_CALLS = 10;

export const roomOfCenter = (centerId: string) => `center:${centerId}`;
export const roomOfCounter = (centerId: string, counterId: string) => `counter:${centerId}:${counterId}`;

/** The template a center gets when none is set. */
export const DEFAULT_CALL_TEMPLATE = 'Kính mời công dân có số thứ tự {number} đến quầy số {counter}';

/**
 * The announcement, from the center's template (the default when empty): "Kính mời công dân có số thứ tự {number}
 * đến quầy số {counter}", {area} the service area's name. The one source of a call's text: the server's call view
 * and the client's decoded delta both use it.
 */
export const callText = (template: string, number: number, counterNumber: number, areaName = '') =>
  (template || DEFAULT_CALL_TEMPLATE)
    .replaceAll('{number}', String(number))
    .replaceAll('{counter}', String(counterNumber))
    .replaceAll('{area}', areaName)
    .replace(/\s+/g, ' ')
    .trim();

// ---- The wire form of an event ----------------------------------------------------------------------------------
// Every display of a center receives every delta, so a delta carries only what changed and what a subscriber cannot
// know from its snapshot: no ids twice, no names, no announcement text (the snapshot has the call template), the
// event type only as the Socket.IO event name. Positions, not keys, in the repeated parts; trailing elements that
// hold their default are left out. Only encodeDelta writes it and only applyDelta reads it.

/** The state a ticket is in after an event about it, when the delta leaves it out. */
const STATE_AFTER: Partial<Record<CenterEventType, TicketState>> = {
  'ticket:issued': 'waiting',
  'ticket:called': 'called',
  'ticket:recalled': 'called',
  'ticket:serving': 'serving',
  'ticket:completed': 'done',
  'ticket:no_show': 'no_show',
  'ticket:requeued': 'waiting',
  'ticket:transferred': 'waiting',
  'ticket:cancelled': 'cancelled',
  'ticket:called_chosen': 'called',
  'ticket:held': 'held',
  'ticket:unheld': 'called',
};

/** A ticket: id, number, area, priority (1) or not (0), state, counter. */
export const WireTicket = Type.Tuple([
  Type.String(),
  Type.Integer(),
  Id,
  Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
  Type.Optional(TicketState),
  Type.Optional(Type.Union([Id, Type.Null()])),
]);
export type WireTicket = Static<typeof WireTicket>;

/** The ticket at a counter: none (0), the delta's own ticket (1), or another one. */
export const WireCurrent = Type.Union([Type.Literal(0), Type.Literal(1), WireTicket]);
export type WireCurrent = Static<typeof WireCurrent>;

/** A counter: id and current ticket; after a counter event also its state, pause reason, areas and staffed (1) or not (0). */
export const WireCounter = Type.Tuple([
  Id,
  WireCurrent,
  Type.Optional(CounterState),
  Type.Optional(Type.Union([Type.String(), Type.Null()])),
  Type.Optional(Type.Array(Id)),
  Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
]);
export type WireCounter = Static<typeof WireCounter>;

/** An area: id, waiting, estimated wait (minutes or null), open counters, flags (1 accepting, 2 closed today). */
export const WireArea = Type.Tuple([
  Id,
  Type.Integer(),
  Type.Union([Type.Integer(), Type.Null()]),
  Type.Integer(),
  Type.Integer(),
]);
export type WireArea = Static<typeof WireArea>;

export const CenterDelta = Type.Object({
  /** Center id. */
  c: Id,
  /** Sequence number. */
  s: Type.Integer({ minimum: 1 }),
  /** When, in ms since the epoch. */
  t: Type.Integer(),
  /** The ticket the event is about. */
  i: Type.Optional(WireTicket),
  /** A recall's count (a call without it is the first call). */
  r: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Counters changed. */
  k: Type.Optional(Type.Array(WireCounter)),
  /** Areas changed. */
  a: Type.Optional(Type.Array(WireArea)),
  /** The hall's text line, on 'center:announcement' only (null when cleared). */
  m: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The new call template, on 'center:call_template' only. */
  p: Type.Optional(Type.String()),
});
export type CenterDelta = Static<typeof CenterDelta>;

/** The events that announce a call (the hall's list, events_calls). */
const CALL_TYPES: readonly CenterEventType[] = [
  'ticket:called',
  'ticket:recalled',
  'ticket:called_chosen',
  'ticket:unheld',
];
const isCall = (type: CenterEventType) => CALL_TYPES.includes(type);
const isCounterEvent = (type: CenterEventType) => type.startsWith('counter:');

/** Drops the trailing elements equal to their defaults. */
function trimmed<T extends unknown[]>(values: T, defaults: unknown[], keep: number): T {
  let n = values.length;
  while (n > keep && values[n - 1] === defaults[n - 1]) n--;
  return values.slice(0, n) as T;
}

function encodeTicket(t: PublicTicket, state: TicketState | undefined, counterId: string | null): WireTicket {
  return trimmed<WireTicket>(
    [t.id, t.number, t.areaId, t.priority ? 1 : 0, t.state, t.counterId],
    [undefined, undefined, undefined, 0, state, counterId],
    3,
  );
}

function decodeTicket(w: WireTicket, state: TicketState | undefined, counterId: string | null): PublicTicket | null {
  const decodedState = w[4] ?? state;
  if (!decodedState) return null;
  return {
    id: w[0],
    number: w[1],
    areaId: w[2],
    priority: w[3] === 1,
    state: decodedState,
    counterId: w[5] === undefined ? counterId : w[5],
  };
}

const sameTicket = (a: PublicTicket, b: PublicTicket) =>
  a.id === b.id &&
  a.number === b.number &&
  a.areaId === b.areaId &&
  a.priority === b.priority &&
  a.state === b.state &&
  a.counterId === b.counterId;

/** The delta of an event, as broadcast to a center's subscribers. */
export function encodeDelta(event: CenterEvent): CenterDelta {
  const delta: CenterDelta = { c: event.centerId, s: event.seq, t: Date.parse(event.at) };
  const own = event.ticket;
  if (own) delta.i = encodeTicket(own, STATE_AFTER[event.type], event.counters[0]?.id ?? null);
  if (event.call && event.call.recall > 0) delta.r = event.call.recall;
  if (event.counters.length > 0) {
    delta.k = event.counters.map((c): WireCounter => {
      const current: WireCurrent = !c.current
        ? 0
        : own && sameTicket(c.current, own)
          ? 1
          : encodeTicket(c.current, undefined, c.id);
      return isCounterEvent(event.type)
        ? [c.id, current, c.state, c.pauseReason, c.areaIds, c.staffed ? 1 : 0]
        : [c.id, current];
    });
  }
  if (event.areas.length > 0) {
    delta.a = event.areas.map((a): WireArea => [
      a.id,
      a.waiting,
      a.estimatedWaitMinutes,
      a.openCounters,
      (a.accepting ? 1 : 0) | (a.closedToday ? 2 : 0),
    ]);
  }
  if (event.announcement !== undefined) delta.m = event.announcement;
  if (event.callTemplate !== undefined) delta.p = event.callTemplate;
  return delta;
}

/**
 * The event a delta stands for, with the names and numbers taken from the snapshot it follows; null when it names an
 * area or counter the snapshot does not have (the client then takes a new snapshot).
 */
export function decodeDelta(snapshot: CenterSnapshot, type: CenterEventType, delta: CenterDelta): CenterEvent | null {
  // A configuration change is not a delta of the views: the client reads the center anew.
  if (type === 'center:config') return null;
  const at = new Date(delta.t).toISOString();
  const firstCounter = delta.k?.[0]?.[0] ?? null;
  const ticket = delta.i ? decodeTicket(delta.i, STATE_AFTER[type], firstCounter) : null;
  if (delta.i && !ticket) return null;
  const counters: CounterView[] = [];
  for (const w of delta.k ?? []) {
    const before = snapshot.counters.find((c) => c.id === w[0]);
    if (!before) return null;
    const current = w[1] === 0 ? null : w[1] === 1 ? ticket : decodeTicket(w[1], undefined, w[0]);
    if (w[1] !== 0 && !current) return null;
    const counterPart =
      w.length > 2
        ? {
            state: w[2] ?? before.state,
            pauseReason: w[3] ?? null,
            areaIds: w[4] ?? before.areaIds,
            staffed: w[5] === undefined ? before.staffed : w[5] === 1,
          }
        : {};
    counters.push({ ...before, current, ...counterPart });
  }
  const areas: AreaView[] = [];
  for (const [id, waiting, estimatedWaitMinutes, openCounters, flags] of delta.a ?? []) {
    const before = snapshot.areas.find((a) => a.id === id);
    if (!before) return null;
    areas.push({
      ...before,
      waiting,
      estimatedWaitMinutes,
      openCounters,
      accepting: (flags & 1) !== 0,
      closedToday: (flags & 2) !== 0,
    });
  }
  let call: CallView | null = null;
  if (isCall(type) && ticket?.counterId) {
    const counterId = ticket.counterId;
    const counter = counters.find((c) => c.id === counterId) ?? snapshot.counters.find((c) => c.id === counterId);
    if (!counter) return null;
    call = {
      ticketId: ticket.id,
      number: ticket.number,
      areaId: ticket.areaId,
      counterId,
      counterNumber: counter.number,
      at,
      recall: delta.r ?? 0,
      text: callText(
        snapshot.center.callTemplate,
        ticket.number,
        counter.number,
        snapshot.areas.find((a) => a.id === ticket.areaId)?.nameVi ?? '',
      ),
    };
  }
  return {
    type,
    seq: delta.s,
    centerId: delta.c,
    at,
    ticket,
    call,
    counters,
    areas,
    ...(delta.m === undefined ? {} : { announcement: delta.m }),
    ...(delta.p === undefined ? {} : { callTemplate: delta.p }),
  };
}

function replaceById<T extends { id: string }>(list: T[], updates: T[]): T[] {
  if (updates.length === 0) return list;
  const byId = new Map(updates.map((u) => [u.id, u]));
  const next = list.map((item) => byId.get(item.id) ?? item);
  for (const u of updates) if (!list.some((item) => item.id === u.id)) next.push(u);
  return next;
}

/** Folds an event into a snapshot: the views it carries replace the old ones, a call goes on top of the calls. */
export function applyEvent(snapshot: CenterSnapshot, event: CenterEvent): CenterSnapshot {
  return {
    ...snapshot,
    seq: event.seq,
    at: event.at,
    counters: replaceById(snapshot.counters, event.counters),
    areas: replaceById(snapshot.areas, event.areas),
    recentCalls: liveCalls(
      event.call ? currentPassage([event.call, ...snapshot.recentCalls]).slice(0, RECENT_CALLS) : snapshot.recentCalls,
      event.ticket,
    ),
    announcement: event.announcement === undefined ? snapshot.announcement : event.announcement,
    center:
      event.callTemplate === undefined ? snapshot.center : { ...snapshot.center, callTemplate: event.callTemplate },
  };
}

/** States in which a called ticket still stands on the hall's list: at its counter, or served there. */
export const SHOWN_CALL_STATES: readonly PublicTicket['state'][] = ['called', 'serving', 'done'];

/**
 * Calls (newest first) of each ticket's current passage at a counter only: a first call (recall 0, a call from the
 * line, a chosen one or a parked one called back) hides the older calls of the same ticket, its recalls do not. A
 * citizen parked then called back is listed once, by the snapshot as by a client following deltas.
 */
export function currentPassage(calls: CallView[]): CallView[] {
  const fresh = new Set<string>();
  return calls.filter((c) => {
    if (fresh.has(c.ticketId)) return false;
    if (c.recall === 0) fresh.add(c.ticketId);
    return true;
  });
}

/**
 * The calls a hall may show: a ticket that left its counter without being served (absent, transferred,
 * requeued, cancelled, parked) leaves the list at once instead of still saying "→ counter".
 */
function liveCalls(calls: CallView[], ticket: PublicTicket | null): CallView[] {
  if (!ticket || SHOWN_CALL_STATES.includes(ticket.state)) return calls;
  return calls.filter((c) => c.ticketId !== ticket.id);
}

/**
 * Applies a delta to a snapshot, with no rule of the queue: what changed replaces what was. `held` for a delta the
 * snapshot already includes, and `null` when a delta is missing in between or the delta cannot be read against this
 * snapshot: the client must then ask for a new snapshot.
 */
export function applyDelta(
  snapshot: CenterSnapshot,
  type: CenterEventType,
  delta: CenterDelta,
): { snapshot: CenterSnapshot; event: CenterEvent } | 'held' | null {
  if (delta.s <= snapshot.seq) return 'held';
  if (delta.s !== snapshot.seq + 1) return null;
  const event = decodeDelta(snapshot, type, delta);
  return event && { snapshot: applyEvent(snapshot, event), event };
}
