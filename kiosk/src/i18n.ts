// Every word the kiosk shows, in Vietnamese first and English second, with the formats of dates and waits.
import { ERRORS, type ErrorBody, type ErrorCode, type PrinterStatus, type PriorityClass } from '@luot/server/contract';

export type Lang = 'vi' | 'en';

/** Centers keep Vietnam's time whatever the kiosk machine's clock zone is. */
const ZONE = 'Asia/Ho_Chi_Minh';

function duration(lang: Lang, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'vi') return h === 0 ? `${m} phút` : m === 0 ? `${h} giờ` : `${h} giờ ${m} phút`;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const vi = {
  langToggle: 'English',
  chooseArea: 'Mời quý khách chọn lĩnh vực cần giải quyết',
  chooseAreaHint: 'Chạm vào một lĩnh vực để lấy số thứ tự',
  waiting: (n: number) => `${n} người đang chờ`,
  estimatedWait: (m: number | null) => (m === null ? 'Chưa có quầy đang phục vụ' : m === 0 ? 'Không phải chờ' : `Chờ khoảng ${duration('vi', m)}`),
  areaClosedToday: 'Hôm nay đã ngừng nhận hồ sơ',
  areaNotServed: 'Chưa có quầy nào mở',
  centerClosedTitle: 'Trung tâm chưa nhận hồ sơ lúc này',
  centerClosedToday: 'Hôm nay trung tâm đã ngừng nhận hồ sơ. Xin quý khách quay lại vào ngày làm việc tiếp theo.',
  centerClosedBody: 'Hiện không có quầy nào làm việc. Xin quý khách quay lại trong giờ làm việc.',
  offlineTitle: 'Mất kết nối với hệ thống',
  offlineBody: 'Máy đang tự kết nối lại. Quý khách vui lòng chờ trong giây lát hoặc liên hệ nhân viên hướng dẫn.',
  connecting: 'Đang kết nối…',
  priorityTitle: 'Quý khách có thuộc diện ưu tiên không?',
  prioritySkip: 'Không — lấy số thường',
  priorityYes: 'Có, tôi là:',
  priority: {
    none: 'Không ưu tiên',
    elderly: 'Người cao tuổi',
    disabled: 'Người khuyết tật',
    pregnant: 'Phụ nữ mang thai',
    child_under_6: 'Người đi cùng trẻ dưới 6\u00a0tuổi',
    meritorious: 'Người có công với cách mạng',
  } satisfies Record<PriorityClass, string>,
  back: 'Quay lại',
  issuing: 'Đang lấy số thứ tự…',
  retrying: 'Chưa kết nối được máy chủ, đang thử lại…',
  notYetIssued: 'Chưa có số nào được cấp. Vui lòng chờ trong giây lát.',
  cancel: 'Hủy',
  refusedTitle: 'Không thể lấy số',
  refused: (e: ErrorBody, area: string) =>
    e.code === 'AREA_CLOSED'
      ? `Lĩnh vực ${area} đã ngừng nhận hồ sơ hôm nay.`
      : e.code === 'AREA_NOT_SERVED'
        ? `Hiện chưa có quầy nào mở cho lĩnh vực ${area}.`
        : e.code === 'AREA_FULL'
          ? `Đã hết số thứ tự của lĩnh vực ${area} hôm nay.`
          : e.messageVi,
  toStart: 'Về màn hình chính',
  ticketHeading: 'SỐ THỨ TỰ',
  priorityMark: 'ƯU TIÊN',
  issuedAt: 'Thời gian',
  peopleAhead: 'Số người chờ trước',
  expectedWait: 'Thời gian chờ dự kiến',
  waitValue: (m: number | null) => (m === null ? 'chưa ước tính được (chưa có quầy đang phục vụ)' : m === 0 ? 'Không phải chờ' : `khoảng ${duration('vi', m)}`),
  dossierCode: 'Mã hồ sơ',
  trackingSecret: 'Mã tra cứu',
  thanks: 'Cảm ơn Quý khách!',
  print: {
    printing: 'Đang in phiếu…',
    printed: 'Đã in phiếu. Mời quý khách nhận phiếu.',
    paper_out: 'Máy in hết giấy. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    offline: 'Máy in không hoạt động. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    error: 'Máy in gặp lỗi. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    unknown: 'Nếu không nhận được phiếu in, vui lòng chụp ảnh màn hình này.',
  },
  done: 'Xong',
  returningIn: (s: number) => `Tự động quay lại sau ${s} giây`,
  printerLabel: 'Máy in',
  printer: { ready: 'sẵn sàng', paper_out: 'hết giấy', offline: 'không hoạt động', error: 'gặp lỗi', unknown: 'chưa rõ trạng thái' } satisfies Record<PrinterStatus | 'unknown', string>,
  notConfiguredTitle: 'Kiosk chưa được cấu hình',
  notConfiguredBody: (params: string[]) => `Thiếu hoặc sai tham số: ${params.join(', ')}. Địa chỉ đúng có dạng /kiosk/?center=<mã trung tâm>&kiosk=<mã kiosk>.`,
  /** A refusal by its code, in this language when the contract knows the code. */
  problem: (code: string, message: string) => (code in ERRORS ? ERRORS[code as ErrorCode].vi : message),
  centerError: (problem: string) => `Máy chủ từ chối kết nối: ${problem}. Vui lòng liên hệ nhân viên kỹ thuật.`,
  weekdayLocale: 'vi-VN',
};

