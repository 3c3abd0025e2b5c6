// The words and dates the tracking page shows, in Vietnamese ("Quý khách", as on the kiosk) and English.
import { DOSSIER_STATUS_LABELS, type DossierStatus, type TicketState } from '@luot/contract';
import { dateTimeText, dayText, timeText } from '@luot/ui/time';

export type Lang = 'vi' | 'en';

/** dd/MM/yyyy HH:mm, Vietnam time, as on the ticket. */
export const dateTimeOf = (iso: string) => dateTimeText(iso);
/** HH:mm, Vietnam time. */
export const timeOf = (iso: string) => timeText(iso);
/** A local day yyyy-MM-dd as dd/MM/yyyy. */
export const dayOf = (day: string) => dayText(day);

export const statusLabel = (s: DossierStatus, lang: Lang) => DOSSIER_STATUS_LABELS[s][lang];

export const TICKET_WORDS: Record<TicketState, Record<Lang, string>> = {
  waiting: { vi: 'Đang chờ đến lượt', en: 'Waiting for your turn' },
  called: { vi: 'Đến lượt Quý khách', en: 'It is your turn' },
  serving: { vi: 'Đang được phục vụ', en: 'Being served' },
  done: { vi: 'Đã phục vụ xong', en: 'Served' },
  no_show: { vi: 'Quý khách đã vắng mặt khi được gọi', en: 'You were absent when called' },
  cancelled: { vi: 'Số thứ tự đã hủy', en: 'Ticket cancelled' },
  held: {
    vi: 'Đang tạm giữ: quay lại quầy khi đủ giấy tờ, cán bộ sẽ mời lại',
    en: 'On hold: come back to the counter with your document, you will be called again',
  },
};

/** The place in line, in words. */
export function placeWords(ahead: number, lang: Lang): string {
  if (ahead === 0) return lang === 'vi' ? 'Quý khách là người tiếp theo' : 'You are next';
  if (lang === 'vi') return `Còn ${ahead} người phía trước`;
  return ahead === 1 ? '1 person ahead of you' : `${ahead} people ahead of you`;
}

