// Dossiers' files (metadata) and the database's file storage (bytes by SHA-256, base64 text on both stores).
import type { DossierFile } from '@luot/contract';
import { first, type Sql } from '../db.ts';
import type { FileTx } from '../../attachments/files.ts';
import type { Row } from '../schema.ts';

const toFile = (r: Row<'dossier_files'>): DossierFile => ({
  id: r.id,
  dossierCode: r.dossier_code,
  name: r.name,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
  uploadedBy: r.uploaded_by,
});

export function fileQueries({ db, x }: Sql): FileTx {
  return {
    // Content-addressed: the same bytes stored twice (two instances, a retry) are one row.
    putBlob: async (blob) => {
      await x.run(
        db
          .insertInto('file_blobs')
          .values({
            sha256: blob.sha256,
            size: blob.bytes.length,
            content: blob.bytes.toString('base64'),
            created_at: blob.at,
          })
          .onConflict((oc) => oc.column('sha256').doNothing()),
      );
    },
    blob: async (sha256) => {
      const r = await first(x, db.selectFrom('file_blobs').select('content').where('sha256', '=', sha256));
      return r ? Buffer.from(r.content, 'base64') : null;
    },
    insertFile: async (f) => {
      const r = await first(
        x,
        db
          .insertInto('dossier_files')
          .values({
            dossier_code: f.dossierCode,
            name: f.name,
            content_type: f.contentType,
            size: f.size,
            sha256: f.sha256,
            uploaded_at: f.uploadedAt,
            uploaded_by: f.uploadedBy,
          })
          .returning('id'),
      );
      if (!r) throw new Error('file id not returned');
      return r.id;
    },
    files: async (code) =>
      (await x.rows(db.selectFrom('dossier_files').selectAll().where('dossier_code', '=', code).orderBy('id'))).map(
        toFile,
      ),
    file: async (code, id) => {
      const r = await first(
        x,
        db.selectFrom('dossier_files').selectAll().where('dossier_code', '=', code).where('id', '=', id),
      );
      return r ? toFile(r) : null;
    },
  };
}
