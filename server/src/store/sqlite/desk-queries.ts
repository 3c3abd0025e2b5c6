// SQL of the desk (see ../desk.ts) on the SqliteStore's connection, inside its transactions.
import type Database from 'better-sqlite3';
import type { DeskTx } from '../desk.ts';
import { type Row, toTicket } from '../rows.ts';

const SQL = {
  parked: `SELECT t.*, CASE WHEN t.state = 'held'
      THEN (SELECT max(e.at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket:held') ELSE t.finished_at END AS since
    FROM tickets t WHERE t.center_id = ? AND t.service_day = ? AND t.state IN ('held', 'no_show') ORDER BY t.queued_at, t.number`,
  autoCall: `SELECT auto_call FROM counter_settings WHERE center_id = ? AND counter_id = ?`,
  setAutoCall: `INSERT INTO counter_settings (center_id, counter_id, auto_call) VALUES (?, ?, ?)
    ON CONFLICT (center_id, counter_id) DO UPDATE SET auto_call = excluded.auto_call`,
  officerDay: `SELECT e.type, count(*) AS n FROM tickets t JOIN events e ON e.ticket_id = t.id
    WHERE t.center_id = ? AND t.service_day = ? AND e.actor = ? AND e.type IN ('ticket:completed', 'ticket:no_show') GROUP BY e.type`,
  announcement: `SELECT text FROM center_notices WHERE center_id = ?`,
  setAnnouncement: `INSERT INTO center_notices (center_id, text, set_at, set_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (center_id) DO UPDATE SET text = excluded.text, set_at = excluded.set_at, set_by = excluded.set_by`,
  clearAnnouncement: `DELETE FROM center_notices WHERE center_id = ?`,
  setCallTemplate: `UPDATE centers SET settings = json_set(settings, '$.callTemplate', ?) WHERE id = ?`,
  requeuePrintJob: `UPDATE print_jobs SET state = 'queued', message = NULL, created_at = ?, updated_at = ? WHERE id = ? AND state IN ('failed', 'expired')`,
};

export function sqliteDeskTx(db: Database.Database): DeskTx {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof SQL, Database.Statement>;
  return {
    parked: async (centerId, day) => (s.parked.all(centerId, day) as Row[]).map((r) => ({ ticket: toTicket(r), since: (r.since as string | null) ?? null })),
    autoCall: async (centerId, counterId) => ((s.autoCall.get(centerId, counterId) as Row | undefined)?.auto_call ?? 0) === 1,
    setAutoCall: async (centerId, counterId, on) => {
      s.setAutoCall.run(centerId, counterId, on ? 1 : 0);
    },
    officerDay: async (centerId, day, actor) => {
      const counts = new Map((s.officerDay.all(centerId, day, actor) as Row[]).map((r) => [r.type as string, r.n as number]));
      return { served: counts.get('ticket:completed') ?? 0, noShows: counts.get('ticket:no_show') ?? 0 };
    },
    announcement: async (centerId) => ((s.announcement.get(centerId) as Row | undefined)?.text as string | undefined) ?? null,
    setAnnouncement: async (centerId, text, at, by) => {
      if (text === null) s.clearAnnouncement.run(centerId);
      else s.setAnnouncement.run(centerId, text, at, by);
    },
    setCallTemplate: async (centerId, template) => {
      s.setCallTemplate.run(template, centerId);
    },
    requeuePrintJob: async (jobId, at) => s.requeuePrintJob.run(at, at, jobId).changes === 1,
  };
}
