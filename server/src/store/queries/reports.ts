// Report rows (tickets, their logged transitions and the counters' own events, dossiers over service days) and
// citizens' ratings. Every report statement is here: a read connection can be swapped in behind ReportTx.
import { sql } from 'kysely';
import type { ReportTx } from '../../reports/source.ts';
import { first, type Sql } from '../db.ts';
import { fromJson } from '../json.ts';
import { toRating } from '../rows.ts';

/** Steps that end a dossier's processing: the result (or a written refusal) is ready, or handed back. */
const FINISHING_STEPS = ['result_ready', 'returned', 'rejected'] as const;

export function reportQueries({ db, x, d }: Sql): ReportTx {
  return {
    tickets: async (centerId, from, to) =>
      (
        await x.rows(
          db
            .selectFrom('tickets')
            .select(['id', 'area_id', 'service_day', 'state', 'issued_at', 'priority', 'channel'])
            .where('center_id', '=', centerId)
            .where('service_day', '>=', from)
            .where('service_day', '<=', to)
            .orderBy('issued_at'),
        )
      ).map((r) => ({
        id: r.id,
        areaId: r.area_id,
        serviceDay: r.service_day,
        state: r.state,
        issuedAt: r.issued_at,
        priority: r.priority,
        channel: r.channel ?? 'kiosk',
      })),
    transitions: async (centerId, from, to, window) => {
      // The area is read from the event's JSON only where it changes (issue, transfer): typed columns otherwise.
      const areaOf = sql<string | null>`CASE WHEN e.type IN ('ticket:issued', 'ticket:transferred') THEN ${d.jsonText(
        'e.payload',
        ['ticket', 'areaId'],
      )} END`;
      const [ticketEvents, counterEvents] = await Promise.all([
        x.rows(
          db
            .selectFrom('events as e')
            .innerJoin('tickets as t', 't.id', 'e.ticket_id')
            .select([
              'e.seq',
              'e.ticket_id',
              'e.type',
              'e.at',
              'e.actor',
              'e.counter_id',
              'e.note',
              areaOf.as('area_id'),
            ])
            .where('t.center_id', '=', centerId)
            .where('t.service_day', '>=', from)
            .where('t.service_day', '<=', to)
            .whereRef('e.center_id', '=', 't.center_id')
            .orderBy('e.seq'),
        ),
        x.rows(
          db
            .selectFrom('events')
            .select(['seq', 'ticket_id', 'type', 'at', 'actor', 'counter_id', 'note', sql<null>`NULL`.as('area_id')])
            .where('center_id', '=', centerId)
            .where('ticket_id', 'is', null)
            .where('at', '>=', window.fromAt)
            .where('at', '<', window.toAt)
            .where('type', 'in', ['counter:opened', 'counter:closed', 'counter:paused', 'counter:resumed'])
            .orderBy('seq'),
        ),
      ]);
      return [...ticketEvents, ...counterEvents]
        .sort((a, b) => a.seq - b.seq)
        .map((r) => ({
          seq: r.seq,
          ticketId: r.ticket_id,
          type: r.type,
          at: r.at,
          actor: r.actor,
          counterId: r.counter_id,
          areaId: r.area_id,
          note: r.note,
        }));
    },
    dossiers: async (centerId, fromAt, toAt) =>
      (
        await x.rows(
          db
            .selectFrom('dossiers as dd')
            .select((eb) => [
              'dd.code',
              'dd.ticket_id',
              'dd.procedure_code',
              'dd.procedure_name',
              'dd.authority',
              'dd.status',
              'dd.received_at',
              'dd.due_at',
              eb
                .selectFrom('dossier_steps as s')
                .select((e2) => e2.fn.min('s.at').as('at'))
                .whereRef('s.dossier_code', '=', 'dd.code')
                .where('s.status', 'in', FINISHING_STEPS)
                .as('finished_at'),
            ])
            .where('dd.center_id', '=', centerId)
            .where('dd.received_at', '>=', fromAt)
            .where('dd.received_at', '<', toAt)
            .orderBy('dd.received_at'),
        )
      ).map((r) => ({
        code: r.code,
        ticketId: r.ticket_id,
        procedureCode: r.procedure_code,
        procedureName: r.procedure_name,
        authority: fromJson(r.authority),
        status: r.status,
        receivedAt: r.received_at,
        dueAt: r.due_at,
        finishedAt: r.finished_at ?? null,
      })),
    ratings: async (centerId, from, to) =>
      (
        await x.rows(
          db
            .selectFrom('ratings')
            .selectAll()
            .where('center_id', '=', centerId)
            .where('service_day', '>=', from)
            .where('service_day', '<=', to),
        )
      ).map(toRating),
    rating: async (ticketId) => {
      const r = await first(x, db.selectFrom('ratings').selectAll().where('ticket_id', '=', ticketId));
      return r ? toRating(r) : null;
    },
    insertRating: async (r) => {
      await x.run(
        db.insertInto('ratings').values({
          ticket_id: r.ticketId,
          center_id: r.centerId,
          area_id: r.areaId,
          counter_id: r.counterId,
          officer: r.officer,
          score: r.score,
          comment: r.comment,
          at: r.at,
          service_day: r.serviceDay,
        }),
      );
    },
  };
}