export type Texts = typeof vi;

const en: Texts = {
  langToggle: 'Tiếng Việt',
  chooseArea: 'Please choose the service you need',
  chooseAreaHint: 'Tap a service to take a number',
  waiting: (n) => (n === 1 ? '1 person waiting' : `${n} people waiting`),
  estimatedWait: (m) => (m === null ? 'No counter serving yet' : m === 0 ? 'No wait' : `About ${duration('en', m)} wait`),
  areaClosedToday: 'Closed for today',
  areaNotServed: 'No counter open now',
  centerClosedTitle: 'The center is not serving right now',
  centerClosedToday: 'The center has stopped taking cases for today. Please come back on the next working day.',
  centerClosedBody: 'No counter is open. Please come back during opening hours.',
  offlineTitle: 'The kiosk has lost its connection',
  offlineBody: 'It is reconnecting by itself. Please wait a moment or ask a staff member for help.',
  connecting: 'Connecting…',
  priorityTitle: 'Do you need priority service?',
  prioritySkip: 'No — regular number',
  priorityYes: 'Yes, I am:',
  priority: {
    none: 'No priority',
    elderly: 'An elderly person',
    disabled: 'A person with a disability',
    pregnant: 'Pregnant',
    child_under_6: 'With a child under\u00a06',
    meritorious: 'A person of merit to the revolution',
  },
  back: 'Back',
  issuing: 'Getting your number…',
  retrying: 'Cannot reach the server, trying again…',
  notYetIssued: 'No number has been issued yet. Please wait a moment.',
  cancel: 'Cancel',
  refusedTitle: 'No number can be issued',
  refused: (e, area) =>
    e.code === 'AREA_CLOSED'
      ? `${area} has stopped taking cases for today.`
      : e.code === 'AREA_NOT_SERVED'
        ? `No counter is open for ${area} right now.`
        : e.code === 'AREA_FULL'
          ? `All numbers for ${area} are used today.`
          : e.message,
  toStart: 'Back to start',
  ticketHeading: 'YOUR NUMBER',
  priorityMark: 'PRIORITY',
  issuedAt: 'Time',
  peopleAhead: 'People ahead',
  expectedWait: 'Estimated wait',
  waitValue: (m) => (m === null ? 'not known yet (no counter serving)' : m === 0 ? 'no wait' : `about ${duration('en', m)}`),
  dossierCode: 'Dossier code',
  trackingSecret: 'Tracking code',
  thanks: 'Thank you!',
  print: {
    printing: 'Printing your ticket…',
    printed: 'Printed. Please take your ticket.',
    paper_out: 'The printer is out of paper. Please take a photo of this screen to keep your number.',
    offline: 'The printer is not working. Please take a photo of this screen to keep your number.',
    error: 'The printer has a fault. Please take a photo of this screen to keep your number.',
    unknown: 'If no ticket comes out, please take a photo of this screen.',
  },
  done: 'Done',
  returningIn: (s) => `Returning to start in ${s} s`,
  printerLabel: 'Printer',
  printer: { ready: 'ready', paper_out: 'out of paper', offline: 'not working', error: 'fault', unknown: 'status unknown' },
  notConfiguredTitle: 'This kiosk is not configured',
  notConfiguredBody: (params) => `Missing or invalid parameters: ${params.join(', ')}. The address looks like /kiosk/?center=<center id>&kiosk=<kiosk id>.`,
  problem: (code, message) => (code in ERRORS ? ERRORS[code as ErrorCode].en : message),
  centerError: (problem) => `The server refused the connection: ${problem}. Please call technical staff.`,
  weekdayLocale: 'en-GB',
};

export const TEXTS: Record<Lang, Texts> = { vi, en };

function parts(date: Date, options: Intl.DateTimeFormatOptions, locale = 'en-GB') {
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of new Intl.DateTimeFormat(locale, { timeZone: ZONE, ...options }).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** "dd/mm/yyyy HH:mm", as on the printed ticket. */
export function ticketTime(iso: string): string {
  const p = parts(new Date(iso), { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The header clock: time, and the weekday with the date. */
export function clock(t: Texts, now: Date): { time: string; date: string } {
  const p = parts(now, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const weekday = new Intl.DateTimeFormat(t.weekdayLocale, { timeZone: ZONE, weekday: 'long' }).format(now);
  return { time: `${p.hour}:${p.minute}`, date: `${weekday[0].toUpperCase()}${weekday.slice(1)}, ${p.day}/${p.month}/${p.year}` };
}
