// The tables of both SQL stores, column by column: the single source of row types. A query built on `Database`
// (see db.ts) reads rows of these types, and writes are checked against them. Keep in step with migrations.ts
// (the schema-parity test compares the two stores' catalogs; store tests read every column back).
import type { Generated, Insertable, Selectable } from 'kysely';
import type {
  Applicant,
  DossierFileType,
  Feedback,
  FeedbackKind,
  AuditEntityKind,
  Authority,
  AuthorityLevel,
  CalendarDay,
  CalendarYearStatus,
  CenterEvent,
  CenterSettings,
  CounterState,
  DossierDelivery,
  DossierDocument,
  DossierStatus,
  FeeLine,
  FiledVia,
  HandoffAttempt,
  IssuedTicket,
  OpeningHours,
  NotifyChannel,
  NotifyLang,
  OutboxEntry,
  OutboxState,
  PaymentLogEntry,
  PaymentOutcome,
  PaymentState,
  PrintJobState,
  PriorityClass,
  ProcedureField,
  Rating,
  ResultBy,
  StaffUser,
  TicketChannel,
  TicketState,
} from '@luot/contract';
import type { AlertKind, AlertRules, AlertSeverity, Device, DeviceStatus, Dossier } from '@luot/contract';
import type { PersonalViewKind, PrivacyOutcome, PrivacyRequestKind, PrivacyRequestState } from '@luot/contract';

/** A JSON document kept as text; the type parameter is what it parses to (see json.ts). */
export type JsonText<T> = string & { readonly __json?: T };

export interface ProvincesTable {
  id: string;
  code: string;
  name: string;
}

export interface CentersTable {
  id: string;
  province_id: string;
  agency_code: string;
  stats_code: string;
  name: string;
  commune: string;
  address: string;
  settings: JsonText<CenterSettings>;
  /** The center's event sequence: its row lock also serialises the center's commands across instances. */
  last_seq: Generated<number>;
  /** 1 or 0: a deactivated center keeps its history but shows nowhere. */
  active: Generated<number>;
  /** IANA zone, 'Asia/Ho_Chi_Minh' by default. */
  time_zone: Generated<string>;
}

export interface ServiceAreasTable {
  center_id: string;
  id: string;
  code: string;
  name_vi: string;
  name_en: string;
  block_start: number;
  block_end: number;
  target_service_minutes: number;
  closed_on: string | null;
  sort: number;
  priority_streak: Generated<number>;
  /** 1 or 0. */
  active: Generated<number>;
  /** The kiosk's icon name for the area, null: the default. */
  icon: string | null;
}

export interface CountersTable {
  center_id: string;
  id: string;
  number: number;
  name: string;
  area_ids: JsonText<string[]>;
  state: CounterState;
  pause_reason: string | null;
  officer: string | null;
  current_ticket_id: string | null;
  /** 1 or 0. */
  active: Generated<number>;
}

export interface DevicesTable {
  id: string;
  center_id: string;
  kind: Device['kind'];
  name: string;
  counter_id: string | null;
  kiosk_id: string | null;
  created_at: Generated<string>;
  secret_digest: string | null;
  pairing_digest: string | null;
  pairing_expires_at: string | null;
  enrolled_at: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  version: string | null;
  status: DeviceStatus | null;
  status_message: string | null;
}

export interface DeviceStatusHistoryTable {
  id: string;
  device_id: string;
  at: string;
  status: DeviceStatus;
  message: string | null;
}

export interface TicketsTable {
  id: string;
  center_id: string;
  area_id: string;
  number: number;
  service_day: string;
  priority: PriorityClass;
  dossier_code: string;
  tracking_secret: string;
  /** The CHECK also allows 'held' (the hold pool). */
  state: TicketState;
  issued_at: string;
  queued_at: string;
  called_at: string | null;
  serving_at: string | null;
  finished_at: string | null;
  counter_id: string | null;
  assigned_counter_id: string | null;
  recall_count: Generated<number>;
  transfer_count: Generated<number>;
  kiosk_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  /** Defaults to 'kiosk'. */
  channel: Generated<TicketChannel | null>;
  due_at: string | null;
  confirmed_at: string | null;
}

