// Province setup: the audit log, centers' opening hours, the province calendar and a procedure's cut-off.
import type { CalendarDay } from '@luot/contract';
import { countAll, first, type Sql } from '../db.ts';
import { fromJson, toJson } from '../json.ts';
import type { JsonText, Row } from '../schema.ts';
import type { AuditFilter, SetupTx, StoredCalendarYear } from '../setup.ts';

const fromJsonOrNull = <T>(text: JsonText<T> | null): T | null => (text === null ? null : fromJson(text));

const toCalendarYear = (r: Row<'calendar_years'>): StoredCalendarYear => ({
  year: r.year,
  status: r.status,
  note: r.note,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export function setupQueries({ db, x }: Sql): SetupTx {
  /** The audit entries a filter keeps: each condition only when it is given. */
  const audit = (f: AuditFilter) => {
    let q = db.selectFrom('audit_log').where('province_id', '=', f.provinceId);
    if (f.centerId !== null) q = q.where('center_id', '=', f.centerId);
    if (f.entityKind !== null) q = q.where('entity_kind', '=', f.entityKind);
    if (f.entityId !== null) q = q.where('entity_id', '=', f.entityId);
    if (f.actor !== null) q = q.where('actor', '=', f.actor);
    if (f.from !== null) q = q.where('at', '>=', f.from);
    if (f.to !== null) q = q.where('at', '<', f.to);
    return q;
  };
  return {
    insertAudits: async (entries) => {
      if (entries.length === 0) return;
      await x.run(
        db.insertInto('audit_log').values(
          entries.map((e) => ({
            at: e.at,
            actor: e.actor,
            role: e.role,
            province_id: e.provinceId,
            center_id: e.centerId,
            action: e.action,
            entity_kind: e.entityKind,
            entity_id: e.entityId,
            before_json: e.before === null ? null : toJson(e.before),
            after_json: e.after === null ? null : toJson(e.after),
          })),
        ),
      );
    },
    auditEntries: async (f) => {
      const rows = await x.rows(audit(f).selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset));
      const total = (await first(x, audit(f).select(countAll.as('n'))))?.n ?? 0;
      const entries = rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        role: r.role,
        provinceId: r.province_id,
        centerId: r.center_id,
        action: r.action,
        entityKind: r.entity_kind,
        entityId: r.entity_id,
        before: fromJsonOrNull(r.before_json),
        after: fromJsonOrNull(r.after_json),
      }));
      return { entries, total };
    },
    centerHours: async (centerId) => {
      const r = await first(x, db.selectFrom('center_hours').selectAll().where('center_id', '=', centerId));
      return r ? { hours: fromJson(r.hours), updatedAt: r.updated_at, updatedBy: r.updated_by } : null;
    },
    setCenterHours: async (centerId, h) => {
      await x.run(
        db
          .insertInto('center_hours')
          .values({ center_id: centerId, hours: toJson(h.hours), updated_at: h.updatedAt, updated_by: h.updatedBy })
          .onConflict((oc) =>
            oc.column('center_id').doUpdateSet((eb) => ({
              hours: eb.ref('excluded.hours'),
              updated_at: eb.ref('excluded.updated_at'),
              updated_by: eb.ref('excluded.updated_by'),
            })),
          ),
      );
    },
    calendarYears: async (provinceId) =>
      (
        await x.rows(db.selectFrom('calendar_years').selectAll().where('province_id', '=', provinceId).orderBy('year'))
      ).map(toCalendarYear),
    calendarDays: async (provinceId, fromDay, toDay): Promise<CalendarDay[]> =>
      x.rows(
        db
          .selectFrom('calendar_days')
          .select(['day', 'kind', 'note'])
          .where('province_id', '=', provinceId)
          .where('day', '>=', fromDay)
          .where('day', '<=', toDay)
          .orderBy('day'),
      ),
    setCalendarYear: async (provinceId, y, days) => {
      await x.run(
        db
          .insertInto('calendar_years')
          .values({
            province_id: provinceId,
            year: y.year,
            status: y.status,
            note: y.note,
            updated_at: y.updatedAt,
            updated_by: y.updatedBy,
          })
          .onConflict((oc) =>
            oc.columns(['province_id', 'year']).doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              note: eb.ref('excluded.note'),
              updated_at: eb.ref('excluded.updated_at'),
              updated_by: eb.ref('excluded.updated_by'),
            })),
          ),
      );
      await x.run(
        db
          .deleteFrom('calendar_days')
          .where('province_id', '=', provinceId)
          .where('day', '>=', `${y.year}-01-01`)
          .where('day', '<=', `${y.year}-12-31`),
      );
      if (days.length) {
        await x.run(
          db
            .insertInto('calendar_days')
            .values(days.map((d) => ({ province_id: provinceId, day: d.day, kind: d.kind, note: d.note }))),
        );
      }
    },
    setProcedureCutoff: async (code, cutoff) => {
      await x.run(db.updateTable('procedures').set({ after_hours_cutoff: cutoff }).where('code', '=', code));
    },
  };
}
