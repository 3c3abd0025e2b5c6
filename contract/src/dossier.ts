// Dossiers (hồ sơ): received at a counter, handed to the province's processing system, followed by QR.
import { Type, type Static } from 'typebox';
import { FIELD_TYPES } from './field-values.ts';
import { Id, MAX_INT, TicketState } from './model.ts';
import { ClockTime } from './setup.ts';
import { DossierFees, FeeLine } from './payment.ts';

/** Our own lifecycle; NATIONAL_STATUS_CODE maps it onto the national portal's codes. */
export const DOSSIER_STATUSES = [
  'received', // tiếp nhận at the counter
  'forwarded', // delivered to the provincial system
  'accepted', // accepted by the competent authority
  'in_process',
  'needs_documents',
  'result_ready',
  'returned', // result handed to the applicant
  'rejected', // refused after processing: a written refusal, returned like a result
  'fees_due', // fees or taxes to pay before processing goes on
  'withdrawn', // withdrawn at the citizen's request
  'stopped', // processing stopped by the competent authority
  'not_accepted', // refused at reception by the competent authority
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
  rejected: { vi: 'Từ chối giải quyết, mời nhận văn bản trả lời', en: 'Refused after processing' },
  fees_due: { vi: 'Chờ nộp phí, lệ phí', en: 'Fees due' },
  withdrawn: { vi: 'Đã rút hồ sơ theo yêu cầu', en: 'Withdrawn at the applicant’s request' },
  stopped: { vi: 'Dừng giải quyết', en: 'Processing stopped' },
  not_accepted: { vi: 'Không tiếp nhận', en: 'Not accepted' },
};

/**
 * The national public service portal's status codes (1 new online, 2 accepted … 10 returned). Not accepted (3) is
 * a refusal at reception; a refusal after processing is a result (9), returned like any other (10).
 */
export const NATIONAL_STATUS_CODE: Record<DossierStatus, number> = {
  received: 2,
  forwarded: 2,
  accepted: 4,
  in_process: 4,
  needs_documents: 5,
  fees_due: 6,
  withdrawn: 7,
  stopped: 8,
  result_ready: 9,
  rejected: 9,
  returned: 10,
  not_accepted: 3,
};

/** How a dossier was filed: at a center, by public post, or online through the national portal. */
export const FiledVia = Type.Union([Type.Literal('center'), Type.Literal('post'), Type.Literal('online')]);
export type FiledVia = Static<typeof FiledVia>;

/** The national portal's channel codes: 1 in person, 2 online, 3 public postal service. */
export const FILING_CHANNEL_CODE: Record<FiledVia, 1 | 2 | 3> = { center: 1, online: 2, post: 3 };

/** The national code of a status: a dossier filed online and not yet accepted is "new" (1). */
export const nationalStatusCode = (status: DossierStatus, filedVia: FiledVia): number =>
  filedVia === 'online' && (status === 'received' || status === 'forwarded') ? 1 : NATIONAL_STATUS_CODE[status];

/** Statuses the provincial system sets; `received`, `forwarded` and `returned` are ours. */
export const PROVINCE_STATUSES = [
  'accepted',
  'in_process',
  'needs_documents',
  'fees_due',
  'result_ready',
  'rejected',
  'withdrawn',
  'stopped',
  'not_accepted',
] as const satisfies readonly DossierStatus[];

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

/** How a field's value is checked (see field-values.ts); no type means free text. */
export const ProcedureFieldType = Type.Enum(FIELD_TYPES);

export const ProcedureField = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }),
  label: Type.String({ minLength: 1, maxLength: 200 }),
  required: Type.Boolean(),
  type: Type.Optional(ProcedureFieldType),
  /** The options of a `choice` field. */
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 50 })),
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
    /** Fee in VND: the sum of the fee lines. */
    fee: Type.Integer({ minimum: 0, maximum: MAX_INT }),
    /** The fees one by one (phí, lệ phí); absent: one "Lệ phí" line of `fee`. */
    feeLines: Type.Optional(Type.Array(FeeLine, { maxItems: 20 })),
    documents: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 }),
    fields: Type.Array(ProcedureField, { maxItems: 50 }),
    /**
     * A dossier received after this local time (e.g. "15:00") counts as received the next working day
     * (civil status and similar rules). Absent or null: the day's receipts all count that day.
     */
    afterHoursCutoff: Type.Optional(Type.Union([ClockTime, Type.Null()])),
  },
  { additionalProperties: false },
);
export type Procedure = Static<typeof Procedure>;

