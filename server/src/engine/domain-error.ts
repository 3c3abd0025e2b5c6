import type { ErrorCode } from '@luot/contract';

/** A refusal by the rules of the queue; the HTTP edge turns it into a 4xx with the code's words. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}
