// SQL of province setup (audit log, opening hours, calendar, procedure cut-off) on the SqliteStore's connection,
// inside its transactions.
import type Database from 'better-sqlite3';
import type { CalendarDay } from '../../contract/index.ts';
import type { Row } from '../rows.ts';
import type { SetupTx, StoredCalendarYear } from '../setup.ts';
import { toAuditEntry, toCalendarDay, toCalendarYear } from '../setup-rows.ts';

const FILTER = `province_id = @provinceId AND (@centerId IS NULL OR center_id = @centerId)
    AND (@entityKind IS NULL OR entity_kind = @entityKind) AND (@entityId IS NULL OR entity_id = @entityId)
    AND (@actor IS NULL OR actor = @actor) AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)`;

const SQL = {
  insertAudit: `INSERT INTO audit_log (at, actor, role, province_id, center_id, action, entity_kind, entity_id, before_json, after_json)
    VALUES (@at, @actor, @role, @provinceId, @centerId, @action, @entityKind, @entityId, @before, @after)`,
  auditEntries: `SELECT * FROM audit_log WHERE ${FILTER} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
  auditCount: `SELECT count(*) AS n FROM audit_log WHERE ${FILTER}`,
  centerHours: `SELECT * FROM center_hours WHERE center_id = ?`,
  setCenterHours: `INSERT INTO center_hours (center_id, hours, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (center_id) DO UPDATE SET hours = excluded.hours, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  calendarYears: `SELECT * FROM calendar_years WHERE province_id = ? ORDER BY year`,
  calendarDays: `SELECT day, kind, note FROM calendar_days WHERE province_id = ? AND day >= ? AND day <= ? ORDER BY day`,
  upsertCalendarYear: `INSERT INTO calendar_years (province_id, year, status, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (province_id, year) DO UPDATE SET status = excluded.status, note = excluded.note,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  deleteCalendarDays: `DELETE FROM calendar_days WHERE province_id = ? AND day >= ? AND day <= ?`,
  insertCalendarDay: `INSERT INTO calendar_days (province_id, day, kind, note) VALUES (?, ?, ?, ?)`,
  setProcedureCutoff: `UPDATE procedures SET after_hours_cutoff = ? WHERE code = ?`,
} as const;

export function sqliteSetupTx(db: Database.Database): SetupTx {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as { [K in keyof typeof SQL]: Database.Statement };
  return {
    insertAudit: async (e) => {
      s.insertAudit.run({ ...e, before: e.before === null ? null : JSON.stringify(e.before), after: e.after === null ? null : JSON.stringify(e.after) });
    },
    auditEntries: async (f) => ({
      entries: (s.auditEntries.all(f) as Row[]).map(toAuditEntry),
      total: (s.auditCount.get(f) as Row).n as number,
    }),
    centerHours: async (centerId) => {
      const r = s.centerHours.get(centerId) as Row | undefined;
      return r ? { hours: JSON.parse(r.hours as string), updatedAt: r.updated_at as string, updatedBy: r.updated_by as string } : null;
    },
    setCenterHours: async (centerId, h) => {
      s.setCenterHours.run(centerId, JSON.stringify(h.hours), h.updatedAt, h.updatedBy);
    },
    calendarYears: async (provinceId) => (s.calendarYears.all(provinceId) as Row[]).map(toCalendarYear),
    calendarDays: async (provinceId, fromDay, toDay) => (s.calendarDays.all(provinceId, fromDay, toDay) as Row[]).map(toCalendarDay),
    setCalendarYear: async (provinceId, y: StoredCalendarYear, days: CalendarDay[]) => {
      s.upsertCalendarYear.run(provinceId, y.year, y.status, y.note, y.updatedAt, y.updatedBy);
      s.deleteCalendarDays.run(provinceId, `${y.year}-01-01`, `${y.year}-12-31`);
      for (const d of days) s.insertCalendarDay.run(provinceId, d.day, d.kind, d.note);
    },
    setProcedureCutoff: async (code, cutoff) => {
      s.setProcedureCutoff.run(cutoff, code);
    },
  };
}

