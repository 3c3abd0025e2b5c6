// The printing contract between the server, the kiosk screen and the print agent on the kiosk machine.
import { Type, type Static } from 'typebox';
import { Id, IssuedTicket } from './model.ts';

export const PrinterStatus = Type.Union([
  Type.Literal('ready'),
  Type.Literal('paper_out'),
  Type.Literal('offline'), // no agent connected, or the agent cannot reach the printer
  Type.Literal('error'),
]);
export type PrinterStatus = Static<typeof PrinterStatus>;

export const PrintJobState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('printing'),
  Type.Literal('printed'),
  Type.Literal('failed'),
  Type.Literal('expired'),
]);
export type PrintJobState = Static<typeof PrintJobState>;

/** A ticket to print: one job per ticket, never printed twice. */
export const PrintJob = Type.Object({
  jobId: Type.String(),
  kioskId: Id,
  issued: IssuedTicket,
  /** What the QR code carries: the tracking page of the ticket's dossier code. */
  trackingUrl: Type.String(),
  /** When the job was queued (again, for a reprint): with the job id, one printing of the ticket. */
  validFrom: Type.String(),
  /** Past this the ticket is not printed: the citizen has moved on, the paper would go to the next person. */
  expiresAt: Type.String(),
});
export type PrintJob = Static<typeof PrintJob>;

/** Sent to the kiosk's room as its ticket's job moves on. */
export const PrintUpdate = Type.Object({
  kioskId: Id,
  jobId: Type.String(),
  ticketId: Type.String(),
  state: PrintJobState,
  printer: PrinterStatus,
  message: Type.Union([Type.String(), Type.Null()]),
});
export type PrintUpdate = Static<typeof PrintUpdate>;

export const PrinterStatusUpdate = Type.Object({ kioskId: Id, printer: PrinterStatus, at: Type.String() });
export type PrinterStatusUpdate = Static<typeof PrinterStatusUpdate>;

export const WatchKioskRequest = Type.Object({ centerId: Id, kioskId: Id });
export type WatchKioskRequest = Static<typeof WatchKioskRequest>;
export const AttachPrinterRequest = Type.Object({ centerId: Id, kioskId: Id });
export type AttachPrinterRequest = Static<typeof AttachPrinterRequest>;

/** A reprint asked from the kiosk screen while the citizen is still there. */
export const ReprintRequest = Type.Object({
  centerId: Id,
  kioskId: Id,
  ticketId: Type.String({ minLength: 1, maxLength: 64 }),
});
export type ReprintRequest = Static<typeof ReprintRequest>;

export const PrintResult = Type.Object({
  jobId: Type.String(),
  ok: Type.Boolean(),
  printer: PrinterStatus,
  message: Type.Union([Type.String(), Type.Null()]),
});
export type PrintResult = Static<typeof PrintResult>;

export type Ack = (res: { ok: true; printer: PrinterStatus } | { ok: false; code: string; message: string }) => void;

export interface PrintServerToClientEvents {
  /** To the kiosk screen (room kiosk:<id>). */
  'print:update': (update: PrintUpdate) => void;
  'printer:status': (update: PrinterStatusUpdate) => void;
  /** To the print agent (room printer:<kioskId>). */
  'print:job': (job: PrintJob) => void;
}

export interface PrintClientToServerEvents {
  /** The kiosk screen follows its own printer. */
  'kiosk:watch': (request: WatchKioskRequest, ack: Ack) => void;
  /** The kiosk screen asks to print a ticket again whose print failed or expired (see REPRINT_WINDOW_MS). */
  'kiosk:reprint': (request: ReprintRequest, ack: Ack) => void;
  /** The print agent attaches as the printer of a kiosk; queued jobs follow. */
  'printer:attach': (request: AttachPrinterRequest, ack: Ack) => void;
  'print:result': (result: PrintResult) => void;
  'printer:report': (status: { printer: PrinterStatus; message: string | null }) => void;
}

/** How long after its issue a ticket may be printed again from the kiosk: while the citizen is still there. */
export const REPRINT_WINDOW_MS = 10 * 60_000;

export const roomOfKiosk = (kioskId: string) => `kiosk:${kioskId}`;
export const roomOfPrinter = (kioskId: string) => `printer:${kioskId}`;

/** The citizen's tracking page, carried by the ticket's QR code. */
export const trackingUrlOf = (publicBase: string, dossierCode: string, secret: string) =>
  `${publicBase}/track/?code=${encodeURIComponent(dossierCode)}&s=${encodeURIComponent(secret)}`;
