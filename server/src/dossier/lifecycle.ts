// The dossier's status lifecycle: which step may follow which, for our own moves and the province's.
import type { DossierStatus } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';

const NEXT: Record<DossierStatus, readonly DossierStatus[]> = {
  // The citizen may withdraw (7) until a result exists; the authority may stop (8) a dossier it has accepted.
  received: ['forwarded', 'withdrawn'],
  forwarded: ['accepted', 'not_accepted', 'withdrawn'],
  accepted: ['in_process', 'needs_documents', 'fees_due', 'result_ready', 'rejected', 'withdrawn', 'stopped'],
  in_process: ['needs_documents', 'fees_due', 'result_ready', 'rejected', 'withdrawn', 'stopped'],
  // The applicant brings what was missing and processing resumes.
  needs_documents: ['in_process', 'rejected', 'withdrawn', 'stopped'],
  // Paid: processing resumes (or the result is ready at once).
  fees_due: ['in_process', 'result_ready', 'withdrawn', 'stopped'],
  result_ready: ['returned'],
  // A refusal after processing is a written answer, returned like a result.
  rejected: ['returned'],
  returned: [],
  not_accepted: [],
  withdrawn: [],
  stopped: [],
};

export const canMove = (from: DossierStatus, to: DossierStatus): boolean => NEXT[from].includes(to);

/** Refuses a step the lifecycle does not allow. */
export function move(from: DossierStatus, to: DossierStatus): DossierStatus {
  if (!canMove(from, to)) throw new DomainError('DOSSIER_STATE', `${from} → ${to}`);
  return to;
}

/**
 * The steps to record when the province reports `to`. A report may reach us before the delivery's own
 * acknowledgement: the province evidently holds the dossier, so `forwarded` is recorded first. The
 * province is the source of truth for the statuses it owns, so a report outside the lifecycle is still
 * applied (and flagged), or our copy would never match theirs again.
 */
export function provinceSteps(from: DossierStatus, to: DossierStatus): { steps: DossierStatus[]; irregular: boolean } {
  if (from === to) return { steps: [], irregular: false };
  const steps: DossierStatus[] = from === 'received' ? ['forwarded', to] : [to];
  const start = from === 'received' ? 'forwarded' : from;
  return { steps, irregular: !canMove(start, to) };
}
