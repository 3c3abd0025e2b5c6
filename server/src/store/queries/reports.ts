// Report figures (tickets and their logged transitions over service days) and citizens' ratings.
import type { ReportTx } from '../../reports/source.ts';
import { first, type Sql } from '../db.ts';
import { toRating } from '../rows.ts';

export function reportQueries({ db, x, d }: Sql): ReportTx {
  return {
    tickets: async (centerId, from, to) =>
      (
        await x.rows(
          db
            .selectFrom('tickets')
            .select(['id', 'area_id', 'service_day', 'state', 'issued_at'])
            .where('center_id', '=', centerId)
            .where('service_day', '>=', from)
            .where('service_day', '<=', to)
            .orderBy('issued_at'),
        )
      ).map((r) => ({ id: r.id, areaId: r.area_id, serviceDay: r.service_day, state: r.state, issuedAt: r.issued_at })),
    transitions: async (centerId, from, to) =>
      (
        await x.rows(
          db
            .selectFrom('events as e')
            .innerJoin('tickets as t', 't.id', 'e.ticket_id')
            .select([
              'e.ticket_id',
              'e.type',
              'e.at',
              'e.actor',
              'e.counter_id',
              d.jsonText('e.payload', ['ticket', 'areaId']).as('area_id'),
            ])
            .where('t.center_id', '=', centerId)
            .where('t.service_day', '>=', from)
            .where('t.service_day', '<=', to)
            .whereRef('e.center_id', '=', 't.center_id')
            .orderBy('e.seq'),
        )
      ).map((r) => ({
        ticketId: r.ticket_id ?? '',
        type: r.type,
        at: r.at,
        actor: r.actor,
        counterId: r.counter_id,
        areaId: r.area_id,
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
