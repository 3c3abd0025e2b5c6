// Tickets, the per-day sequences that number them, and the centers' event log.
import { sql } from 'kysely';
import type { CenterEvent, Ticket, TicketTransition } from '@luot/contract';
import { countAll as count, first, type Sql } from '../db.ts';
import { fromJson, toJson } from '../json.ts';
import { toTicket, toTransition } from '../rows.ts';
import type { IdempotentRequest, Tx } from '../store.ts';

export type TicketQueries = Pick<
  Tx,
  | 'ticket'
  | 'tickets'
  | 'ticketByIdempotencyKey'
  | 'waitingTickets'
  | 'firstInLine'
  | 'firstAppointment'
  | 'firstForCounter'
  | 'countInLine'
  | 'waitingCount'
  | 'recentServiceMs'
  | 'nextSequence'
  | 'lastSeq'
  | 'recentCalls'
  | 'insertTicket'
  | 'updateTicket'
  | 'appendEvent'
>;

/** Priority or not, as the line index (tickets_line) keys it. */
const isPriority = sql<boolean>`(priority <> 'none')`;

export function ticketQueries({ db, x, d }: Sql): TicketQueries {
  const tickets = db.selectFrom('tickets').selectAll();
  const waiting = (centerId: string) => tickets.where('center_id', '=', centerId).where('state', '=', 'waiting');
  const one = async (query: typeof tickets) => {
    const r = await first(x, query);
    return r ? toTicket(r) : null;
  };
  return {
    ticket: async (id) => one(tickets.where('id', '=', id)),
    tickets: async (ids) => {
      if (ids.length === 0) return [];
      const byId = new Map((await x.rows(tickets.where('id', 'in', ids))).map((r) => [r.id, toTicket(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    ticketByIdempotencyKey: async (centerId, key) => {
      const r = await first(x, tickets.where('center_id', '=', centerId).where('idempotency_key', '=', key));
      return r ? { ticket: toTicket(r), requestHash: r.request_hash ?? '' } : null;
    },
    waitingTickets: async (centerId, areaIds) => {
      const all = (await x.rows(waiting(centerId).orderBy('queued_at').orderBy('number'))).map(toTicket);
      return areaIds ? all.filter((t) => areaIds.includes(t.areaId)) : all;
    },
    firstInLine: async (centerId, areaId, priority, skipUnconfirmed) => {
      let query = waiting(centerId)
        .where('area_id', '=', areaId)
        .where('assigned_counter_id', 'is', null)
        .where(isPriority, '=', priority)
        .where('due_at', 'is', null);
      if (skipUnconfirmed)
        query = query.where((eb) => eb.or([eb('channel', '<>', 'online'), eb('confirmed_at', 'is not', null)]));
      return one(query.orderBy('queued_at').orderBy('number').limit(1));
    },
    firstAppointment: async (centerId, areaId) =>
      one(
        waiting(centerId)
          .where('area_id', '=', areaId)
          .where('assigned_counter_id', 'is', null)
          .where('due_at', 'is not', null)
          .orderBy('due_at')
          .orderBy('number')
          .limit(1),
      ),
    firstForCounter: async (centerId, counterId) =>
      one(
        waiting(centerId).where('assigned_counter_id', '=', counterId).orderBy('queued_at').orderBy('number').limit(1),
      ),
    countInLine: async (centerId, areaId, slice) => {
      let query = db
        .selectFrom('tickets')
        .select(count.as('n'))
        .where('center_id', '=', centerId)
        .where('area_id', '=', areaId)
        .where('state', '=', 'waiting')
        .where('assigned_counter_id', 'is', null)
        .where(isPriority, '=', slice.priority);
      const before = slice.before;
      if (before) {
        query = query.where((eb) =>
          eb.or([
            eb('queued_at', '<', before.queuedAt),
            eb.and([eb('queued_at', '=', before.queuedAt), eb('number', '<', before.number)]),
          ]),
        );
      }
      return (await first(x, query))?.n ?? 0;
    },
    waitingCount: async (centerId, areaId) =>
      (
        await first(
          x,
          db
            .selectFrom('tickets')
            .select(count.as('n'))
            .where('center_id', '=', centerId)
            .where('area_id', '=', areaId)
            .where('state', '=', 'waiting'),
        )
      )?.n ?? 0,
    recentServiceMs: async (centerId, areaId, limit) =>
      (
        await x.rows(
          db
            .selectFrom('tickets')
            .select(d.msBetween('serving_at', 'finished_at').as('ms'))
            .where('center_id', '=', centerId)
            .where('area_id', '=', areaId)
            .where('state', '=', 'done')
            .where('serving_at', 'is not', null)
            .orderBy('finished_at', 'desc')
            .limit(limit),
        )
      ).map((r) => Math.round(Number(r.ms))),
    nextSequence: async (centerId, scope, day) => {
      const r = await first(
        x,
        db
          .insertInto('day_sequences')
          .values({ center_id: centerId, scope, day, value: 1 })
          .onConflict((oc) =>
            oc.columns(['center_id', 'scope', 'day']).doUpdateSet({ value: sql<number>`day_sequences.value + 1` }),
          )
          .returning('value'),
      );
      if (!r) throw new Error('day sequence not returned');
      return r.value;
    },
    lastSeq: async (centerId) =>
      (await first(x, db.selectFrom('centers').select('last_seq').where('id', '=', centerId)))?.last_seq ?? 0,
    recentCalls: async (centerId, limit) =>
      (
        await x.rows(
          db
            .selectFrom('events')
            .select('payload')
            .where('center_id', '=', centerId)
            // The calls the hall shows (events_calls): a ticket called, recalled, chosen, or a parked one called back.
            .where('type', 'in', ['ticket:called', 'ticket:recalled', 'ticket:called_chosen', 'ticket:unheld'])
            .orderBy('seq', 'desc')
            .limit(limit),
        )
      ).flatMap((r) => {
        const call = fromJson(r.payload).call;
        return call ? [call] : [];
      }),

    insertTicket: async (t: Ticket, idem: IdempotentRequest | null) => {
      await x.run(
        db.insertInto('tickets').values({
          ...ticketColumns(t),
          id: t.id,
          center_id: t.centerId,
          number: t.number,
          service_day: t.serviceDay,
          priority: t.priority,
          dossier_code: t.dossierCode,
          tracking_secret: t.trackingSecret,
          issued_at: t.issuedAt,
          kiosk_id: t.kioskId,
          channel: t.channel,
          due_at: t.dueAt,
          idempotency_key: idem?.key ?? null,
          request_hash: idem?.requestHash ?? null,
        }),
      );
    },
    updateTicket: async (t: Ticket) => {
      await x.run(db.updateTable('tickets').set(ticketColumns(t)).where('id', '=', t.id));
    },
    appendEvent: async (centerId, build) => {
      const bumped = await first(
        x,
        db
          .updateTable('centers')
          .set({ last_seq: sql<number>`last_seq + 1` })
          .where('id', '=', centerId)
          .returning('last_seq'),
      );
      if (!bumped) throw new Error(`center ${centerId} not found`);
      const seq = bumped.last_seq;
      const logged = build(seq);
      const e: CenterEvent = logged.event;
      await x.run(
        db.insertInto('events').values({
          center_id: e.centerId,
          seq,
          type: e.type,
          at: e.at,
          actor: logged.actor,
          ticket_id: logged.ticketId,
          counter_id: logged.counterId,
          note: logged.note,
          payload: toJson(e),
        }),
      );
      return e;
    },
  };
}

/** The columns of a ticket that change as it moves. */
const ticketColumns = (t: Ticket) => ({
  area_id: t.areaId,
  state: t.state,
  queued_at: t.queuedAt,
  called_at: t.calledAt,
  serving_at: t.servingAt,
  finished_at: t.finishedAt,
  counter_id: t.counterId,
  assigned_counter_id: t.assignedCounterId,
  recall_count: t.recallCount,
  transfer_count: t.transferCount,
  confirmed_at: t.confirmedAt,
});

/** Reads outside a transaction (Store). */
export function logReads({ db, x }: Sql) {
  return {
    eventsAfter: async (centerId: string, seq: number, limit: number): Promise<CenterEvent[]> =>
      (
        await x.rows(
          db
            .selectFrom('events')
            .select('payload')
            .where('center_id', '=', centerId)
            .where('seq', '>', seq)
            .orderBy('seq')
            .limit(limit),
        )
      ).map((r) => fromJson(r.payload)),
    ticketHistory: async (ticketId: string): Promise<TicketTransition[]> =>
      (
        await x.rows(
          db
            .selectFrom('events')
            .select(['seq', 'type', 'at', 'actor', 'counter_id', 'note'])
            .where('ticket_id', '=', ticketId)
            .orderBy('center_id')
            .orderBy('seq'),
        )
      ).map(toTransition),
  };
}
