// The storage port of receipts printed at a counter's thermal printer (Tx.receiptPrints): one job per request of
// the desk, kept until the counter's print agent answers or the job expires unprinted.
import type { PrintJobState } from '@luot/contract';

export interface ReceiptPrintRecord {
  id: string;
  centerId: string;
  counterId: string;
  dossierCode: string;
  state: PrintJobState;
  /** Times the job was sent to a print agent. */
  attempts: number;
  message: string | null;
  /** The staff member who asked for it. */
  requestedBy: string;
  /** When the job was queued: its validity runs from here. */
  createdAt: string;
  updatedAt: string;
}

export interface ReceiptPrintTx {
  insert(job: ReceiptPrintRecord): Promise<void>;
  job(id: string): Promise<ReceiptPrintRecord | null>;
  /** A counter's jobs not yet printed, failed nor expired, oldest first. */
  pending(centerId: string, counterId: string): Promise<ReceiptPrintRecord[]>;
  update(job: ReceiptPrintRecord): Promise<void>;
}
