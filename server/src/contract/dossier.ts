// Dossiers (hồ sơ): received at a counter, handed to the province's processing system, followed by QR.
import { Type, type Static } from 'typebox';
import { Id, MAX_INT, TicketState } from './model.ts';

/** Our own lifecycle; NATIONAL_STATUS_CODE maps it onto the national portal's codes. */
export const DOSSIER_STATUSES = [
  'received', // tiếp nhận at the counter
  'forwarded', // delivered to the provincial system
  'accepted', // accepted by the competent authority
  'in_process',
  'needs_documents',
  'result_ready',
  'returned', // result handed to the applicant
  'rejected',
] as const;
export const DossierStatus = Type.Enum(DOSSIER_STATUSES);
export type DossierStatus = Static<typeof DossierStatus>;

export const DOSSIER_STATUS_LABELS: Record<DossierStatus, { vi: string; en: string }> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  forwarded: { vi: 'Đã chuyển hệ thống giải quyết của tỉnh', en: 'Forwarded to the province' },
  accepted: { vi: 'Cơ quan có thẩm quyền đã nhận', en: 'Accepted by the competent authority' },
  in_process: { vi: 'Đang giải quyết', en: 'In process' },
  needs_documents: { vi: 'Cần bổ sung hồ sơ', en: 'More documents needed' },
  result_ready: { vi: 'Đã có kết quả, mời nhận tại quầy', en: 'Result ready for collection' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
  rejected: { vi: 'Không được giải quyết', en: 'Rejected' },
};

/** The national public service portal's status codes (1 new … 10 returned). */
export const NATIONAL_STATUS_CODE: Record<DossierStatus, number> = {
  received: 2,
  forwarded: 2,
  accepted: 4,
  in_process: 4,
  needs_documents: 5,
  result_ready: 9,
  returned: 10,
  rejected: 3,
};

/** Statuses the provincial system sets; `received`, `forwarded` and `returned` are ours. */
export const PROVINCE_STATUSES = ['accepted', 'in_process', 'needs_documents', 'result_ready', 'rejected'] as const satisfies readonly DossierStatus[];

export const AuthorityLevel = Type.Union([Type.Literal('province'), Type.Literal('commune')]);
export type AuthorityLevel = Static<typeof AuthorityLevel>;

/** A competent (handling) agency: a province department or a commune's People's Committee. */
export const Authority = Type.Object({
  id: Id,
  /** Agency identifier (QCVN 102:2016). */
  code: Type.String(),
  name: Type.String(),
  level: AuthorityLevel,
  /** Commune statistics code, for commune authorities. */
  statsCode: Type.Union([Type.String(), Type.Null()]),
});
export type Authority = Static<typeof Authority>;

export const ProcedureField = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }),
  label: Type.String({ minLength: 1, maxLength: 200 }),
  required: Type.Boolean(),
});
export type ProcedureField = Static<typeof ProcedureField>;

/** A procedure of the catalog. `code` is the national code (e.g. 1.001193). */
export const Procedure = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}(\\.[0-9A-Za-z.]+)?$' }),
    name: Type.String({ minLength: 3, maxLength: 500 }),
    /** Service area code (HT, CT, DD, XD, KD, LD, TP…). */
    areaCode: Type.String({ minLength: 1, maxLength: 16 }),
    level: AuthorityLevel,
    /** For province-level procedures, the department that decides. */
    departmentId: Type.Union([Id, Type.Null()]),
    /** Legal processing time in working days; 0 means the same working day. */
    processingDays: Type.Integer({ minimum: 0, maximum: 365 }),
    /** Fee in VND. */
    fee: Type.Integer({ minimum: 0, maximum: MAX_INT }),
    documents: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 }),
    fields: Type.Array(ProcedureField, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type Procedure = Static<typeof Procedure>;

export const ApplicantType = Type.Union([Type.Literal('citizen'), Type.Literal('business')]);

export const Applicant = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: ApplicantType,
    /** Citizen ID (12 digits) or business/tax code. */
    idNumber: Type.String({ pattern: '^[0-9A-Za-z-]{6,20}$' }),
    phone: Type.Optional(Type.String({ pattern: '^[+0-9 .]{8,20}$' })),
    email: Type.Optional(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type Applicant = Static<typeof Applicant>;

export const DossierDocument = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    copies: Type.Integer({ minimum: 1, maximum: 99 }),
    original: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type DossierDocument = Static<typeof DossierDocument>;

export const DossierStep = Type.Object({
  status: DossierStatus,
  at: Type.String(),
  /** `officer:<who>`, `province` or `system`. */
  source: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type DossierStep = Static<typeof DossierStep>;

export const Dossier = Type.Object({
  code: Type.String(),
  ticketId: Type.String(),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  areaCode: Type.String(),
  receivingCenter: Type.Object({ id: Id, agencyCode: Type.String(), name: Type.String() }),
  authority: Authority,
  applicant: Applicant,
  documents: Type.Array(DossierDocument),
  /** Values of the procedure's fields. */
  fields: Type.Record(Type.String(), Type.String()),
  notes: Type.Union([Type.String(), Type.Null()]),
  fee: Type.Integer(),
  receivedAt: Type.String(),
  processingDays: Type.Integer(),
  /** Promised return: an instant, and its local date yyyy-MM-dd. */
  dueAt: Type.String(),
  dueDate: Type.String(),
  status: DossierStatus,
  /** The provincial system's last applied progress version. */
  provinceVersion: Type.Integer(),
  provinceRef: Type.Union([Type.String(), Type.Null()]),
  history: Type.Array(DossierStep),
});
export type Dossier = Static<typeof Dossier>;

export const ReceiveDossierBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 3, maxLength: 64 }),
    /** For a commune-level procedure: the competent commune authority; defaults to the receiving center's commune. */
    authorityId: Type.Optional(Id),
    applicant: Applicant,
    documents: Type.Array(DossierDocument, { minItems: 1, maxItems: 50 }),
    fields: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1000 }))),
    notes: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ReceiveDossierBody = Static<typeof ReceiveDossierBody>;

