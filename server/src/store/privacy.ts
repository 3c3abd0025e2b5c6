// The storage port of personal data: retention (anonymise or delete what outlived its purpose, keeping rows for the
// counts), a person's data found by ID number, phone or phone digest, consents for online numbers, requests and
// staff's views. Part of every transaction (Tx.privacy).
import type {
  Applicant,
  ConsentRecord,
  DossierStatus,
  PersonalDataView,
  PrivacyRequestKind,
  PrivacyRequestState,
  PrivacyOutcome,
} from '@luot/contract';

/** Statuses after which a dossier's purpose has ended at the center: its retention period runs from the last step. */
export const CLOSED_DOSSIER_STATUSES: readonly DossierStatus[] = ['returned', 'withdrawn', 'stopped', 'not_accepted'];

/** What an erased phone digest becomes: it matches no digest (those are hex). */
export const ERASED = 'erased';

export interface PersonDossier {
  code: string;
  ticketId: string;
  centerId: string;
  status: DossierStatus;
  procedureName: string;
  receivedAt: string;
  applicant: Applicant;
  anonymised: boolean;
}

export interface StoredPrivacyRequest {
  id: string;
  provinceId: string;
  centerId: string;
  kind: PrivacyRequestKind;
  idNumber: string | null;
  phone: string | null;
  detail: string | null;
  receivedAt: string;
  receivedBy: string;
  replyDue: string;
  completeDue: string;
  state: PrivacyRequestState;
  repliedAt: string | null;
  completedAt: string | null;
  handledBy: string | null;
  outcome: PrivacyOutcome | null;
}

export interface OnlineConsent {
  id: string;
  centerId: string;
  purpose: 'online_number' | 'appointment';
  subjectRef: string;
  phoneDigest: string;
  channel: string;
  textShown: string;
  textVersion: number;
  givenAt: string;
}

/** Rows of a table that still hold personal data, and rows anonymised, within some centers. */
export interface HeldCount {
  held: number;
  anonymised: number;
}

export interface PrivacyTx {
  // Retention, in batches of `limit` (the job loops until a batch is short).
  /** Closed dossiers whose last step is before `before`, still holding applicant data. */
  closedDossiersHolding(before: string, limit: number): Promise<{ code: string; applicant: Applicant }[]>;
  /** Closed dossiers whose last step is before `before`, still holding field values, notes or a delivery. */
  closedDossiersWithDetails(before: string, limit: number): Promise<string[]>;
  anonymiseApplicant(code: string, applicant: Applicant, at: string): Promise<void>;
  /** Clears a dossier's field values, notes, delivery, and the notes of its steps and province updates. */
  clearDossierDetails(code: string): Promise<void>;
  /** Delivered or dead outbox payloads (created before `before`, or of these dossiers) become '{}'; attempts' details go. */
  clearSyncPayloads(before: string | null, codes: string[]): Promise<number>;
  /** Phone digests of online tickets and appointments before `beforeDay`, one-time codes and consent digests before `before`, ratings' comments. */
  eraseTicketLinks(beforeDay: string, before: string): Promise<Record<string, number>>;
  /** Tickets of a day before `beforeDay` with a subscription, whose dossier (if any) is closed. */
  ticketsWithEndedSubscriptions(beforeDay: string, limit: number): Promise<string[]>;
  /** Closed requests (completed or refused before `before`) forget who asked. */
  forgetRequesters(before: string): Promise<number>;
  insertRetentionRun(at: string, counts: Record<string, number>): Promise<void>;
  retentionRuns(limit: number): Promise<{ id: number; at: string; counts: Record<string, number> }[]>;

  // A person's data.
  dossiersOfPerson(centerIds: string[], idNumber: string | null, phones: string[]): Promise<PersonDossier[]>;
  correctApplicant(code: string, applicant: Applicant): Promise<void>;
  /** Notification subscriptions by phone number (or of these tickets): ids and tickets. */
  subscriptionsOf(phones: string[], ticketIds: string[]): Promise<{ id: string; ticketId: string }[]>;
  /** Online tickets, appointments and consents holding a phone digest. */
  digestHolders(digest: string): Promise<{ onlineTickets: number; appointments: number; codes: number }>;
  /** Erases a phone digest everywhere it is kept; returns counts per table. */
  eraseDigest(digest: string, at: string, reason: string): Promise<Record<string, number>>;
  /** Ratings' free comments of these tickets go. */
  clearComments(ticketIds: string[]): Promise<number>;

  // Consents.
  insertOnlineConsent(consent: OnlineConsent): Promise<void>;
  onlineConsentsOf(digest: string): Promise<ConsentRecord[]>;
  /** Consents given at these centers (notifications and online), newest first. */
  consents(centerIds: string[], limit: number): Promise<ConsentRecord[]>;
  /** Ends a consent given for a ticket (notify) or an online number / appointment; false when none was open. */
  endConsent(id: string, at: string, reason: string): Promise<{ source: 'notify' | 'online'; ref: string } | null>;

  // Requests and views.
  insertRequest(request: StoredPrivacyRequest): Promise<void>;
  request(id: string): Promise<StoredPrivacyRequest | null>;
  requests(centerIds: string[], state: PrivacyRequestState | null, limit: number): Promise<StoredPrivacyRequest[]>;
  updateRequest(request: StoredPrivacyRequest): Promise<void>;
  insertView(view: Omit<PersonalDataView, 'id'> & { provinceId: string }): Promise<void>;
  views(centerIds: string[], ref: string | null, limit: number): Promise<PersonalDataView[]>;

  /** Register figures: per data kind, rows holding personal data and rows anonymised, in these centers. */
  heldCounts(centerIds: string[]): Promise<Record<string, HeldCount>>;
}