export interface DaySequencesTable {
  center_id: string;
  scope: string;
  day: string;
  value: number;
}

export interface EventsTable {
  center_id: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  ticket_id: string | null;
  counter_id: string | null;
  note: string | null;
  payload: JsonText<CenterEvent>;
}

export interface AuthoritiesTable {
  id: string;
  code: string;
  name: string;
  level: AuthorityLevel;
  stats_code: string | null;
}

export interface ProceduresTable {
  code: string;
  name: string;
  area_code: string;
  level: AuthorityLevel;
  department_id: string | null;
  processing_days: number;
  fee: number;
  documents: JsonText<string[]>;
  fields: JsonText<ProcedureField[]>;
  /** Local time ("15:00") after which a dossier counts as received the next working day; null: none. */
  after_hours_cutoff: string | null;
  /** The fees one by one; null: one "Lệ phí" line of `fee` (procedures imported before fee lines). */
  fee_lines: JsonText<FeeLine[]> | null;
}

export interface DossiersTable {
  code: string;
  ticket_id: string;
  center_id: string;
  receiving_center: JsonText<Dossier['receivingCenter']>;
  procedure_code: string;
  procedure_name: string;
  area_code: string;
  authority: JsonText<Authority>;
  applicant: JsonText<Applicant>;
  documents: JsonText<DossierDocument[]>;
  fields: JsonText<Record<string, string>>;
  notes: string | null;
  fee: number;
  received_at: string;
  processing_days: number;
  due_at: string;
  due_date: string;
  status: DossierStatus;
  province_version: Generated<number>;
  province_ref: string | null;
  /** How the applicant asked for the result. */
  result_by: Generated<ResultBy>;
  /** How the result went back, once returned. */
  delivery: JsonText<DossierDelivery> | null;
  /** How the dossier was filed; defaults to 'center'. */
  filed_via: Generated<FiledVia>;
  /** When its applicant data was anonymised (retention or a deletion request); null while held. */
  anonymised_at: string | null;
  /** The procedure's fee lines at reception; null for dossiers received before fee lines. */
  fee_lines: JsonText<FeeLine[]> | null;
}

export interface PaymentsTable {
  txn_ref: string;
  dossier_code: string;
  adapter: string;
  amount: number;
  state: PaymentState;
  created_at: string;
  settled_at: string | null;
  gateway_txn: string | null;
  bank_code: string | null;
  response_code: string | null;
}

export interface PaymentLogTable {
  id: Generated<number>;
  at: string;
  via: PaymentLogEntry['via'];
  txn_ref: string | null;
  dossier_code: string | null;
  outcome: PaymentOutcome;
  detail: string | null;
  address: string;
}

