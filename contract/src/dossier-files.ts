// Files of a dossier (scans and uploads of its documents at the desk): kept with their SHA-256, sent to the province.
import { Type, type Static } from 'typebox';

/** The kinds of file a desk may attach, recognised by their first bytes (never by name or declared type). */
export const DOSSIER_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DossierFileType = Type.Enum(DOSSIER_FILE_TYPES);
export type DossierFileType = Static<typeof DossierFileType>;

/** A file as staff of the receiving center see it. */
export const DossierFile = Type.Object({
  id: Type.Integer(),
  dossierCode: Type.String(),
  /** The name the officer gave (or the uploaded file's), for people; never used to guess the type. */
  name: Type.String(),
  contentType: DossierFileType,
  size: Type.Integer(),
  /** Hex SHA-256 of the bytes: what the province checks, and the key the bytes are stored under. */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  uploadedAt: Type.String(),
  uploadedBy: Type.String(),
});
export type DossierFile = Static<typeof DossierFile>;

/** What the citizen's tracking page lists of their own dossier's files: no download, no officer. */
export const TrackedFile = Type.Pick(DossierFile, ['name', 'contentType', 'size', 'uploadedAt']);
export type TrackedFile = Static<typeof TrackedFile>;

export const DossierFileParams = Type.Object({
  code: Type.String({ minLength: 5, maxLength: 64 }),
  fileId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

/** The upload's query: the file's name for people (the body is the file's bytes). */
export const UploadFileQuery = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
