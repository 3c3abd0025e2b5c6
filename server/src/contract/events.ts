// The realtime contract: every Socket.IO event name and payload, shared by the server and the apps.
import { Type, type Static } from 'typebox';
import { AreaView, CallView, CenterSnapshot, CounterView, Id, PublicTicket } from './model.ts';
import type { ResultCall } from './dossier.ts';
import type { TrackClientToServerEvents, TrackServerToClientEvents } from './notify.ts';
import type { PrintClientToServerEvents, PrintServerToClientEvents } from './print.ts';
import type { CenterHoursEvent } from './setup.ts';

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
] as const;
export type CenterEventType = (typeof CENTER_EVENT_TYPES)[number];

/**
 * One committed change of a center. It carries the new views of everything it changed, so a client
 * applies it without knowing the rules (see applyDelta), and a per-center `seq` to spot gaps.
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
});
export type CenterEvent = Static<typeof CenterEvent>;

export const SubscribeRequest = Type.Object({
  centerId: Id,
  /** A counter display or officer desk also joins its counter's room. */
  counterId: Type.Optional(Id),
});
export type SubscribeRequest = Static<typeof SubscribeRequest>;

export type SubscribeReply = { ok: true; snapshot: CenterSnapshot } | { ok: false; code: string; message: string };

export type ServerToClientEvents = { [K in CenterEventType]: (event: CenterEvent) => void } & PrintServerToClientEvents &
  TrackServerToClientEvents & {
  /** A citizen is called to a counter to collect a dossier's result (not part of the queue's numbered stream). */
  'dossier:result_call': (call: ResultCall) => void;
  /** The center's opening hours or the province calendar changed (not in the sequenced log). */
  'center:hours': (event: CenterHoursEvent) => void;
};

export interface ClientToServerEvents extends PrintClientToServerEvents, TrackClientToServerEvents {
  /** Join a center (and counter) room; the reply is a snapshot, deltas with a higher seq follow. */
  subscribe: (request: SubscribeRequest, reply: (res: SubscribeReply) => void) => void;
}

export const RECENT_CALLS = 10;

export const roomOfCenter = (centerId: string) => `center:${centerId}`;
export const roomOfCounter = (centerId: string, counterId: string) => `counter:${centerId}:${counterId}`;

function replaceById<T extends { id: string }>(list: T[], updates: T[]): T[] {
  if (updates.length === 0) return list;
  const byId = new Map(updates.map((u) => [u.id, u]));
  const next = list.map((item) => byId.get(item.id) ?? item);
  for (const u of updates) if (!list.some((item) => item.id === u.id)) next.push(u);
  return next;
}

/**
 * Applies a delta to a snapshot. Returns the snapshot unchanged for a delta it already holds, and
 * `null` when a delta is missing in between: the client must then ask for a new snapshot.
 */
export function applyDelta(snapshot: CenterSnapshot, event: CenterEvent): CenterSnapshot | null {
  if (event.seq <= snapshot.seq) return snapshot;
  if (event.seq !== snapshot.seq + 1) return null;
  return {
    ...snapshot,
    seq: event.seq,
    at: event.at,
    counters: replaceById(snapshot.counters, event.counters),
    areas: replaceById(snapshot.areas, event.areas),
    recentCalls: liveCalls(event.call ? [event.call, ...snapshot.recentCalls].slice(0, RECENT_CALLS) : snapshot.recentCalls, event.ticket),
    announcement: event.announcement === undefined ? snapshot.announcement : event.announcement,
  };
}

/** States in which a called ticket still stands on the hall's list: at its counter, or served there. */
export const SHOWN_CALL_STATES: readonly PublicTicket['state'][] = ['called', 'serving', 'done'];

/**
 * The calls a hall may show: a ticket that left its counter without being served (absent, transferred,
 * requeued, cancelled, parked) leaves the list at once instead of still saying "→ counter".
 */
function liveCalls(calls: CallView[], ticket: PublicTicket | null): CallView[] {
  if (!ticket || SHOWN_CALL_STATES.includes(ticket.state)) return calls;
  return calls.filter((c) => c.ticketId !== ticket.id);
}
