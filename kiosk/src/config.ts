// The kiosk's identity comes from its URL, set once per device: /kiosk/?center=<centerId>&kiosk=<kioskId>.
import type { Lang } from './i18n.ts';

export interface KioskConfig {
  centerId: string;
  kioskId: string;
  /** The language each citizen starts in; the toggle falls back to it when the kiosk returns to start. */
  lang: Lang;
  /** An unattended screen goes back to start after this long. */
  idleMs: number;
  /** How long the ticket stays on screen (doubled when it did not print, to leave time for a photo). */
  ticketMs: number;
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

function seconds(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n >= 1 && n <= 3600 ? n * 1000 : fallback * 1000;
}

/** The configuration, or the names of the parameters that are missing or malformed. */
export function readConfig(search: string): KioskConfig | { invalid: string[] } {
  const q = new URLSearchParams(search);
  const centerId = q.get('center') ?? '';
  const kioskId = q.get('kiosk') ?? '';
  const invalid = [ID.test(centerId) ? null : 'center', ID.test(kioskId) ? null : 'kiosk'].filter((x) => x !== null);
  if (invalid.length > 0) return { invalid };
  return {
    centerId,
    kioskId,
    lang: q.get('lang') === 'en' ? 'en' : 'vi',
    idleMs: seconds(q.get('idle'), 45),
    ticketMs: seconds(q.get('ticket'), 15),
  };
}