export interface DossierStepsTable {
  dossier_code: string;
  n: number;
  status: DossierStatus;
  at: string;
  source: string;
  note: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  dossier_code: string;
  kind: OutboxEntry['kind'];
  idempotency_key: string;
  /** The request body as sent; '{}' once delivered. */
  payload: JsonText<unknown>;
  state: OutboxState;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** The sync log: one row per attempt to deliver an outbox message. */
export interface HandoffAttemptsTable {
  id: Generated<number>;
  outbox_id: number;
  dossier_code: string;
  at: string;
  request_id: string;
  outcome: HandoffAttempt['outcome'];
  detail: string | null;
}

export interface ProvinceUpdatesTable {
  dossier_code: string;
  version: number;
  status: DossierStatus;
  at: string;
  note: string | null;
  received_at: string;
  applied_at: string | null;
}

export interface PrintJobsTable {
  id: string;
  ticket_id: string;
  center_id: string;
  kiosk_id: string;
  state: PrintJobState;
  attempts: Generated<number>;
  message: string | null;
  issued: JsonText<IssuedTicket>;
  created_at: string;
  updated_at: string;
}

export interface ReceiptPrintJobsTable {
  id: string;
  center_id: string;
  counter_id: string;
  dossier_code: string;
  state: PrintJobState;
  attempts: Generated<number>;
  message: string | null;
  requested_by: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  username: string;
  display_name: string;
  role: StaffUser['role'];
  province_id: string;
  center_id: string | null;
  password_hash: string;
  /** 1 or 0. */
  active: Generated<number>;
  created_at: string;
  /** 1 while the password an administrator or manager set has not been changed by its owner. */
  must_change_password: Generated<number>;
}

export interface SessionsTable {
  token_hash: string;
  username: string;
  created_at: string;
  expires_at: string;
}

export interface RatingsTable {
  ticket_id: string;
  center_id: string;
  area_id: string;
  counter_id: string;
  officer: string | null;
  score: Rating['score'];
  comment: string | null;
  at: string;
  service_day: string;
}

/** A counter's desk settings (the officer's auto-call switch). */
export interface CounterSettingsTable {
  center_id: string;
  counter_id: string;
  /** 1 or 0. */
  auto_call: Generated<number>;
}

/** The hall's text line of a center, while one is set. */
export interface CenterNoticesTable {
  center_id: string;
  text: string;
  set_at: string;
  set_by: string;
}

/** Configuration changes: who changed what, when, with the value before and after. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  role: string;
  province_id: string;
  center_id: string | null;
  action: string;
  entity_kind: AuditEntityKind;
  entity_id: string;
  before_json: JsonText<unknown> | null;
  after_json: JsonText<unknown> | null;
}

export interface CenterHoursTable {
  center_id: string;
  hours: JsonText<OpeningHours>;
  updated_at: string;
  updated_by: string;
}

export interface CalendarYearsTable {
  province_id: string;
  year: number;
  status: CalendarYearStatus;
  note: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

export interface CalendarDaysTable {
  province_id: string;
  day: string;
  kind: CalendarDay['kind'];
  note: string | null;
}

/** The migrations a database has run (see migrations.ts). */
/** Who asked to be told about a ticket: a push subscription, or a phone number given with consent. */
export interface NotifySubscriptionsTable {
  id: string;
  ticket_id: string;
  center_id: string;
  channel: NotifyChannel;
  /** The push service endpoint, or the phone number. */
  address: string;
  p256dh: string | null;
  auth: string | null;
  lang: NotifyLang;
  created_at: string;
  near_sent_at: string | null;
}

/** Proof of a citizen's consent, kept without the phone number. */
export interface NotifyConsentsTable {
  id: string;
  ticket_id: string;
  channel: NotifyChannel;
  purpose: string;
  text_shown: string;
  text_version: number;
  given_by: string;
  given_at: string;
  ended_at: string | null;
  ended_reason: string | null;
}

/** The server's own keys (the generated VAPID key pair, as JSON). */
export interface ServerKeysTable {
  name: string;
  value: string;
  created_at: string;
}

/** A one-time code sent to a phone: only digests (keyed) of the phone and of the code. */
export interface CitizenCodesTable {
  id: string;
  phone_digest: string;
  code_digest: string;
  created_at: string;
  expires_at: string;
  attempts: Generated<number>;
  used_at: string | null;
}

/** The citizen side of an online number: the verified phone (digest) and the check-in reference of its QR. */
export interface CitizenTicketsTable {
  ticket_id: string;
  center_id: string;
  service_day: string;
  phone_digest: string;
  checkin_ref: string;
}

/** One seat of an appointment slot. */
export interface AppointmentsTable {
  id: string;
  center_id: string;
  area_id: string;
  day: string;
  time: string;
  seat: number;
  state: 'booked' | 'checked_in' | 'cancelled';
  phone_digest: string;
  phone_hint: string;
  checkin_ref: string;
  ticket_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A slot a manager closed to bookings. */
export interface AppointmentBlocksTable {
  center_id: string;
  area_id: string;
  day: string;
  time: string;
  blocked_by: string;
  blocked_at: string;
}

/** A center's alert rules, once a manager changed them (else the defaults). */
export interface AlertRulesTable {
  center_id: string;
  rules: JsonText<AlertRules>;
  updated_at: string;
  updated_by: string;
}

export interface AlertsTable {
  id: string;
  center_id: string;
  kind: AlertKind;
  subject: string;
  severity: AlertSeverity;
  message_vi: string;
  message_en: string;
  raised_at: string;
  cleared_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
}

export interface LuotMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

/** Consent to keep a phone for an online number or appointment: the proof, and its digest to find it on request. */
export interface PrivacyConsentsTable {
  id: string;
  center_id: string;
  purpose: 'online_number' | 'appointment';
  /** The ticket or appointment it was given for. */
  subject_ref: string;
  phone_digest: string | null;
  channel: string;
  text_shown: string;
  text_version: number;
  given_at: string;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
}

/** A person's request about their data, with its legal deadlines (local days). */
export interface PrivacyRequestsTable {
  id: string;
  province_id: string;
  center_id: string;
  kind: PrivacyRequestKind;
  /** Who asks; cleared once the request is closed and the log retention has passed. */
  id_number: string | null;
  phone: string | null;
  detail: string | null;
  received_at: string;
  received_by: string;
  reply_due: string;
  complete_due: string;
  state: PrivacyRequestState;
  replied_at: string | null;
  completed_at: string | null;
  handled_by: string | null;
  outcome: JsonText<PrivacyOutcome> | null;
}

/** A staff member saw personal data: who, when, what (a dossier code, a center's list, a request). */
export interface PersonalDataViewsTable {
  id: Generated<number>;
  at: string;
  actor: string;
  role: string;
  province_id: string;
  center_id: string;
  what: PersonalViewKind;
  ref: string;
}

/** What one retention run anonymised or deleted, as counts per table. */
export interface RetentionRunsTable {
  id: Generated<number>;
  at: string;
  counts: JsonText<Record<string, number>>;
}

/** Bytes of uploaded files, by their SHA-256 (the same scan attached twice is stored once); base64 text. */
export interface FileBlobsTable {
  sha256: string;
  size: number;
  content: string;
  created_at: string;
}

/** A file attached to a dossier at the desk: its name for people, its type as its bytes say, its hash. */
export interface DossierFilesTable {
  id: Generated<number>;
  dossier_code: string;
  name: string;
  content_type: DossierFileType;
  size: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string;
}

/** Citizens' feedback and recommendations about a dossier, and the answer. */
export interface FeedbackTable {
  id: Generated<number>;
  dossier_code: string;
  center_id: string;
  kind: FeedbackKind;
  source: Feedback['source'];
  content: string;
  created_at: string;
  created_by: string | null;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  answer_source: Feedback['answerSource'];
}

export interface Database {
  provinces: ProvincesTable;
  centers: CentersTable;
  service_areas: ServiceAreasTable;
  counters: CountersTable;
  devices: DevicesTable;
  device_status_history: DeviceStatusHistoryTable;
  tickets: TicketsTable;
  day_sequences: DaySequencesTable;
  events: EventsTable;
  authorities: AuthoritiesTable;
  procedures: ProceduresTable;
  dossiers: DossiersTable;
  dossier_steps: DossierStepsTable;
  outbox: OutboxTable;
  province_updates: ProvinceUpdatesTable;
  print_jobs: PrintJobsTable;
  receipt_print_jobs: ReceiptPrintJobsTable;
  users: UsersTable;
  sessions: SessionsTable;
  ratings: RatingsTable;
  counter_settings: CounterSettingsTable;
  center_notices: CenterNoticesTable;
  audit_log: AuditLogTable;
  center_hours: CenterHoursTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  notify_subscriptions: NotifySubscriptionsTable;
  notify_consents: NotifyConsentsTable;
  server_keys: ServerKeysTable;
  citizen_codes: CitizenCodesTable;
  citizen_tickets: CitizenTicketsTable;
  appointments: AppointmentsTable;
  appointment_blocks: AppointmentBlocksTable;
  luot_migrations: LuotMigrationsTable;
  handoff_attempts: HandoffAttemptsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  privacy_consents: PrivacyConsentsTable;
  privacy_requests: PrivacyRequestsTable;
  personal_data_views: PersonalDataViewsTable;
  retention_runs: RetentionRunsTable;
  payments: PaymentsTable;
  payment_log: PaymentLogTable;
  file_blobs: FileBlobsTable;
  dossier_files: DossierFilesTable;
  feedback: FeedbackTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