/** A citizen, or an organisation ('business': a company, a household business, an association…). */
export const ApplicantType = Type.Union([Type.Literal('citizen'), Type.Literal('business')]);

export const Applicant = Type.Object(
  {
    /** The citizen's name, or the organisation's. */
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: ApplicantType,
    /** The citizen's ID (12 digits on a CCCD); for an organisation, its representative's ID. */
    idNumber: Type.String({ pattern: '^[0-9A-Za-z-]{6,20}$' }),
    phone: Type.Optional(Type.String({ pattern: '^[+0-9 .]{8,20}$' })),
    email: Type.Optional(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    /** An organisation's tax code (mã số thuế: 10 digits, or 10-3 for a branch); required for one. */
    taxCode: Type.Optional(Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$' })),
    /** The person acting for an organisation (người đại diện); required for one. */
    representative: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Read from the ID card's QR when scanned: yyyy-MM-dd and the sex as printed. */
    birthDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
    sex: Type.Optional(Type.Union([Type.Literal('Nam'), Type.Literal('Nữ')])),
  },
  { additionalProperties: false },
);
export type Applicant = Static<typeof Applicant>;

/** What was handed in: bản chính, bản sao chứng thực, bản sao. */
export const DOCUMENT_KINDS = ['original', 'certified_copy', 'copy'] as const;
export const DocumentKind = Type.Enum(DOCUMENT_KINDS);
export type DocumentKind = Static<typeof DocumentKind>;
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, { vi: string; en: string }> = {
  original: { vi: 'Bản chính', en: 'Original' },
  certified_copy: { vi: 'Bản sao chứng thực', en: 'Certified copy' },
  copy: { vi: 'Bản sao', en: 'Copy' },
};

/**
 * A document received, with its kind and count. `kind` came later than `original` (true for an original):
 * a request may send either; a dossier received since carries both, consistent.
 */
export const DossierDocument = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    copies: Type.Integer({ minimum: 1, maximum: 99 }),
    kind: Type.Optional(DocumentKind),
    original: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DossierDocument = Static<typeof DossierDocument>;

export const documentKindOf = (d: DossierDocument): DocumentKind => d.kind ?? (d.original ? 'original' : 'copy');

/** How the result went back to the applicant: handed over at the desk, or sent by public post. */
export const DossierDelivery = Type.Union([
  Type.Object({
    method: Type.Literal('in_person'),
    recipientName: Type.String({ minLength: 1, maxLength: 200 }),
    recipientIdNumber: Type.String({ pattern: '^[0-9A-Za-z-]{6,20}$' }),
    at: Type.String(),
    officer: Type.String(),
  }),
  Type.Object({
    method: Type.Literal('post'),
    postalTrackingNumber: Type.String({ minLength: 4, maxLength: 40, pattern: '^[0-9A-Za-z-]+$' }),
    at: Type.String(),
    officer: Type.String(),
  }),
]);
export type DossierDelivery = Static<typeof DossierDelivery>;

/** How the applicant asked to get the result at reception: at the desk, or by public post. */
export const ResultBy = Type.Union([Type.Literal('in_person'), Type.Literal('post')]);
export type ResultBy = Static<typeof ResultBy>;

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
  /** The procedure's fee lines when the dossier was received (their sum is `fee`). */
  feeLines: Type.Array(FeeLine),
  receivedAt: Type.String(),
  processingDays: Type.Integer(),
  /** Promised return: an instant, and its local date yyyy-MM-dd. */
  dueAt: Type.String(),
  dueDate: Type.String(),
  status: DossierStatus,
  /** The provincial system's last applied progress version. */
  provinceVersion: Type.Integer(),
  provinceRef: Type.Union([Type.String(), Type.Null()]),
  /** How the applicant asked to get the result, and how it was returned, once it was. */
  resultBy: ResultBy,
  delivery: Type.Union([DossierDelivery, Type.Null()]),
  history: Type.Array(DossierStep),
  filedVia: FiledVia,
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
    /** By post needs the applicant's address. Default: at the desk. */
    resultBy: Type.Optional(ResultBy),
    /** How the dossier came in. Default: at the center. */
    filedVia: Type.Optional(FiledVia),
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
  /** The receiving agency's parent ("Ủy ban nhân dân phường …") and the place name written before the date. */
  agency: Type.Object({ parent: Type.String(), place: Type.String() }),
  /** The receiving officer's name, for the signature block. */
  officerName: Type.Union([Type.String(), Type.Null()]),
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
    fees: DossierFees,
  }),
]);
export type TrackView = Static<typeof TrackView>;

