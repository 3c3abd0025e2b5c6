// Every word the kiosk shows, in Vietnamese first and English second, with the formats of dates and waits.
import {
  ERRORS,
  TICKET_VI,
  waitTextVi,
  type ErrorBody,
  type ErrorCode,
  type LocalMoment,
  type OpeningReason,
  type PrinterStatus,
  type PriorityClass,
} from '@luot/contract';
import { dateText, dateTimeText, timeText, weekdayText } from '@luot/ui/time';

export type Lang = 'vi' | 'en';

function duration(lang: Lang, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'vi') return h === 0 ? `${m} phút` : m === 0 ? `${h} giờ` : `${h} giờ ${m} phút`;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const VI_WEEKDAYS = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
const EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** yyyy-MM-dd as dd/mm/yyyy. */
const dmy = (day: string) => day.split('-').reverse().join('/');

const vi = {
  langToggle: 'English',
  chooseArea: 'Mời quý khách chọn lĩnh vực cần giải quyết',
  chooseAreaHint: 'Chạm vào một lĩnh vực để lấy số thứ tự',
  waiting: (n: number) => `${n} người đang chờ`,
  estimatedWait: (m: number | null) =>
    m === null ? 'Chưa có quầy đang phục vụ' : m === 0 ? 'Không phải chờ' : `Chờ khoảng ${duration('vi', m)}`,
  areaClosedToday: 'Hôm nay đã ngừng nhận hồ sơ',
  areaNotServed: 'Chưa có quầy nào mở',
  centerClosedTitle: 'Trung tâm chưa nhận hồ sơ lúc này',
  centerClosedToday: 'Hôm nay trung tâm đã ngừng nhận hồ sơ. Xin quý khách quay lại vào ngày làm việc tiếp theo.',
  centerClosedBody: 'Hiện không có quầy nào làm việc. Xin quý khách quay lại trong giờ làm việc.',
  outsideHoursTitle: (reason: OpeningReason): string =>
    reason === 'holiday'
      ? 'Hôm nay là ngày nghỉ lễ'
      : reason === 'break'
        ? 'Trung tâm đang nghỉ trưa'
        : reason === 'after_last_ticket'
          ? 'Đã hết giờ lấy số hôm nay'
          : 'Ngoài giờ làm việc',
  /** "Trung tâm mở cửa lúc 07:30 thứ Hai, 30/11/2026". */
  opensAt: (next: LocalMoment | null): string =>
    next
      ? `Trung tâm mở cửa lúc ${next.time} ${VI_WEEKDAYS[next.weekday - 1]}, ${dmy(next.day)}`
      : 'Xin quý khách quay lại trong giờ làm việc.',
  areaAfterLastTicket: 'Đã hết giờ lấy số hôm nay',
  offlineTitle: 'Mất kết nối với hệ thống',
  offlineBody: 'Máy đang tự kết nối lại. Quý khách vui lòng chờ trong giây lát hoặc liên hệ nhân viên hướng dẫn.',
  connecting: 'Đang kết nối…',
  priorityTitle: 'Quý khách có thuộc diện ưu tiên không?',
  prioritySkip: 'Không — lấy số thường',
  priorityYes: 'Có, tôi là:',
  cccdButton: 'Quét CCCD (người từ 60 tuổi)',
  cccdPrompt: 'Đưa mã QR trên thẻ căn cước vào máy quét. Thông tin trên thẻ không được lưu lại.',
  cccdNotElderly: 'Quý khách chưa đủ 60 tuổi. Mời chọn nhóm ưu tiên khác hoặc lấy số thường.',
  cccdCancel: 'Bỏ qua',
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
          : e.code === 'AREA_LAST_TICKET_PASSED'
            ? `Đã hết giờ lấy số của lĩnh vực ${area} hôm nay.`
            : e.messageVi,
  toStart: 'Về màn hình chính',
  // The ticket on screen says what the paper says (the same words: TICKET_VI).
  ticketHeading: TICKET_VI.heading as string,
  areaLabel: TICKET_VI.area as string,
  priorityMark: TICKET_VI.priorityMark as string,
  issuedAt: TICKET_VI.issuedAt as string,
  peopleAhead: TICKET_VI.peopleAhead as string,
  expectedWait: TICKET_VI.expectedWait as string,
  waitValue: (m: number | null) => waitTextVi(m),
  dossierCode: TICKET_VI.dossierCode as string,
  trackingSecret: TICKET_VI.trackingSecret as string,
  qrLine: TICKET_VI.qrLine as string,
  thanks: TICKET_VI.thanks as string,
  ticketPriority: TICKET_VI.priority as Record<PriorityClass, string>,
  title: 'Lấy số thứ tự',
  reprint: 'In lại phiếu',
  reprinting: 'Đang gửi lệnh in lại…',
  reprintRefused: 'Không in lại được phiếu này. Vui lòng chụp ảnh màn hình để giữ số thứ tự.',
  /** What a citizen needs to know about the printer, before taking a number; null when it works. */
  printerNote: {
    ready: null,
    unknown: null,
    paper_out: 'Máy in đang hết giấy: số thứ tự sẽ hiện trên màn hình để quý khách chụp lại.',
    offline: 'Máy in tạm thời không hoạt động: số thứ tự sẽ hiện trên màn hình để quý khách chụp lại.',
    error: 'Máy in đang gặp lỗi: số thứ tự sẽ hiện trên màn hình để quý khách chụp lại.',
  } as Record<PrinterStatus | 'unknown', string | null>,
  printerRefused: (problem: string) => `Máy in chưa được kết nối (${problem}). Vui lòng báo nhân viên kỹ thuật.`,
  print: {
    printing: 'Đang in phiếu…',
    printed: 'Đã in phiếu. Mời quý khách nhận phiếu.',
    paper_out: 'Máy in hết giấy. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    offline: 'Máy in không hoạt động. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    error: 'Máy in gặp lỗi. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    unknown: 'Nếu không nhận được phiếu in, vui lòng chụp ảnh màn hình này.',
    expired: 'Phiếu chưa in được kịp. Bấm “In lại phiếu” hoặc chụp ảnh màn hình này để giữ số thứ tự.',
  },
  done: 'Xong',
  returningIn: (s: number) => `Tự động quay lại sau ${s} giây`,
  notConfiguredTitle: 'Kiosk chưa được cấu hình',
  /** A refusal by its code, in this language when the contract knows the code. */
  problem: (code: string, message: string) => (code in ERRORS ? ERRORS[code as ErrorCode].vi : message),
  centerError: (problem: string) => `Máy chủ từ chối kết nối: ${problem}. Vui lòng liên hệ nhân viên kỹ thuật.`,
  weekdayLocale: 'vi-VN',
  checkinButton: 'Đã lấy số trực tuyến hoặc đặt lịch hẹn? Xác nhận có mặt',
  checkinTitle: 'Xác nhận có mặt',
  checkinPrompt: 'Đưa mã QR trên điện thoại vào máy quét, hoặc nhập mã xác nhận (ví dụ NK7Q-M2PX-H8XH).',
  checkinField: 'Mã xác nhận',
  checkinSubmit: 'Xác nhận',
  checkinWorking: 'Đang xác nhận…',
  checkinTiming: {
    early: 'Quý khách đến sớm: số sẽ được gọi ưu tiên khi đến khung giờ hẹn.',
    on_time: 'Lịch hẹn: Quý khách được gọi ưu tiên trong khung giờ hẹn.',
    late: 'Quý khách đến muộn quá khung giờ hẹn: số được xếp theo hàng thường.',
  },
  checkinOnlineTitle: (n: number) => `Đã xác nhận có mặt — số ${n}`,
  checkinOnlineBody: (ahead: number) =>
    ahead === 0
      ? 'Quý khách sắp được mời, vui lòng chú ý màn hình.'
      : `Còn ${ahead} người trước Quý khách. Vui lòng chờ được mời.`,
};

