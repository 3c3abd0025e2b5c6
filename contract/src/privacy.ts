// Personal data (Law 91/2025/QH15, Decree 356/2025): the register of what luot holds and why, retention per kind,
// consents kept as proof, a person's requests with their legal deadlines, and staff's views of personal data.
import { type Static, Type } from 'typebox';

export const RETENTION_KINDS = ['ticketLinks', 'phones', 'applicant', 'documents', 'logs'] as const;
export const RetentionKind = Type.Enum(RETENTION_KINDS);
export type RetentionKind = Static<typeof RetentionKind>;

const Words = Type.Object({ vi: Type.String(), en: Type.String() });

/** One line of the register: a kind of personal data, its purpose, legal basis, where it lives, how long. */
export const RegisterEntry = Type.Object({
  id: Type.String(),
  data: Words,
  purpose: Words,
  basis: Type.Union([Type.Literal('legal_obligation'), Type.Literal('consent'), Type.Literal('public_task')]),
  basisText: Words,
  /** Tables and columns holding it. */
  where: Type.Array(Type.String()),
  /** The retention kind governing it, and its period in days (null: not personal once kept, or kept by law). */
  retention: Type.Union([RetentionKind, Type.Null()]),
  retentionDays: Type.Union([Type.Integer(), Type.Null()]),
  retentionText: Words,
  /** Rows that still hold it / rows already anonymised, within the caller's scope. */
  held: Type.Integer(),
  anonymised: Type.Integer(),
});
export type RegisterEntry = Static<typeof RegisterEntry>;

export const RetentionRun = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  counts: Type.Record(Type.String(), Type.Integer()),
});
export type RetentionRun = Static<typeof RetentionRun>;

export const PersonalDataRegister = Type.Object({
  entries: Type.Array(RegisterEntry),
  retentionDays: Type.Record(RetentionKind, Type.Integer()),
  /** Local hour (Asia/Ho_Chi_Minh) of the nightly run. */
  retentionHour: Type.Integer(),
  lastRuns: Type.Array(RetentionRun),
});
export type PersonalDataRegister = Static<typeof PersonalDataRegister>;

export const PRIVACY_REQUEST_KINDS = ['access', 'correct', 'delete', 'withdraw', 'restrict', 'object'] as const;
export const PrivacyRequestKind = Type.Enum(PRIVACY_REQUEST_KINDS);
export type PrivacyRequestKind = Static<typeof PrivacyRequestKind>;
export const PRIVACY_REQUEST_LABELS: Record<PrivacyRequestKind, { vi: string; en: string }> = {
  access: { vi: 'Xem dữ liệu', en: 'See my data' },
  correct: { vi: 'Chỉnh sửa dữ liệu', en: 'Correct my data' },
  delete: { vi: 'Xóa dữ liệu', en: 'Delete my data' },
  withdraw: { vi: 'Rút lại sự đồng ý', en: 'Withdraw consent' },
  restrict: { vi: 'Hạn chế xử lý', en: 'Restrict processing' },
  object: { vi: 'Phản đối xử lý', en: 'Object to processing' },
};
export const PrivacyRequestState = Type.Union([
  Type.Literal('open'),
  Type.Literal('replied'),
  Type.Literal('completed'),
  Type.Literal('refused'),
]);
export type PrivacyRequestState = Static<typeof PrivacyRequestState>;

const IdNumber = Type.String({ pattern: '^[0-9A-Za-z-]{6,20}$' });
const Phone = Type.String({ pattern: '^[+0-9 .]{8,20}$' });

