// Rows of the setup tables as contract shapes, read alike by both stores.
import type { AuditEntry, CalendarDay } from '../contract/index.ts';
import type { Row } from './rows.ts';
import type { StoredCalendarYear } from './setup.ts';

const json = (v: unknown): unknown => (v === null || v === undefined ? null : JSON.parse(v as string));

export const toAuditEntry = (r: Row): AuditEntry => ({
  id: Number(r.id),
  at: r.at as string,
  actor: r.actor as string,
  role: r.role as string,
  provinceId: r.province_id as string,
  centerId: (r.center_id as string | null) ?? null,
  action: r.action as string,
  entityKind: r.entity_kind as AuditEntry['entityKind'],
  entityId: r.entity_id as string,
  before: json(r.before_json),
  after: json(r.after_json),
});

export const toCalendarDay = (r: Row): CalendarDay => ({ day: r.day as string, kind: r.kind as CalendarDay['kind'], note: (r.note as string | null) ?? null });

export const toCalendarYear = (r: Row): StoredCalendarYear => ({
  year: Number(r.year),
  status: r.status as StoredCalendarYear['status'],
  note: (r.note as string | null) ?? null,
  updatedAt: (r.updated_at as string | null) ?? null,
  updatedBy: (r.updated_by as string | null) ?? null,
});
