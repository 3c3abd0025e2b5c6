// Files of a dossier: the officer scans or uploads its documents at the desk (PDF, JPEG, PNG, recognised by
// their first bytes), kept with their SHA-256 through a storage port, and handed to the province through the
// outbox (a `document` message by dossier code, after the dossier's earlier messages). Staff of the receiving
// center list and download them; the dossier's holder sees only the list, on the tracking page.
import { createHash } from 'node:crypto';
import type { DossierFile, DossierFileType, StaffUser, TrackedFile } from '@luot/contract';
import { DOSSIER_STATUS_LABELS } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { toProvinceDate, type PushDocument } from '../handoff/province-contract.ts';
import type { Clock } from '../queue/service.ts';
import { recordAudit } from '../setup/service.ts';
import type { Store } from '../store/store.ts';
import { holderTicket } from '../track/views.ts';

/** The storage port of dossiers' files: bytes by their SHA-256, shared by every server instance. */
export interface FileStorage {
  /** Keeps the bytes under their hash; storing the same bytes again changes nothing. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  get(sha256: string): Promise<Buffer | null>;
}

/** The statements of dossiers' files and of the database's file storage. */
export interface FileTx {
  putBlob(blob: { sha256: string; bytes: Buffer; at: string }): Promise<void>;
  blob(sha256: string): Promise<Buffer | null>;
  insertFile(file: Omit<DossierFile, 'id'>): Promise<number>;
  files(code: string): Promise<DossierFile[]>;
  file(code: string, id: number): Promise<DossierFile | null>;
}

/** Files in the database (the store every instance already shares): no other service to run. */
export class DatabaseFileStorage implements FileStorage {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  put(sha256: string, bytes: Buffer): Promise<void> {
    return this.store.transaction((tx) => tx.files.putBlob({ sha256, bytes, at: this.clock().toISOString() }));
  }

  get(sha256: string): Promise<Buffer | null> {
    return this.store.transaction((tx) => tx.files.blob(sha256));
  }
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The file's type by its magic bytes; null for anything else (the name and the declared type are not trusted). */
export function sniffFileType(bytes: Buffer): DossierFileType | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  return null;
}

/** A dossier that has ended takes no more files: the province would have nothing to do with them. */
const CLOSED = new Set(['returned', 'withdrawn', 'stopped', 'not_accepted']);

export class DossierFileService {
  constructor(
    private readonly store: Store,
    private readonly storage: FileStorage,
    private readonly options: { clock: Clock; maxBytes: number; onOutbox?: () => void },
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  async upload(code: string, name: string, bytes: Buffer, user: StaffUser): Promise<DossierFile> {
    if (bytes.length > this.options.maxBytes) throw new DomainError('FILE_TOO_LARGE', limitText(this.options.maxBytes));
    const contentType = sniffFileType(bytes);
    if (!contentType) throw new DomainError('FILE_TYPE_REFUSED', name);
    // Checked before the bytes are stored: nothing is kept for a dossier that does not exist.
    await this.openDossier(code);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.storage.put(sha256, bytes);
    return this.store.transaction(async (tx) => {
      const dossier = await tx.dossiers.dossier(code, 'update');
      if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', code);
      if (CLOSED.has(dossier.status)) throw new DomainError('DOSSIER_STATE', DOSSIER_STATUS_LABELS[dossier.status].vi);
      const now = this.options.clock();
      const at = now.toISOString();
      const file = {
        dossierCode: code,
        name: name.trim(),
        contentType,
        size: bytes.length,
        sha256,
        uploadedAt: at,
        uploadedBy: user.username,
      };
      const id = await tx.files.insertFile(file);
      const payload: PushDocument = {
        code,
        fileId: id,
        name: file.name,
        contentType,
        size: file.size,
        sha256,
        date: toProvinceDate(at),
        officer: user.username,
      };
      await tx.dossiers.enqueue({
        dossierCode: code,
        kind: 'document',
        idempotencyKey: `document:${code}:${id}`,
        payload,
        at,
      });
      await recordAudit(tx, user, now, {
        centerId: dossier.receivingCenter.id,
        action: 'upload',
        entityKind: 'dossier_file',
        entityId: `${code}/${id}`,
        before: null,
        after: { ...file, id },
      });
      const kick = this.options.onOutbox;
      if (kick) tx.afterCommit(kick);
      return { id, ...file };
    });
  }

  private async openDossier(code: string): Promise<void> {
    const dossier = await this.store.transaction((tx) => tx.dossiers.dossier(code));
    if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', code);
    if (CLOSED.has(dossier.status)) throw new DomainError('DOSSIER_STATE', DOSSIER_STATUS_LABELS[dossier.status].vi);
  }

  list(code: string): Promise<DossierFile[]> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.dossiers.dossier(code))) throw new DomainError('DOSSIER_NOT_FOUND', code);
      return tx.files.files(code);
    });
  }

  /** A file of this dossier with its bytes; a file of another dossier is as unknown as a missing one. */
  async download(code: string, id: number): Promise<{ file: DossierFile; bytes: Buffer }> {
    const file = await this.store.transaction((tx) => tx.files.file(code, id));
    if (!file) throw new DomainError('FILE_NOT_FOUND', `${code}/${id}`);
    const bytes = await this.storage.get(file.sha256);
    if (!bytes) throw new DomainError('FILE_NOT_FOUND', `${code}/${id}`);
    return { file, bytes };
  }

  /** The holder's own dossier's files (code + secret), without their bytes or who uploaded them. */
  tracked(code: string, secret: string): Promise<TrackedFile[]> {
    return this.store.transaction(async (tx) => {
      const ticket = await holderTicket(tx, code, secret);
      return (await tx.files.files(ticket.dossierCode)).map(({ name, contentType, size, uploadedAt }) => ({
        name,
        contentType,
        size,
        uploadedAt,
      }));
    });
  }
}

/** "tối đa 10 MB" style detail of the size limit. */
export const limitText = (maxBytes: number) =>
  `tối đa ${(maxBytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
