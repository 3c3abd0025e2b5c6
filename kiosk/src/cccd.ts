// The optional ID card step at the kiosk: the QR scanner "types" the card's line and Enter. The card is read
// here only to decide the elderly priority (60 or more on the day, in Vietnam's time); nothing else of it is
// kept or sent.
import { type CccdResult, isElderlyOn, parseCccdQr } from '@luot/contract';
import { dayOf } from '@luot/ui/time';

const today = () => dayOf(Date.now());

export function elderlyFromCard(
  line: string,
  day: string = today(),
): { elderly: boolean; problem: Extract<CccdResult, { ok: false }> | null } {
  const r = parseCccdQr(line);
  if (!r.ok) return { elderly: false, problem: r };
  return { elderly: isElderlyOn(r.card.birthDate, day), problem: null };
}

/** Keystrokes ending with Enter that look like a card's line (digits then "|"): the scanner. */
export function listenForCardLine(onLine: (line: string) => void): () => void {
  let buffer = '';
  let last = 0;
  const onKey = (e: KeyboardEvent) => {
    const now = performance.now();
    if (now - last > 500) buffer = '';
    last = now;
    if (e.key === 'Enter') {
      const line = buffer;
      buffer = '';
      if (/^\d{9,12}\|/.test(line)) {
        e.preventDefault();
        onLine(line);
      }
    } else if (e.key.length === 1) buffer += e.key;
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}