/** Receiving by the dossier code scanned from the ticket's QR. */
export const ReceiveByCodeBody = Type.Object(
  { dossierCode: Type.String({ minLength: 5, maxLength: 64 }), ...ReceiveDossierBody.properties },
  { additionalProperties: false },
);
export type ReceiveByCodeBody = Static<typeof ReceiveByCodeBody>;

/** The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": the dossier plus what the paper carries. */
export const DossierReceipt = Type.Object({
  dossier: Dossier,
  trackingSecret: Type.String(),
  trackingUrl: Type.String(),
  /** Where the result is collected: the receiving center. */
  returnPlace: Type.String(),
});
export type DossierReceipt = Static<typeof DossierReceipt>;

export const DossierCodeParams = Type.Object({ code: Type.String({ minLength: 5, maxLength: 64 }) });

export const TrackQuery = Type.Object({
  code: Type.String({ minLength: 5, maxLength: 64 }),
  s: Type.String({ minLength: 4, maxLength: 8 }),
});

/** What the tracking page may show: no name, ID number, phone or address. */
export const TrackView = Type.Union([
  Type.Object({
    phase: Type.Literal('queue'),
    code: Type.String(),
    center: Type.String(),
    area: Type.String(),
    areaEn: Type.String(),
    number: Type.Integer(),
    state: TicketState,
    peopleAhead: Type.Integer(),
    estimatedWaitMinutes: Type.Union([Type.Integer(), Type.Null()]),
    counterNumber: Type.Union([Type.Integer(), Type.Null()]),
    /** After a no-show: until when the citizen may come back and be put in line again (ISO time). */
    graceUntil: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Object({
    phase: Type.Literal('dossier'),
    code: Type.String(),
    procedureName: Type.String(),
    receivingCenter: Type.String(),
    authority: Type.String(),
    status: DossierStatus,
    receivedAt: Type.String(),
    dueDate: Type.String(),
    history: Type.Array(Type.Object({ status: DossierStatus, at: Type.String() })),
  }),
]);
export type TrackView = Static<typeof TrackView>;

export const OutboxState = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]);
export type OutboxState = Static<typeof OutboxState>;

/** One message for the provincial system, written in the same transaction as the change it carries. */
export const OutboxEntry = Type.Object({
  id: Type.Integer(),
  dossierCode: Type.String(),
  kind: Type.Union([Type.Literal('dossier'), Type.Literal('progress')]),
  idempotencyKey: Type.String(),
  state: OutboxState,
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});
export type OutboxEntry = Static<typeof OutboxEntry>;

export const HandoffStatus = Type.Object({
  circuit: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]),
  pending: Type.Integer(),
  dead: Type.Integer(),
  delivered: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type HandoffStatus = Static<typeof HandoffStatus>;

export const OutboxQuery = Type.Object({ state: Type.Optional(OutboxState), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) });
export const OutboxParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: MAX_INT }) });

export const ReturnResultBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const CatalogImportResult = Type.Object({ imported: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), dryRun: Type.Boolean() });
export type CatalogImportResult = Static<typeof CatalogImportResult>;
