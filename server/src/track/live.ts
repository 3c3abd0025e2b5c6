// The live tracking feed: a citizen's page emits `track:subscribe {code, secret}` and, once the pair is checked
// (same rule and same rate limit as GET /api/track), joins its ticket's room and gets `track:update` after each
// commit that changes the ticket or its place. Only tickets followed on this instance are recomputed, and only
// those of the areas a change touched; an update goes out only when the view differs from the last one sent.
import type { IncomingMessage } from 'node:http';
import { Compile } from 'typebox/compile';
import { type CenterEvent, roomOfTrack, type TrackChange, TrackSubscribeRequest, type TrackView } from '@luot/contract';
import type { DossierService } from '../dossier/service.ts';
import { DomainError } from '../engine/domain-error.ts';
import { errorBody } from '@luot/contract';
import type { QueueService } from '../queue/service.ts';
import type { RealtimeServer } from '../realtime/socket.ts';
import { KeyedSerial } from './keyed-serial.ts';
import type { AddressLimiter } from './limiter.ts';
import { holderTicket, trackViewOf } from './views.ts';

const validSubscribe = Compile(TrackSubscribeRequest);
/** Tickets one connection may follow (a family at the counter). */
export const MAX_TRACKED_PER_SOCKET = 5;

interface Followed {
  centerId: string;
  areaId: string;
  /** The view last sent, to send only changes. */
  last: string;
}

export interface LiveTracking {
  /** Waits for the recomputations queued so far (tests). */
  idle(): Promise<void>;
}

export function attachTracking(
  io: RealtimeServer,
  deps: {
    queue: QueueService;
    dossiers: DossierService;
    limiter: AddressLimiter;
    /** The client's address under TRUST_PROXY, as HTTP requests name it (the budget is shared with them). */
    clientAddress: (req: IncomingMessage) => string;
    clustered: boolean;
    log: { warn(obj: object, msg: string): void };
  },
): LiveTracking {
  const { queue, dossiers, limiter, clientAddress, log } = deps;
  const followed = new Map<string, Followed>();
  const serial = new KeyedSerial();
  const ticketOfRoom = (room: string) => (room.startsWith('track:') ? room.slice('track:'.length) : null);

  // The last follower of a ticket on this instance left: stop recomputing it.
  io.of('/').adapter.on('delete-room', (room: string) => {
    const id = ticketOfRoom(room);
    if (id) followed.delete(id);
  });

  async function recompute(change: TrackChange): Promise<void> {
    const areas = new Set(change.areaIds);
    const wanted = [...followed].filter(
      ([id, f]) => change.ticketIds.includes(id) || (f.centerId === change.centerId && areas.has(f.areaId)),
    );
    if (wanted.length === 0) return;
    const views = await queue.store.transaction(async (tx) => {
      const out: { id: string; areaId: string; view: TrackView }[] = [];
      for (const [id] of wanted) {
        const ticket = await tx.ticket(id);
        if (ticket) out.push({ id, areaId: ticket.areaId, view: await trackViewOf(tx, ticket, dossiers.payOnline) });
      }
      return out;
    });
    for (const { id, areaId, view } of views) {
      const f = followed.get(id);
      if (!f) continue;
      f.areaId = areaId;
      const json = JSON.stringify(view);
      if (json === f.last) continue;
      f.last = json;
      io.local.to(roomOfTrack(id)).emit('track:update', view);
    }
  }

  const schedule = (change: TrackChange) =>
    serial.run(
      change.centerId ?? 'dossiers',
      () => recompute(change),
      (err) => log.warn({ err }, 'tracking update failed'),
    );
  const changed = (change: TrackChange) => {
    schedule(change);
    // Other instances recompute for their own followers.
    if (deps.clustered) io.serverSideEmit('track:changed', change);
  };

  queue.onEvent((event: CenterEvent) =>
    changed({
      centerId: event.centerId,
      areaIds: event.areas.map((a) => a.id),
      ticketIds: event.ticket ? [event.ticket.id] : [],
    }),
  );
  dossiers.onStatus((c) => changed({ centerId: null, areaIds: [], ticketIds: [c.ticketId] }));
  io.on('track:changed', (change) => schedule(change));

  io.on('connection', (socket) => {
    socket.on('track:subscribe', async (request, reply) => {
      if (typeof reply !== 'function') return;
      const refuse = (code: 'VALIDATION' | 'RATE_LIMITED' | 'DOSSIER_NOT_FOUND' | 'INTERNAL', detail?: string) => {
        const body = errorBody(code, detail);
        reply({ ok: false, code: body.code, message: body.message, messageVi: body.messageVi });
      };
      if (!validSubscribe.Check(request)) return refuse('VALIDATION', 'track:subscribe needs { code, secret }');
      if (!(await limiter.hit(clientAddress(socket.request)))) return refuse('RATE_LIMITED');
      try {
        const { ticket, view } = await queue.store.transaction(async (tx) => {
          const t = await holderTicket(tx, request.code, request.secret);
          return { ticket: t, view: await trackViewOf(tx, t, dossiers.payOnline) };
        });
        const room = roomOfTrack(ticket.id);
        if (
          !socket.rooms.has(room) &&
          [...socket.rooms].filter((r) => ticketOfRoom(r)).length >= MAX_TRACKED_PER_SOCKET
        ) {
          return refuse('VALIDATION', `at most ${MAX_TRACKED_PER_SOCKET} tickets per connection`);
        }
        await socket.join(room);
        const f = followed.get(ticket.id);
        followed.set(ticket.id, {
          centerId: ticket.centerId,
          areaId: ticket.areaId,
          last: f?.last ?? JSON.stringify(view),
        });
        reply({ ok: true, view });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'DOSSIER_NOT_FOUND') return refuse('DOSSIER_NOT_FOUND');
        log.warn({ err }, 'track:subscribe failed');
        refuse('INTERNAL');
      }
    });
  });

  return { idle: () => serial.idle() };
}
