// Printing a dossier's receipt (form no. 01) on the thermal printer of a counter: a print agent enrolled for that
// counter attaches to it over Socket.IO and gets the counter's receipt jobs, with the same short validity as a
// kiosk's tickets (a receipt not printed while the citizen is at the counter is not printed for the next one).
import { Type, type Static } from 'typebox';
import { DossierReceipt } from './dossier.ts';
import { Id } from './model.ts';
import { type Ack, PrintJobState, type PrintResult } from './print.ts';

/** A receipt to print at a counter: one job per request of the desk, never printed twice. */
export const ReceiptPrintJob = Type.Object({
  kind: Type.Literal('receipt'),
  jobId: Type.String(),
  centerId: Id,
  counterId: Id,
  receipt: DossierReceipt,
  /** When the job was queued: its validity runs from here. */
  validFrom: Type.String(),
  /** Past this the receipt is not printed. */
  expiresAt: Type.String(),
});
export type ReceiptPrintJob = Static<typeof ReceiptPrintJob>;

export const AttachCounterPrinterRequest = Type.Object({ centerId: Id, counterId: Id });
export type AttachCounterPrinterRequest = Static<typeof AttachCounterPrinterRequest>;

/** The desk asks for the receipt at its counter's printer. */
export const ReceiptPrintBody = Type.Object({ counterId: Id }, { additionalProperties: false });
export type ReceiptPrintBody = Static<typeof ReceiptPrintBody>;

/** What the desk hears back: the job's state once the agent answered, or `printing` if it has not yet. */
export const ReceiptPrintOutcome = Type.Object({
  jobId: Type.String(),
  state: PrintJobState,
  message: Type.Union([Type.String(), Type.Null()]),
});
export type ReceiptPrintOutcome = Static<typeof ReceiptPrintOutcome>;

export interface ReceiptPrintServerToClientEvents {
  /** To the counter's print agent (room roomOfCounterPrinter). */
  'receipt:job': (job: ReceiptPrintJob) => void;
}

export interface ReceiptPrintClientToServerEvents {
  /** A print agent enrolled for a counter attaches as its printer; the counter's pending receipts follow. */
  'counter-printer:attach': (request: AttachCounterPrinterRequest, ack: Ack) => void;
  'receipt:result': (result: PrintResult) => void;
}

/** Counter ids are unique within their center only. */
export const roomOfCounterPrinter = (centerId: string, counterId: string) => `counter-printer:${centerId}/${counterId}`;
