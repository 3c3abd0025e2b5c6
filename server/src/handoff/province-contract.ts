// The wire contract between luot and a provincial processing system, shaped like the JSON services real
// Vietnamese one-stop systems use (session login, push dossier, push progress, look up by code; dates as
// yyyyMMddHHmmss; success as error code "00"). The reference province implements the other side.
import { TZDate } from '@date-fns/tz';
import { format, parse } from 'date-fns';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DossierStatus, TicketChannel } from '@luot/contract';
import { CENTER_TIME_ZONE } from '../engine/service-day.ts';

export const PROVINCE_PATHS = {
  login: '/api/v1/login',
  dossiers: '/api/v1/dossiers',
  progress: '/api/v1/progress',
  lookup: (code: string) => `/api/v1/dossiers/${encodeURIComponent(code)}`,
  documents: '/api/v1/documents',
  feedback: '/api/v1/feedback',
} as const;

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const SIGNATURE_HEADER = 'x-province-signature';
export const TIMESTAMP_HEADER = 'x-province-timestamp';

/** Error codes of the province's replies: "00" is success. */
export const PROVINCE_OK = '00';
export const PROVINCE_ERRORS = {
  badRequest: '01',
  unknownUnit: '02',
  unknownDossier: '03',
  unauthorized: '04',
} as const;

export interface ProvinceReply {
  errorCode: string;
  message: string;
}

export interface Unit {
  code: string;
  name: string;
}

/** Push a dossier (new): what the receiving center knows when it hands the dossier over. */
export interface PushDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  areaCode: string;
  applicant: { name: string; type: 1 | 2; idNumber: string; phone: string | null; email: string | null };
  summary: string;
  receivedDate: string;
  dueDate: string;
  statusCode: number;
  /** How the result goes back: 1 at the one-stop desk, 2 by public postal service. */
  deliveryForm: 1 | 2;
  /** How the dossier was filed (the national channel codes): 1 in person, 2 online, 3 public postal service. */
  channel: 1 | 2 | 3;
  receivingUnit: Unit;
  handlingUnit: Unit & { level: 'province' | 'commune'; statsCode: string | null };
  documents: { name: string; copies: number; original: boolean; kind: 'original' | 'certified_copy' | 'copy' }[];
  /** An organisation applying: its tax code and representative. */
  organisation?: { taxCode: string; representative: string };
  fee: number;
  /** Where the province reports progress (our webhook). */
  callbackUrl?: string;
  /** How the citizen came to the counter: kiosk number, online number, appointment, or given at the counter. */
  queueChannel?: TicketChannel;
}

export interface PushDossierReply extends ProvinceReply {
  /** The province's own reference for the dossier. */
  reference?: string;
  /** True when this idempotency key was already received: nothing new was created. */
  duplicate?: boolean;
}

/**
 * Push progress: a step taken at our side, by dossier code: documents added after a supplement request, fees
 * paid, withdrawal at the citizen's request, the result handed back. `event` names the step when the status
 * alone does not (documents added and paid both resume processing).
 */
export interface PushProgress {
  code: string;
  status: DossierStatus;
  statusCode: number;
  date: string;
  officer: string;
  unit: Unit;
  note: string | null;
  event?: ProgressKind;
  /** With `documents_added`: the documents handed in. */
  documents?: PushDossier['documents'];
  /** With `paid`: the amount in VND and the payment's reference. */
  amount?: number;
  paymentRef?: string;
  /** With `returned`: 1 handed over at the desk (to whom), 2 sent by public post (its tracking number). */
  deliveryForm?: 1 | 2;
  recipientName?: string;
  postalTrackingNumber?: string;
}

/** What a pushed progress step is. */
export type ProgressKind = 'documents_added' | 'paid' | 'withdrawn' | 'returned';

/** A progress event of the province, numbered per dossier from 1: applied in that order. */
export interface ProgressEvent {
  eventId: string;
  code: string;
  version: number;
  status: DossierStatus;
  statusCode: number;
  date: string;
  unit: Unit;
  note: string | null;
}

export interface LookupReply extends ProvinceReply {
  dossier?: {
    code: string;
    reference: string;
    status: DossierStatus;
    version: number;
    handlingUnit: Unit;
    history: ProgressEvent[];
  };
}

/**
 * Push a file of a dossier (a scan of one of its documents), by dossier code. The outbox keeps it without its
 * bytes; the adapter adds them (`content`, base64) from the file storage at each attempt.
 */
export interface PushDocument {
  code: string;
  /** Our id of the file, unique for the dossier. */
  fileId: number;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes: the province checks `content` against it. */
  sha256: string;
  date: string;
  officer: string;
  content?: string;
}

/** Push a citizen's feedback or recommendation about a dossier; again with `answer` when the center answered it. */
export interface PushFeedback {
  code: string;
  /** Our id of the feedback: the province answers by it. */
  feedbackId: number;
  kind: 'complaint' | 'recommendation';
  source: 'citizen' | 'center';
  content: string;
  date: string;
  unit: Unit;
  /** The center's answer (then `answeredDate`): the province closes it. */
  answer?: string;
  answeredDate?: string;
  /** Where the province sends its own answer (our feedback webhook). */
  callbackUrl?: string;
}

/** The province's answer to a feedback, to our feedback webhook (signed like progress webhooks). */
export interface FeedbackAnswerEvent {
  eventId: string;
  feedbackId: number;
  code: string;
  answer: string;
  date: string;
  unit: Unit;
}

export interface LoginReply extends ProvinceReply {
  token?: string;
}

/** An instant as the province writes it: yyyyMMddHHmmss, Vietnam time. */
export const toProvinceDate = (at: Date | string): string =>
  format(new TZDate(new Date(at).getTime(), CENTER_TIME_ZONE), 'yyyyMMddHHmmss');

export function fromProvinceDate(s: string): Date {
  if (!/^\d{14}$/.test(s)) throw new Error(`not a yyyyMMddHHmmss date: ${s}`);
  return new Date(parse(s, 'yyyyMMddHHmmss', new TZDate(0, CENTER_TIME_ZONE)).getTime());
}

/** HMAC-SHA256 of "<timestamp>.<raw body>", hex. */
export const signBody = (secret: string, timestamp: string, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** Checks a webhook's signature and that its timestamp (ms since epoch) is recent, against replays. */
export function verifySignature(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  now: number,
  toleranceMs = 5 * 60_000,
): boolean {
  if (!timestamp || !signature || !/^\d{1,15}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(now - Number(timestamp)) > toleranceMs) return false;
  return timingSafeEqual(Buffer.from(signBody(secret, timestamp, body), 'hex'), Buffer.from(signature, 'hex'));
}
