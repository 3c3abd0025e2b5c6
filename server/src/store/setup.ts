// The storage port of province setup: the audit log, centers' opening hours, the province calendar and the
// per-procedure settings beyond the catalog row. Part of every transaction (Tx.setup): a configuration change
// and its audit record commit together or not at all.
import type { AuditEntityKind, AuditEntry, CalendarDay, CalendarYearStatus, OpeningHours } from '@luot/contract';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditFilter {
  provinceId: string;
  centerId: string | null;
  entityKind: AuditEntityKind | null;
  entityId: string | null;
  actor: string | null;
  from: string | null;
  to: string | null;
  limit: number;
  offset: number;
}

export interface StoredHours {
  hours: OpeningHours;
  updatedAt: string;
  updatedBy: string;
}

export interface StoredCalendarYear {
  year: number;
  status: CalendarYearStatus;
  note: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SetupTx {
  /** Several entries in one statement (a province file's changes). */
  insertAudits(entries: NewAuditEntry[]): Promise<void>;
  /** Newest first, with the count of all entries that match. */
  auditEntries(filter: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }>;

  centerHours(centerId: string): Promise<StoredHours | null>;
  setCenterHours(centerId: string, hours: StoredHours): Promise<void>;

  calendarYears(provinceId: string): Promise<StoredCalendarYear[]>;
  /** The province's days between two local days (included), in order. */
  calendarDays(provinceId: string, fromDay: string, toDay: string): Promise<CalendarDay[]>;
  /** Replaces a year: its status and all its days. */
  setCalendarYear(provinceId: string, year: StoredCalendarYear, days: CalendarDay[]): Promise<void>;

  /** The cut-off time of a procedure (null: none), kept beside the catalog row. */
  setProcedureCutoff(code: string, cutoff: string | null): Promise<void>;
}
