// SQL of the desk (see ../desk.ts) on PostgreSQL, on the connection of the PgStore's transaction.
import type { ClientBase } from 'pg';
import type { DeskTx } from '../desk.ts';
import { toTicket } from '../rows.ts';
import { first, statements } from './query.ts';

const SQL = {
  parked: `SELECT t.*, CASE WHEN t.state = 'held'
      THEN (SELECT max(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket:held') ELSE t.finished_at END AS since
    FROM tickets t WHERE t.center_id = $1 AND t.service_day = $2 AND t.state IN ('held', 'no_show') ORDER BY t.queued_at, t.number`,
  autoCall: `SELECT auto_call FROM counter_settings WHERE center_id = $1 AND counter_id = $2`,
  setAutoCall: `INSERT INTO counter_settings (center_id, counter_id, auto_call) VALUES ($1, $2, $3)
    ON CONFLICT (center_id, counter_id) DO UPDATE SET auto_call = excluded.auto_call`,
  officerDay: `SELECT e.type, count(*)::int AS n FROM tickets t JOIN events e ON e.ticket_id = t.id
    WHERE t.center_id = $1 AND t.service_day = $2 AND e.actor = $3 AND e.type IN ('ticket:completed', 'ticket:no_show') GROUP BY e.type`,
  announcement: `SELECT text FROM center_notices WHERE center_id = $1`,
  setAnnouncement: `INSERT INTO center_notices (center_id, text, set_at, set_by) VALUES ($1, $2, $3, $4)
    ON CONFLICT (center_id) DO UPDATE SET text = excluded.text, set_at = excluded.set_at, set_by = excluded.set_by`,
  clearAnnouncement: `DELETE FROM center_notices WHERE center_id = $1`,
  setCallTemplate: `UPDATE centers SET settings = jsonb_set(settings::jsonb, '{callTemplate}', to_jsonb($2::text))::text WHERE id = $1`,
  requeuePrintJob: `UPDATE print_jobs SET state = 'queued', message = NULL, created_at = $1, updated_at = $1 WHERE id = $2 AND state IN ('failed', 'expired')`,
};

export function pgDeskTx(client: Pick<ClientBase, 'query'>): DeskTx {
  const run = statements('desk', SQL, client);
  return {
    parked: async (centerId, day) => (await run('parked', [centerId, day])).rows.map((r) => ({ ticket: toTicket(r), since: (r.since as string | null) ?? null })),
    autoCall: async (centerId, counterId) => first(await run('autoCall', [centerId, counterId]))?.auto_call === true,
    setAutoCall: async (centerId, counterId, on) => {
      await run('setAutoCall', [centerId, counterId, on]);
    },
    officerDay: async (centerId, day, actor) => {
      const counts = new Map((await run('officerDay', [centerId, day, actor])).rows.map((r) => [r.type as string, r.n as number]));
      return { served: counts.get('ticket:completed') ?? 0, noShows: counts.get('ticket:no_show') ?? 0 };
    },
    announcement: async (centerId) => (first(await run('announcement', [centerId]))?.text as string | undefined) ?? null,
    setAnnouncement: async (centerId, text, at, by) => {
      if (text === null) await run('clearAnnouncement', [centerId]);
      else await run('setAnnouncement', [centerId, text, at, by]);
    },
    setCallTemplate: async (centerId, template) => {
      await run('setCallTemplate', [centerId, template]);
    },
    requeuePrintJob: async (jobId, at) => (await run('requeuePrintJob', [at, jobId])).rowCount === 1,
  };
}
