// Talking to the server's public tracking endpoint, and the words and dates the page shows.
import { DOSSIER_STATUS_LABELS, type DossierStatus, type TicketState, type TrackView } from '@luot/server/contract';

export type Lookup =
  | { kind: 'ok'; view: TrackView }
  | { kind: 'not_found' }
  | { kind: 'invalid' }
  | { kind: 'rate_limited' }
  | { kind: 'offline' };

export async function lookup(code: string, secret: string): Promise<Lookup> {
  let res: Response;
  try {
    res = await fetch(`${import.meta.env.BASE_URL}../api/track?code=${encodeURIComponent(code)}&s=${encodeURIComponent(secret)}`, { cache: 'no-store' });
  } catch {
    return { kind: 'offline' };
  }
  if (res.status === 200) return { kind: 'ok', view: (await res.json()) as TrackView };
  if (res.status === 404) return { kind: 'not_found' };
  if (res.status === 400) return { kind: 'invalid' };
  if (res.status === 429) return { kind: 'rate_limited' };
  return { kind: 'offline' };
}

/** How often to look again: the line moves fast, a dossier slowly. */
export const refreshMs = (view: TrackView | null) => (view?.phase === 'queue' && (view.state === 'waiting' || view.state === 'called') ? 10_000 : 60_000);

const TZ = 'Asia/Ho_Chi_Minh';
const time = new Intl.DateTimeFormat('vi-VN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const date = new Intl.DateTimeFormat('vi-VN', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });

/** dd/MM/yyyy HH:mm, Vietnam time, as on the ticket. */
export const dateTimeOf = (iso: string) => `${date.format(new Date(iso))} ${time.format(new Date(iso))}`;
/** A local day yyyy-MM-dd as dd/MM/yyyy. */
export const dayOf = (day: string) => day.split('-').reverse().join('/');

export const statusLabel = (s: DossierStatus) => DOSSIER_STATUS_LABELS[s];

export const TICKET_WORDS: Record<TicketState, { vi: string; en: string }> = {
  waiting: { vi: 'Đang chờ đến lượt', en: 'Waiting for your turn' },
  called: { vi: 'Đến lượt bạn', en: 'It is your turn' },
  serving: { vi: 'Đang được phục vụ', en: 'Being served' },
  done: { vi: 'Đã phục vụ xong', en: 'Served' },
  no_show: { vi: 'Đã qua lượt do vắng mặt', en: 'Missed: you were absent when called' },
  cancelled: { vi: 'Số thứ tự đã hủy', en: 'Ticket cancelled' },
  held: { vi: 'Đang tạm giữ: quay lại quầy khi đủ giấy tờ, cán bộ sẽ mời lại', en: 'On hold: come back to the counter with your document, you will be called again' },
};

/** The tone of a status, for its colour. */
export const toneOf = (s: DossierStatus) =>
  s === 'rejected' ? 'bad' : s === 'needs_documents' ? 'warn' : s === 'result_ready' || s === 'returned' ? 'good' : 'info';