export const OutboxState = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]);
export type OutboxState = Static<typeof OutboxState>;

/** One message for the provincial system, written in the same transaction as the change it carries. */
export const OutboxEntry = Type.Object({
  id: Type.Integer(),
  dossierCode: Type.String(),
  /** A push of the dossier, a progress step, one of its files, or a citizen's feedback (or its answer). */
  kind: Type.Union([
    Type.Literal('dossier'),
    Type.Literal('progress'),
    Type.Literal('document'),
    Type.Literal('feedback'),
  ]),
  idempotencyKey: Type.String(),
  state: OutboxState,
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});
export type OutboxEntry = Static<typeof OutboxEntry>;

/** One attempt to deliver an outbox message (the sync log): when, under which request id, and how it ended. */
export const HandoffAttempt = Type.Object({
  id: Type.Integer(),
  outboxId: Type.Integer(),
  dossierCode: Type.String(),
  at: Type.String(),
  /** Sent as the request's x-request-id: the province's logs name the same attempt. */
  requestId: Type.String(),
  outcome: Type.Union([Type.Literal('delivered'), Type.Literal('retry'), Type.Literal('dead')]),
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type HandoffAttempt = Static<typeof HandoffAttempt>;

/** A manager's correction of a dead letter: the message body to send instead (checked, audited). */
export const CorrectOutboxBody = Type.Object(
  { payload: Type.Record(Type.String(), Type.Unknown()), reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CorrectOutboxBody = Static<typeof CorrectOutboxBody>;

export const HandoffStatus = Type.Object({
  circuit: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]),
  pending: Type.Integer(),
  dead: Type.Integer(),
  delivered: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type HandoffStatus = Static<typeof HandoffStatus>;

export const OutboxQuery = Type.Object({
  state: Type.Optional(OutboxState),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export const OutboxParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: MAX_INT }) });

/**
 * Handing back the result: in person (the recipient's name and ID, who may be someone the applicant sent) or
 * by post (the postal tracking number). Without `method`, in person to the applicant as recorded.
 */
export const ReturnResultBody = Type.Object(
  {
    method: Type.Optional(Type.Union([Type.Literal('in_person'), Type.Literal('post')])),
    recipientName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    recipientIdNumber: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{6,20}$' })),
    postalTrackingNumber: Type.Optional(Type.String({ minLength: 4, maxLength: 40, pattern: '^[0-9A-Za-z-]+$' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ReturnResultBody = Static<typeof ReturnResultBody>;

/** The officer records the documents the applicant brought after a supplement request (status 5 → 4). */
export const AddDocumentsBody = Type.Object(
  {
    documents: Type.Array(DossierDocument, { minItems: 1, maxItems: 50 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type AddDocumentsBody = Static<typeof AddDocumentsBody>;

/** Fees paid (at the desk, or confirmed by the payment gateway): processing resumes (6 → 4). */
export const FeesPaidBody = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: MAX_INT }),
    /** The receipt number or the gateway's transaction reference. */
    paymentRef: Type.String({ minLength: 1, maxLength: 64 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type FeesPaidBody = Static<typeof FeesPaidBody>;

/** Withdrawal at the applicant's request (7): the reason as they gave it. */
export const WithdrawBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
export type WithdrawBody = Static<typeof WithdrawBody>;

/** Calling the applicant of a ready dossier to a counter to collect the result. */
export const CallForResultBody = Type.Object({ counterId: Id }, { additionalProperties: false });

/**
 * The hall's call to collect a result: by the dossier's number of the day and its code (printed on the
 * receipt), never by name. Sent to the center's room as `dossier:result_call`.
 */
export const ResultCall = Type.Object({
  centerId: Id,
  dossierCode: Type.String(),
  counterId: Id,
  counterNumber: Type.Integer(),
  at: Type.String(),
  text: Type.String(),
});
export type ResultCall = Static<typeof ResultCall>;

/** "Kính mời công dân có hồ sơ số 0007 (mã …) đến quầy số 3 để nhận kết quả." */
export const resultCallText = (dossierCode: string, counterNumber: number): string =>
  `Kính mời công dân có hồ sơ số ${dossierCode.slice(-4)} (mã ${dossierCode}) đến quầy số ${counterNumber} để nhận kết quả`;

export const CatalogImportResult = Type.Object({
  imported: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  dryRun: Type.Boolean(),
});
export type CatalogImportResult = Static<typeof CatalogImportResult>;
