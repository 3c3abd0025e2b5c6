// How a table row reads as a domain value, for both SQL stores. Rows are typed by schema.ts; JSON columns
// parse to the type they were written with.
import type {
  Authority,
  Center,
  Counter,
  Device,
  Dossier,
  DossierStep,
  Procedure,
  Rating,
  ServiceArea,
  StaffUser,
  Ticket,
  TicketTransition,
} from '@luot/contract';
import { feeLinesOf } from '@luot/contract';
import type { OutboxMessage, ProvinceUpdate } from './dossiers.ts';
import { fromJson } from './json.ts';
import type { Row } from './schema.ts';
import type { PrintJobRecord } from './store.ts';

export const toCenter = (r: Row<'centers'>): Center => ({
  id: r.id,
  provinceId: r.province_id,
  agencyCode: r.agency_code,
  statsCode: r.stats_code,
  name: r.name,
  commune: r.commune,
  address: r.address,
  settings: fromJson(r.settings),
});

export const toArea = (r: Row<'service_areas'>): ServiceArea => ({
  centerId: r.center_id,
  id: r.id,
  code: r.code,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  blockStart: r.block_start,
  blockEnd: r.block_end,
  targetServiceMinutes: r.target_service_minutes,
  closedOn: r.closed_on,
  sort: r.sort,
  priorityStreak: r.priority_streak,
});

export const toCounter = (r: Row<'counters'>): Counter => ({
  centerId: r.center_id,
  id: r.id,
  number: r.number,
  name: r.name,
  areaIds: fromJson(r.area_ids),
  state: r.state,
  pauseReason: r.pause_reason,
  officer: r.officer,
  currentTicketId: r.current_ticket_id,
});

export const toDevice = (r: Row<'devices'>): Device => ({
  id: r.id,
  centerId: r.center_id,
  kind: r.kind,
  name: r.name,
  counterId: r.counter_id,
  kioskId: r.kiosk_id,
});

export const toTicket = (r: Row<'tickets'>): Ticket => ({
  id: r.id,
  centerId: r.center_id,
  areaId: r.area_id,
  number: r.number,
  serviceDay: r.service_day,
  priority: r.priority,
  dossierCode: r.dossier_code,
  trackingSecret: r.tracking_secret,
  state: r.state,
  issuedAt: r.issued_at,
  queuedAt: r.queued_at,
  calledAt: r.called_at,
  servingAt: r.serving_at,
  finishedAt: r.finished_at,
  counterId: r.counter_id,
  assignedCounterId: r.assigned_counter_id,
  recallCount: r.recall_count,
  transferCount: r.transfer_count,
  kioskId: r.kiosk_id,
  channel: r.channel ?? 'kiosk',
  dueAt: r.due_at,
  confirmedAt: r.confirmed_at,
});

export const toTransition = (
  r: Pick<Row<'events'>, 'seq' | 'type' | 'at' | 'actor' | 'counter_id' | 'note'>,
): TicketTransition => ({
  seq: r.seq,
  type: r.type,
  at: r.at,
  actor: r.actor,
  counterId: r.counter_id,
  note: r.note,
});

export const toPrintJob = (r: Row<'print_jobs'>): PrintJobRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  centerId: r.center_id,
  kioskId: r.kiosk_id,
  state: r.state,
  attempts: r.attempts,
  message: r.message,
  issued: fromJson(r.issued),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toAuthority = (r: Row<'authorities'>): Authority => ({
  id: r.id,
  code: r.code,
  name: r.name,
  level: r.level,
  statsCode: r.stats_code,
});

export const toProcedure = (r: Row<'procedures'>): Procedure => ({
  code: r.code,
  name: r.name,
  areaCode: r.area_code,
  level: r.level,
  departmentId: r.department_id,
  processingDays: r.processing_days,
  fee: r.fee,
  documents: fromJson(r.documents),
  fields: fromJson(r.fields),
  ...(r.after_hours_cutoff ? { afterHoursCutoff: r.after_hours_cutoff } : {}),
  ...(r.fee_lines === null ? {} : { feeLines: fromJson(r.fee_lines) }),
});

export const toOutbox = (r: Row<'outbox'>): OutboxMessage => ({
  id: r.id,
  dossierCode: r.dossier_code,
  kind: r.kind,
  idempotencyKey: r.idempotency_key,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
  payload: fromJson(r.payload),
});

export const toUpdate = (r: Row<'province_updates'>): ProvinceUpdate => ({
  dossierCode: r.dossier_code,
  version: r.version,
  status: r.status,
  at: r.at,
  note: r.note,
});

export const toStep = (r: Pick<Row<'dossier_steps'>, 'status' | 'at' | 'source' | 'note'>): DossierStep => ({
  status: r.status,
  at: r.at,
  source: r.source,
  note: r.note,
});

/** A dossier row with its history (the rows of dossier_steps, in order). */
export const toDossier = (
  r: Row<'dossiers'>,
  steps: Pick<Row<'dossier_steps'>, 'status' | 'at' | 'source' | 'note'>[],
): Dossier => ({
  code: r.code,
  ticketId: r.ticket_id,
  procedureCode: r.procedure_code,
  procedureName: r.procedure_name,
  areaCode: r.area_code,
  receivingCenter: fromJson(r.receiving_center),
  authority: fromJson(r.authority),
  applicant: fromJson(r.applicant),
  documents: fromJson(r.documents),
  fields: fromJson(r.fields),
  notes: r.notes,
  fee: r.fee,
  feeLines: r.fee_lines === null ? feeLinesOf({ fee: r.fee }) : fromJson(r.fee_lines),
  receivedAt: r.received_at,
  processingDays: r.processing_days,
  dueAt: r.due_at,
  dueDate: r.due_date,
  status: r.status,
  provinceVersion: r.province_version,
  provinceRef: r.province_ref,
  resultBy: r.result_by,
  delivery: r.delivery === null ? null : fromJson(r.delivery),
  history: steps.map(toStep),
  filedVia: r.filed_via,
});

export const toStaff = (
  r: Pick<Row<'users'>, 'username' | 'display_name' | 'role' | 'province_id' | 'center_id'>,
): StaffUser => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  provinceId: r.province_id,
  centerId: r.center_id,
});

export const toRating = (r: Row<'ratings'>): Rating => ({
  ticketId: r.ticket_id,
  centerId: r.center_id,
  areaId: r.area_id,
  counterId: r.counter_id,
  officer: r.officer,
  score: r.score,
  comment: r.comment,
  at: r.at,
  serviceDay: r.service_day,
});
