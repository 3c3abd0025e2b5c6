// How a table row reads as a domain value, for both SQL stores (SQLite and PostgreSQL keep the same columns:
// times as ISO strings, lists and objects as JSON text).
import type { Authority, Center, Counter, Device, Dossier, DossierStep, OutboxEntry, OutboxState, Procedure, Rating, ServiceArea, StaffUser, Ticket, TicketTransition } from '../contract/index.ts';
import type { OutboxMessage, ProvinceUpdate } from './dossiers.ts';
import type { PrintJobRecord } from './store.ts';

export type Row = Record<string, unknown>;

export const toCenter = (r: Row): Center => ({
  id: r.id as string,
  provinceId: r.province_id as string,
  agencyCode: r.agency_code as string,
  statsCode: r.stats_code as string,
  name: r.name as string,
  commune: r.commune as string,
  address: r.address as string,
  settings: JSON.parse(r.settings as string),
});

export const toArea = (r: Row): ServiceArea => ({
  centerId: r.center_id as string,
  id: r.id as string,
  code: r.code as string,
  nameVi: r.name_vi as string,
  nameEn: r.name_en as string,
  blockStart: r.block_start as number,
  blockEnd: r.block_end as number,
  targetServiceMinutes: r.target_service_minutes as number,
  closedOn: (r.closed_on as string | null) ?? null,
  sort: r.sort as number,
  priorityStreak: r.priority_streak as number,
});

export const toCounter = (r: Row): Counter => ({
  centerId: r.center_id as string,
  id: r.id as string,
  number: r.number as number,
  name: r.name as string,
  areaIds: JSON.parse(r.area_ids as string),
  state: r.state as Counter['state'],
  pauseReason: (r.pause_reason as string | null) ?? null,
  officer: (r.officer as string | null) ?? null,
  currentTicketId: (r.current_ticket_id as string | null) ?? null,
});

export const toDevice = (r: Row): Device => ({
  id: r.id as string,
  centerId: r.center_id as string,
  kind: r.kind as Device['kind'],
  name: r.name as string,
  counterId: (r.counter_id as string | null) ?? null,
});

export const toTicket = (r: Row): Ticket => ({
  id: r.id as string,
  centerId: r.center_id as string,
  areaId: r.area_id as string,
  number: r.number as number,
  serviceDay: r.service_day as string,
  priority: r.priority as Ticket['priority'],
  dossierCode: r.dossier_code as string,
  trackingSecret: r.tracking_secret as string,
  state: r.state as Ticket['state'],
  issuedAt: r.issued_at as string,
  queuedAt: r.queued_at as string,
  calledAt: (r.called_at as string | null) ?? null,
  servingAt: (r.serving_at as string | null) ?? null,
  finishedAt: (r.finished_at as string | null) ?? null,
  counterId: (r.counter_id as string | null) ?? null,
  assignedCounterId: (r.assigned_counter_id as string | null) ?? null,
  recallCount: r.recall_count as number,
  transferCount: r.transfer_count as number,
  kioskId: (r.kiosk_id as string | null) ?? null,
});

export const toTransition = (r: Row): TicketTransition => ({
  seq: r.seq as number,
  type: r.type as string,
  at: r.at as string,
  actor: r.actor as string,
  counterId: (r.counter_id as string | null) ?? null,
  note: (r.note as string | null) ?? null,
});

export const toPrintJob = (r: Row): PrintJobRecord => ({
  id: r.id as string,
  ticketId: r.ticket_id as string,
  centerId: r.center_id as string,
  kioskId: r.kiosk_id as string,
  state: r.state as PrintJobRecord['state'],
  attempts: r.attempts as number,
  message: (r.message as string | null) ?? null,
  issued: JSON.parse(r.issued as string),
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const toAuthority = (r: Row): Authority => ({
  id: r.id as string,
  code: r.code as string,
  name: r.name as string,
  level: r.level as Authority['level'],
  statsCode: (r.stats_code as string | null) ?? null,
});

export const toProcedure = (r: Row): Procedure => ({
  code: r.code as string,
  name: r.name as string,
  areaCode: r.area_code as string,
  level: r.level as Procedure['level'],
  departmentId: (r.department_id as string | null) ?? null,
  processingDays: r.processing_days as number,
  fee: r.fee as number,
  documents: JSON.parse(r.documents as string),
  fields: JSON.parse(r.fields as string),
  ...(r.after_hours_cutoff ? { afterHoursCutoff: r.after_hours_cutoff as string } : {}),
});

export const toOutbox = (r: Row): OutboxMessage => ({
  id: r.id as number,
  dossierCode: r.dossier_code as string,
  kind: r.kind as OutboxEntry['kind'],
  idempotencyKey: r.idempotency_key as string,
  state: r.state as OutboxState,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as string,
  lastError: (r.last_error as string | null) ?? null,
  createdAt: r.created_at as string,
  deliveredAt: (r.delivered_at as string | null) ?? null,
  payload: JSON.parse(r.payload as string),
});

export const toUpdate = (r: Row): ProvinceUpdate => ({
  dossierCode: r.dossier_code as string,
  version: r.version as number,
  status: r.status as ProvinceUpdate['status'],
  at: r.at as string,
  note: (r.note as string | null) ?? null,
});

export const toStep = (h: Row): DossierStep => ({ status: h.status as DossierStep['status'], at: h.at as string, source: h.source as string, note: (h.note as string | null) ?? null });

/** A dossier row with its history (the rows of dossier_steps, in order). */
export const toDossier = (r: Row, steps: Row[]): Dossier => ({
  code: r.code as string,
  ticketId: r.ticket_id as string,
  procedureCode: r.procedure_code as string,
  procedureName: r.procedure_name as string,
  areaCode: r.area_code as string,
  receivingCenter: JSON.parse(r.receiving_center as string),
  authority: JSON.parse(r.authority as string),
  applicant: JSON.parse(r.applicant as string),
  documents: JSON.parse(r.documents as string),
  fields: JSON.parse(r.fields as string),
  notes: (r.notes as string | null) ?? null,
  fee: r.fee as number,
  receivedAt: r.received_at as string,
  processingDays: r.processing_days as number,
  dueAt: r.due_at as string,
  dueDate: r.due_date as string,
  status: r.status as Dossier['status'],
  provinceVersion: r.province_version as number,
  provinceRef: (r.province_ref as string | null) ?? null,
  history: steps.map(toStep),
});

export const toStaff = (r: Row): StaffUser => ({
  username: r.username as string,
  displayName: r.display_name as string,
  role: r.role as StaffUser['role'],
  provinceId: r.province_id as string,
  centerId: (r.center_id as string | null) ?? null,
});

export const toRating = (r: Row): Rating => ({
  ticketId: r.ticket_id as string,
  centerId: r.center_id as string,
  areaId: r.area_id as string,
  counterId: r.counter_id as string,
  officer: (r.officer as string | null) ?? null,
  score: r.score as Rating['score'],
  comment: (r.comment as string | null) ?? null,
  at: r.at as string,
  serviceDay: r.service_day as string,
});
