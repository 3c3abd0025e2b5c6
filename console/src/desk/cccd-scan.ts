// The citizen ID card's QR at the desk: the scanner "types" `id|old id|name|ddmmyyyy|sex|address|ddmmyyyy`
// and Enter. With no field focused the desk's scanner listener hands the line here; the open reception form
// takes it (and fills the applicant). Typed into a field, the form picks it out of that field itself.
import { type CccdResult, parseCccdQr } from '@luot/contract';

let taker: ((result: CccdResult) => void) | null = null;

/** The reception form listens while it is open. */
export function takeCccdScans(fn: (result: CccdResult) => void): () => void {
  taker = fn;
  return () => {
    if (taker === fn) taker = null;
  };
}

/** A line that is (or was meant to be) an ID card's QR, not a ticket's. */
export const looksLikeCccd = (text: string): boolean => /^\s*\d{9,12}\|/.test(text);

/** Hands an ID card line to the open form; false when no form is open to take it. */
export function offerCccd(text: string): boolean {
  if (!taker) return false;
  taker(parseCccdQr(text));
  return true;
}

/** The ID card line at the end of what a field holds, and what the field held before it. */
export function cccdInField(value: string): { before: string; line: string } | null {
  const m = /^(.*?)(\d{9,12}\|[^\n]*)$/s.exec(value);
  return m ? { before: m[1], line: m[2] } : null;
}
