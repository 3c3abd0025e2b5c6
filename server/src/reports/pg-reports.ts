// SQL of reports and ratings on PostgreSQL, on the connection of the PgStore's transaction.
import type { ClientBase } from 'pg';
import { first, statements } from '../store/postgres/query.ts';
import { toRating } from '../store/rows.ts';
import type { ReportTicket, ReportTx, Transition } from './source.ts';

const SQL = {
  tickets: `SELECT id, area_id, service_day, state, issued_at FROM tickets
    WHERE center_id = $1 AND service_day BETWEEN $2 AND $3 ORDER BY issued_at`,
  transitions: `SELECT e.ticket_id, e.type, e.at, e.actor, e.counter_id, e.payload::jsonb -> 'ticket' ->> 'areaId' AS area_id
    FROM events e JOIN tickets t ON t.id = e.ticket_id
    WHERE t.center_id = $1 AND t.service_day BETWEEN $2 AND $3 AND e.center_id = t.center_id
    ORDER BY e.seq`,
  ratings: `SELECT * FROM ratings WHERE center_id = $1 AND service_day BETWEEN $2 AND $3`,
  rating: `SELECT * FROM ratings WHERE ticket_id = $1`,
  insertRating: `INSERT INTO ratings (ticket_id, center_id, area_id, counter_id, officer, score, comment, at, service_day)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
} as const;

export function pgReportTx(client: ClientBase): ReportTx {
  const run = statements('reports', SQL, client);
  return {
    tickets: async (centerId, from, to) =>
      (await run('tickets', [centerId, from, to])).rows.map(
        (r): ReportTicket => ({ id: r.id as string, areaId: r.area_id as string, serviceDay: r.service_day as string, state: r.state as ReportTicket['state'], issuedAt: r.issued_at as string }),
      ),
    transitions: async (centerId, from, to) =>
      (await run('transitions', [centerId, from, to])).rows.map(
        (r): Transition => ({
          ticketId: r.ticket_id as string,
          type: r.type as string,
          at: r.at as string,
          actor: r.actor as string,
          counterId: (r.counter_id as string | null) ?? null,
          areaId: r.area_id as string,
        }),
      ),
    ratings: async (centerId, from, to) => (await run('ratings', [centerId, from, to])).rows.map(toRating),
    rating: async (ticketId) => {
      const r = first(await run('rating', [ticketId]));
      return r ? toRating(r) : null;
    },
    insertRating: async (r) => {
      await run('insertRating', [r.ticketId, r.centerId, r.areaId, r.counterId, r.officer, r.score, r.comment, r.at, r.serviceDay]);
    },
  };
}
