// What a ticket's QR code carries: the tracking URL (…/track/?code=<dossier code>&s=<secret>), typed by a
// USB barcode scanner as keystrokes ending with Enter; or a dossier code typed by hand.
import type { Ticket } from '@luot/contract';
export interface Scanned {
  code: string;
  secret: string | null;
}

/** What the desk receives a dossier for: the ticket served at the counter, or a scanned or typed dossier code. */
export type Target = { kind: 'counter'; ticket: Ticket; areaCode: string } | ({ kind: 'code' } & Scanned);

export function parseScan(text: string): Scanned | null {
  const raw = text.trim();
  if (!raw) return null;
  if (/^https?:\/\//i.test(raw) || raw.includes('?code=')) {
    const url = URL.parse(raw, 'http://x');
    const code = url?.searchParams.get('code');
    return code ? { code: code.trim(), secret: url?.searchParams.get('s') ?? null } : null;
  }
  return /^[0-9A-Za-z.]+-\d{6}-\d{4}$/.test(raw) ? { code: raw, secret: null } : null;
}

/**
 * Keystrokes typed outside any field that end with Enter: a scanner "typing". Humans reach here only by
 * typing with no field focused, which the desk does not use otherwise.
 */
export function listenForScanner(onScan: (text: string) => void): () => void {
  let buffer = '';
  let last = 0;
  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    if (target && (target.closest('input, textarea, select, [contenteditable]') || e.ctrlKey || e.altKey || e.metaKey))
      return;
    const now = performance.now();
    if (now - last > 500) buffer = '';
    last = now;
    if (e.key === 'Enter') {
      if (buffer.length >= 8) {
        e.preventDefault();
        onScan(buffer);
      }
      buffer = '';
    } else if (e.key.length === 1) buffer += e.key;
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}
