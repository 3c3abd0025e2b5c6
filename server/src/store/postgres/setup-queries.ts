// SQL of province setup (audit log, opening hours, calendar, procedure cut-off) on PostgreSQL, on the connection
// of the PgStore's transaction.
import type { ClientBase } from 'pg';
import type { SetupTx } from '../setup.ts';
import { toAuditEntry, toCalendarDay, toCalendarYear } from '../setup-rows.ts';
import { first, statements } from './query.ts';

const FILTER = `province_id = $1 AND ($2::text IS NULL OR center_id = $2::text)
    AND ($3::text IS NULL OR entity_kind = $3::text) AND ($4::text IS NULL OR entity_id = $4::text)
    AND ($5::text IS NULL OR actor = $5::text) AND ($6::text IS NULL OR at >= $6::text) AND ($7::text IS NULL OR at < $7::text)`;

const SQL = {
  insertAudit: `INSERT INTO audit_log (at, actor, role, province_id, center_id, action, entity_kind, entity_id, before_json, after_json)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  auditEntries: `SELECT * FROM audit_log WHERE ${FILTER} ORDER BY id DESC LIMIT $8 OFFSET $9`,
  auditCount: `SELECT count(*)::int AS n FROM audit_log WHERE ${FILTER}`,
  centerHours: `SELECT * FROM center_hours WHERE center_id = $1`,
  setCenterHours: `INSERT INTO center_hours (center_id, hours, updated_at, updated_by) VALUES ($1, $2, $3, $4)
    ON CONFLICT (center_id) DO UPDATE SET hours = excluded.hours, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  calendarYears: `SELECT * FROM calendar_years WHERE province_id = $1 ORDER BY year`,
  calendarDays: `SELECT day, kind, note FROM calendar_days WHERE province_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`,
  upsertCalendarYear: `INSERT INTO calendar_years (province_id, year, status, note, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (province_id, year) DO UPDATE SET status = excluded.status, note = excluded.note,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  deleteCalendarDays: `DELETE FROM calendar_days WHERE province_id = $1 AND day >= $2 AND day <= $3`,
  insertCalendarDay: `INSERT INTO calendar_days (province_id, day, kind, note) VALUES ($1, $2, $3, $4)`,
  setProcedureCutoff: `UPDATE procedures SET after_hours_cutoff = $1 WHERE code = $2`,
} as const;

export function pgSetupTx(client: Pick<ClientBase, 'query'>): SetupTx {
  const run = statements('setup', SQL, client);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return {
    insertAudit: async (e) => {
      await run('insertAudit', [e.at, e.actor, e.role, e.provinceId, e.centerId, e.action, e.entityKind, e.entityId, json(e.before), json(e.after)]);
    },
    auditEntries: async (f) => {
      const where = [f.provinceId, f.centerId, f.entityKind, f.entityId, f.actor, f.from, f.to];
      const entries = (await run('auditEntries', [...where, f.limit, f.offset])).rows.map(toAuditEntry);
      return { entries, total: first(await run('auditCount', where))!.n as number };
    },
    centerHours: async (centerId) => {
      const r = first(await run('centerHours', [centerId]));
      return r ? { hours: JSON.parse(r.hours as string), updatedAt: r.updated_at as string, updatedBy: r.updated_by as string } : null;
    },
    setCenterHours: async (centerId, h) => {
      await run('setCenterHours', [centerId, JSON.stringify(h.hours), h.updatedAt, h.updatedBy]);
    },
    calendarYears: async (provinceId) => (await run('calendarYears', [provinceId])).rows.map(toCalendarYear),
    calendarDays: async (provinceId, fromDay, toDay) => (await run('calendarDays', [provinceId, fromDay, toDay])).rows.map(toCalendarDay),
    setCalendarYear: async (provinceId, y, days) => {
      await run('upsertCalendarYear', [provinceId, y.year, y.status, y.note, y.updatedAt, y.updatedBy]);
      await run('deleteCalendarDays', [provinceId, `${y.year}-01-01`, `${y.year}-12-31`]);
      for (const d of days) await run('insertCalendarDay', [provinceId, d.day, d.kind, d.note]);
    },
    setProcedureCutoff: async (code, cutoff) => {
      await run('setProcedureCutoff', [cutoff, code]);
    },
  };
}