/** Corrections a person asked for, applied to their dossiers' applicant data. */
export const ApplicantCorrection = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phone: Type.Optional(Phone),
    email: Type.Optional(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ApplicantCorrection = Static<typeof ApplicantCorrection>;

export const NewPrivacyRequest = Type.Object(
  {
    centerId: Type.String({ minLength: 1 }),
    kind: PrivacyRequestKind,
    /** Who asks: their ID number, their phone, or both (at least one). */
    idNumber: Type.Optional(IdNumber),
    phone: Type.Optional(Phone),
    detail: Type.Optional(Type.String({ maxLength: 1000 })),
    /** When the request was received (an instant); now by default. */
    receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type NewPrivacyRequest = Static<typeof NewPrivacyRequest>;

/** What a request did, in counts (and, for "see", where the person's data is). */
export const PrivacyOutcome = Type.Object({
  counts: Type.Record(Type.String(), Type.Integer()),
  note: Type.Optional(Type.String()),
});
export type PrivacyOutcome = Static<typeof PrivacyOutcome>;

export const PrivacyRequest = Type.Object({
  id: Type.String(),
  centerId: Type.String(),
  kind: PrivacyRequestKind,
  /** Shown masked: the full values stay in the database until the request is closed. */
  idNumberMasked: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.String(),
  receivedBy: Type.String(),
  /** Local days (yyyy-MM-dd): reply within 2 working days; complete within 15 days. */
  replyDue: Type.String(),
  completeDue: Type.String(),
  state: PrivacyRequestState,
  repliedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  handledBy: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([PrivacyOutcome, Type.Null()]),
  replyOverdue: Type.Boolean(),
  completeOverdue: Type.Boolean(),
});
export type PrivacyRequest = Static<typeof PrivacyRequest>;

export const PrivacyRequestQuery = Type.Object({
  centerId: Type.Optional(Type.String({ minLength: 1 })),
  state: Type.Optional(PrivacyRequestState),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const PrivacyReplyBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export const PrivacyCompleteBody = Type.Object(
  {
    /** For a "correct" request: the corrected values. */
    correction: Type.Optional(ApplicantCorrection),
    /** Refuse instead (a reason the law allows, e.g. the dossier is still being processed). */
    refuse: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** A person's data as found for an "access" request. */
export const PersonalDataReport = Type.Object({
  dossiers: Type.Array(
    Type.Object({
      code: Type.String(),
      centerId: Type.String(),
      procedureName: Type.String(),
      receivedAt: Type.String(),
      status: Type.String(),
      applicant: Type.Unknown(),
    }),
  ),
  subscriptions: Type.Integer(),
  onlineTickets: Type.Integer(),
  appointments: Type.Integer(),
  consents: Type.Array(
    Type.Object({
      purpose: Type.String(),
      givenAt: Type.String(),
      withdrawnAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type PersonalDataReport = Static<typeof PersonalDataReport>;

export const ConsentRecord = Type.Object({
  id: Type.String(),
  /** notify: a ticket's notifications (web push or phone); online: a phone kept for an online number or appointment. */
  source: Type.Union([Type.Literal('notify'), Type.Literal('online')]),
  ref: Type.String(),
  channel: Type.String(),
  purpose: Type.String(),
  textShown: Type.String(),
  textVersion: Type.Integer(),
  givenAt: Type.String(),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  endedReason: Type.Union([Type.String(), Type.Null()]),
});
export type ConsentRecord = Static<typeof ConsentRecord>;

export const PERSONAL_VIEW_KINDS = ['dossier', 'receipt_pdf', 'dossier_list', 'privacy_request'] as const;
export const PersonalViewKind = Type.Enum(PERSONAL_VIEW_KINDS);
export type PersonalViewKind = Static<typeof PersonalViewKind>;

export const PersonalDataView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  role: Type.String(),
  centerId: Type.String(),
  what: PersonalViewKind,
  ref: Type.String(),
});
export type PersonalDataView = Static<typeof PersonalDataView>;

export const PersonalViewQuery = Type.Object({
  centerId: Type.Optional(Type.String({ minLength: 1 })),
  ref: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

/** The words of the consent to keep a phone for an online number or an appointment, versioned like PHONE_CONSENT_TEXT. */
export const ONLINE_PHONE_CONSENT_VERSION = 1;
export const ONLINE_PHONE_CONSENT_TEXT = {
  vi: 'Tôi đồng ý cung cấp số điện thoại để nhận mã xác thực, lấy số trực tuyến hoặc đặt lịch hẹn và xác nhận tại trung tâm; số được xóa sau ngày phục vụ.',
  en: 'I agree to give my phone number to receive a code, take an online number or book an appointment and check in at the center; it is erased after the service day.',
};