export type Texts = typeof vi;

const en: Texts = {
  langToggle: 'Tiếng Việt',
  chooseArea: 'Please choose the service you need',
  chooseAreaHint: 'Tap a service to take a number',
  waiting: (n) => (n === 1 ? '1 person waiting' : `${n} people waiting`),
  estimatedWait: (m) =>
    m === null ? 'No counter serving yet' : m === 0 ? 'No wait' : `About ${duration('en', m)} wait`,
  areaClosedToday: 'Closed for today',
  areaNotServed: 'No counter open now',
  centerClosedTitle: 'The center is not serving right now',
  centerClosedToday: 'The center has stopped taking cases for today. Please come back on the next working day.',
  centerClosedBody: 'No counter is open. Please come back during opening hours.',
  outsideHoursTitle: (reason) =>
    reason === 'holiday'
      ? 'Today is a public holiday'
      : reason === 'break'
        ? 'The center is on its lunch break'
        : reason === 'after_last_ticket'
          ? 'No more numbers today'
          : 'Outside opening hours',
  opensAt: (next) =>
    next
      ? `Opens at ${next.time} on ${EN_WEEKDAYS[next.weekday - 1]}, ${dmy(next.day)}`
      : 'Please come back during opening hours.',
  areaAfterLastTicket: 'No more numbers today',
  offlineTitle: 'The kiosk has lost its connection',
  offlineBody: 'It is reconnecting by itself. Please wait a moment or ask a staff member for help.',
  connecting: 'Connecting…',
  priorityTitle: 'Do you need priority service?',
  prioritySkip: 'No — regular number',
  priorityYes: 'Yes, I am:',
  cccdButton: 'Scan ID card (aged 60 or more)',
  cccdPrompt: 'Hold the QR code of your ID card to the scanner. Nothing on the card is kept.',
  cccdNotElderly: 'You are under 60. Please choose another priority group or a regular number.',
  cccdCancel: 'Skip',
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
          : e.code === 'AREA_LAST_TICKET_PASSED'
            ? `The last number for ${area} today has been issued.`
            : e.message,
  toStart: 'Back to start',
  ticketHeading: 'YOUR NUMBER',
  areaLabel: 'Service',
  priorityMark: 'PRIORITY',
  issuedAt: 'Time taken',
  peopleAhead: 'People ahead',
  expectedWait: 'Estimated wait',
  waitValue: (m) =>
    m === null ? 'not known yet (no counter serving)' : m < 1 ? 'under 1 min' : `about ${duration('en', m)}`,
  dossierCode: 'Dossier code',
  trackingSecret: 'Tracking code',
  qrLine: 'Scan the QR code to follow your turn. Please watch the screens and listen for your number.',
  thanks: 'Thank you!',
  ticketPriority: {
    none: 'No priority',
    elderly: 'Elderly person',
    disabled: 'Person with a disability',
    pregnant: 'Pregnant woman',
    child_under_6: 'With a child under 6',
    meritorious: 'Person of merit to the revolution',
  },
  title: 'Take a queue number',
  reprint: 'Print again',
  reprinting: 'Sending the ticket to the printer again…',
  reprintRefused: 'This ticket cannot be printed again. Please take a photo of this screen to keep your number.',
  printerNote: {
    ready: null,
    unknown: null,
    paper_out: 'The printer is out of paper: your number will be shown on screen for you to photograph.',
    offline: 'The printer is not working right now: your number will be shown on screen for you to photograph.',
    error: 'The printer has a fault: your number will be shown on screen for you to photograph.',
  },
  printerRefused: (problem) => `The printer is not connected (${problem}). Please call technical staff.`,
  print: {
    printing: 'Printing your ticket…',
    printed: 'Printed. Please take your ticket.',
    paper_out: 'The printer is out of paper. Please take a photo of this screen to keep your number.',
    offline: 'The printer is not working. Please take a photo of this screen to keep your number.',
    error: 'The printer has a fault. Please take a photo of this screen to keep your number.',
    unknown: 'If no ticket comes out, please take a photo of this screen.',
    expired:
      'Your ticket could not be printed in time. Tap “Print again” or take a photo of this screen to keep your number.',
  },
  done: 'Done',
  returningIn: (s) => `Returning to start in ${s} s`,
  notConfiguredTitle: 'This kiosk is not configured',
  problem: (code, message) => (code in ERRORS ? ERRORS[code as ErrorCode].en : message),
  centerError: (problem) => `The server refused the connection: ${problem}. Please call technical staff.`,
  weekdayLocale: 'en-GB',
  checkinButton: 'Took a number online or booked an appointment? Check in here',
  checkinTitle: 'Check in',
  checkinPrompt: 'Hold the QR code on your phone to the scanner, or type your check-in code (e.g. NK7Q-M2PX-H8XH).',
  checkinField: 'Check-in code',
  checkinSubmit: 'Check in',
  checkinWorking: 'Checking in…',
  checkinTiming: {
    early: 'You are early: your number is called ahead of others once your time window opens.',
    on_time: 'Appointment: you are called ahead of others in your time window.',
    late: 'You are past your time window: your number joins the normal line.',
  },
  checkinOnlineTitle: (n) => `You are checked in — number ${n}`,
  checkinOnlineBody: (ahead) =>
    ahead === 0
      ? 'You will be called shortly, please watch the screen.'
      : `${ahead} people ahead of you. Please wait to be called.`,
};

export const TEXTS: Record<Lang, Texts> = { vi, en };

/** "dd/mm/yyyy HH:mm", as on the printed ticket (Vietnam time whatever the kiosk machine's zone). */
export const ticketTime = (iso: string): string => dateTimeText(iso);

/** The header clock: time, and the weekday with the date. */
export function clock(t: Texts, now: Date): { time: string; date: string } {
  return { time: timeText(now), date: `${weekdayText(now, t.weekdayLocale)}, ${dateText(now)}` };
}
