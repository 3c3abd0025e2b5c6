// SQL of reports and ratings, on the SqliteStore's connection and inside its transactions.
import type Database from 'better-sqlite3';
import { type Row, toRating } from '../store/rows.ts';
import type { ReportTicket, ReportTx, Transition } from './source.ts';

const SQL = {
  tickets: `SELECT id, area_id, service_day, state, issued_at FROM tickets
    WHERE center_id = ? AND service_day BETWEEN ? AND ? ORDER BY issued_at`,
  transitions: `SELECT e.ticket_id, e.type, e.at, e.actor, e.counter_id, json_extract(e.payload, '$.ticket.areaId') AS area_id
    FROM events e JOIN tickets t ON t.id = e.ticket_id
    WHERE t.center_id = ? AND t.service_day BETWEEN ? AND ? AND e.center_id = t.center_id
    ORDER BY e.seq`,
  ratings: `SELECT * FROM ratings WHERE center_id = ? AND service_day BETWEEN ? AND ?`,
  rating: `SELECT * FROM ratings WHERE ticket_id = ?`,
  insertRating: `INSERT INTO ratings (ticket_id, center_id, area_id, counter_id, officer, score, comment, at, service_day)
    VALUES (@ticketId, @centerId, @areaId, @counterId, @officer, @score, @comment, @at, @serviceDay)`,
} as const;

export function sqliteReportTx(db: Database.Database): ReportTx {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as { [K in keyof typeof SQL]: Database.Statement };
  return {
    tickets: async (centerId, from, to) =>
      (s.tickets.all(centerId, from, to) as Row[]).map(
        (r): ReportTicket => ({ id: r.id as string, areaId: r.area_id as string, serviceDay: r.service_day as string, state: r.state as ReportTicket['state'], issuedAt: r.issued_at as string }),
      ),
    transitions: async (centerId, from, to) =>
      (s.transitions.all(centerId, from, to) as Row[]).map(
        (r): Transition => ({
          ticketId: r.ticket_id as string,
          type: r.type as string,
          at: r.at as string,
          actor: r.actor as string,
          counterId: (r.counter_id as string | null) ?? null,
          areaId: r.area_id as string,
        }),
      ),
    ratings: async (centerId, from, to) => (s.ratings.all(centerId, from, to) as Row[]).map(toRating),
    rating: async (ticketId) => {
      const r = s.rating.get(ticketId) as Row | undefined;
      return r ? toRating(r) : null;
    },
    insertRating: async (rating) => {
      s.insertRating.run(rating);
    },
  };
}
