// The kiosk's identity comes from its device credential (paired once: see @luot/ui/device); the URL sets only how
// it behaves: /kiosk/?lang=en&idle=45&ticket=15.
import type { PairedDevice } from '@luot/contract';
import type { Lang } from './i18n.ts';

export interface KioskConfig {
  centerId: string;
  kioskId: string;
  /** The kiosk's own credential, sent with every ticket it issues and with its socket's handshake. */
  device: PairedDevice;
  /** The language each citizen starts in; the toggle falls back to it when the kiosk returns to start. */
  lang: Lang;
  /** An unattended screen goes back to start after this long. */
  idleMs: number;
  /** How long the ticket stays on screen (doubled when it did not print, to leave time for a photo). */
  ticketMs: number;
}

function seconds(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n >= 1 && n <= 3600 ? n * 1000 : fallback * 1000;
}

export function readConfig(search: string, device: PairedDevice): KioskConfig {
  const q = new URLSearchParams(search);
  return {
    centerId: device.device.centerId,
    kioskId: device.device.id,
    device,
    lang: q.get('lang') === 'en' ? 'en' : 'vi',
    idleMs: seconds(q.get('idle'), 45),
    ticketMs: seconds(q.get('ticket'), 15),
  };
}