/** The expected wait, in words: never "khoảng 0 phút". */
export function waitWords(ahead: number, minutes: number | null, lang: Lang): string {
  const vi = lang === 'vi';
  if (minutes === null)
    return vi ? 'Hiện chưa có quầy nào phục vụ lĩnh vực này' : 'No counter serves this area right now';
  if (ahead === 0 || minutes <= 1) return vi ? 'Sắp đến lượt Quý khách' : 'Your turn is coming up';
  if (minutes < 5) return vi ? 'Dự kiến: ít phút nữa' : 'Expected wait: a few minutes';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (vi) return `Thời gian chờ dự kiến: khoảng ${h > 0 ? `${h} giờ${m > 0 ? ` ${m} phút` : ''}` : `${m} phút`}`;
  return `Expected wait: about ${h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} minutes`}`;
}

export const callWords = (counter: number, lang: Lang) =>
  lang === 'vi' ? `Mời Quý khách đến quầy số ${counter}` : `Please go to counter ${counter}`;

/** After a no-show: until when the citizen may come back, or that it is too late. */
export function graceWords(
  graceUntil: string | null,
  now: number,
  number: number,
  lang: Lang,
): { lead: string; detail: string; open: boolean } {
  const vi = lang === 'vi';
  const open = graceUntil !== null && Date.parse(graceUntil) > now;
  const until = graceUntil ? timeOf(graceUntil) : '';
  const day = graceUntil ? dateTimeOf(graceUntil).slice(0, 10) : '';
  if (open) {
    return {
      open,
      lead: vi ? `Quý khách có thể quay lại đến ${until} ngày ${day}` : `You may come back until ${until} on ${day}`,
      detail: vi
        ? `Mời Quý khách đến quầy, báo cán bộ số thứ tự ${number} để được xếp lại lượt theo thứ tự cũ.`
        : `Go to a counter and show ticket ${number}: an officer puts you back in line at your original place.`,
    };
  }
  return {
    open,
    lead: vi
      ? `Đã quá thời gian quay lại${until ? ` (${until})` : ''}`
      : `The time to come back is over${until ? ` (${until})` : ''}`,
    detail: vi ? 'Mời Quý khách lấy số thứ tự mới tại kiosk.' : 'Please take a new ticket at the kiosk.',
  };
}

/** The tone of a status, for its colour. */
export const toneOf = (s: DossierStatus) =>
  s === 'rejected' || s === 'not_accepted' || s === 'stopped'
    ? 'bad'
    : s === 'needs_documents' || s === 'fees_due'
      ? 'warn'
      : s === 'result_ready' || s === 'returned'
        ? 'good'
        : 'info';

/** Every other text of the page. */
export const WORDS = {
  vi: {
    title: 'Tra cứu hồ sơ',
    switchLang: 'English',
    dossierCode: 'Mã hồ sơ',
    ticketLabel: 'SỐ THỨ TỰ',
    servingAt: (n: number) => `Quý khách đang được phục vụ tại quầy số ${n}`,
    doneThanks: 'Cảm ơn Quý khách!',
    procedure: 'Thủ tục',
    receivingCenter: 'Nơi tiếp nhận',
    authority: 'Cơ quan giải quyết',
    receivedAt: 'Ngày tiếp nhận',
    dueDate: 'Ngày hẹn trả kết quả',
    history: 'Quá trình xử lý',
    updated: (t: string) => `Cập nhật lúc ${t}`,
    live: 'Tự động cập nhật',
    offline: 'Mất kết nối, đang thử lại…',
    tooFast: 'Tra cứu quá nhanh, vui lòng đợi',
    notFoundTitle: 'Không tìm thấy hồ sơ',
    notFound: (code: string) =>
      `Không có hồ sơ nào với mã ${code} và mã tra cứu này. Vui lòng kiểm tra lại mã hồ sơ và mã tra cứu (4 ký tự) in trên phiếu.`,
    tooFastTitle: 'Tra cứu quá nhanh',
    tooFastText: 'Vui lòng đợi một phút; trang sẽ tự thử lại.',
    offlineTitle: 'Không kết nối được',
    offlineText: 'Vui lòng kiểm tra mạng; trang sẽ tự thử lại.',
    loading: 'Đang tra cứu…',
    codeField: 'Mã hồ sơ',
    secretField: 'Mã tra cứu (4 ký tự)',
    search: 'Tra cứu',
    privacy: 'Trang này không hiển thị thông tin cá nhân của người nộp hồ sơ.',
    soundHint: 'Chạm vào màn hình để bật chuông báo khi đến lượt.',
    checkinTitle: 'Xác nhận có mặt',
    checkinText: 'Số trực tuyến: khi đến trung tâm, quét mã QR này tại kiosk (hoặc đưa cán bộ quầy) để được gọi.',
    notifyTitle: 'Nhận thông báo',
    notifyText: 'Báo khi còn ít người phía trước, khi đến lượt và khi hồ sơ có kết quả — kể cả khi đã đóng trang này.',
    notifyButton: 'Bật thông báo',
    notifyWorking: 'Đang bật…',
    notifyOn: 'Đã bật thông báo trên máy này.',
    notifyDenied: 'Trình duyệt đã chặn thông báo. Quý khách có thể cho phép trong phần cài đặt của trình duyệt.',
    notifyUnsupported: 'Trình duyệt này không hỗ trợ thông báo.',
    notifyFailed: 'Chưa bật được thông báo, vui lòng thử lại.',
    notifyStop: 'Ngừng nhận thông báo',
    notifyStopped: 'Đã ngừng thông báo; thông tin lưu để gửi thông báo đã được xóa.',
    phoneTitle: 'Hoặc nhận tin nhắn qua số điện thoại',
    phoneField: 'Số điện thoại di động',
    phoneButton: 'Đăng ký nhận tin nhắn',
    phoneOn: (p: string) => `Sẽ nhắn tin tới số ${p}.`,
    phoneInvalid: 'Số điện thoại chưa đúng (ví dụ 0912345678).',
    phoneNeedsConsent: 'Vui lòng đánh dấu đồng ý để đăng ký.',
  },
  en: {
    title: 'Dossier tracking',
    switchLang: 'Tiếng Việt',
    dossierCode: 'Dossier code',
    ticketLabel: 'TICKET NUMBER',
    servingAt: (n: number) => `You are being served at counter ${n}`,
    doneThanks: 'Thank you!',
    procedure: 'Procedure',
    receivingCenter: 'Received at',
    authority: 'Competent authority',
    receivedAt: 'Received on',
    dueDate: 'Result due',
    history: 'Progress',
    updated: (t: string) => `Updated at ${t}`,
    live: 'Live',
    offline: 'Connection lost, retrying…',
    tooFast: 'Too many look-ups, please wait',
    notFoundTitle: 'Dossier not found',
    notFound: (code: string) =>
      `No dossier matches code ${code} and this secret. Check both on your ticket (the secret has 4 characters).`,
    tooFastTitle: 'Too many look-ups',
    tooFastText: 'Please wait a minute; the page retries by itself.',
    offlineTitle: 'Cannot connect',
    offlineText: 'Check your network; the page retries by itself.',
    loading: 'Looking up…',
    codeField: 'Dossier code',
    secretField: 'Secret (4 characters)',
    search: 'Search',
    privacy: "This page shows none of the applicant's personal data.",
    soundHint: 'Tap the screen to allow the chime when your turn comes.',
    checkinTitle: 'Confirm you are here',
    checkinText:
      'Online number: at the center, scan this QR code at the kiosk (or show it at the counter) to be called.',
    notifyTitle: 'Notifications',
    notifyText:
      'Be told when few people are ahead, when you are called and when the dossier has a result — even with this page closed.',
    notifyButton: 'Turn on notifications',
    notifyWorking: 'Turning on…',
    notifyOn: 'Notifications are on for this device.',
    notifyDenied: 'The browser blocks notifications. You can allow them in its settings.',
    notifyUnsupported: 'This browser does not support notifications.',
    notifyFailed: 'Could not turn notifications on, please try again.',
    notifyStop: 'Stop notifications',
    notifyStopped: 'Notifications stopped; what was kept to send them is deleted.',
    phoneTitle: 'Or get text messages on your phone',
    phoneField: 'Mobile number',
    phoneButton: 'Text me',
    phoneOn: (p: string) => `We will text ${p}.`,
    phoneInvalid: 'The number is not valid (e.g. 0912345678).',
    phoneNeedsConsent: 'Please tick the consent box.',
  },
} as const;
