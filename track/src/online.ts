// Online numbers and appointments from the phone: the calls to the server and the words of the page, in
// Vietnamese ("Quý khách", as on the kiosk) and English.
import type { ErrorBody } from '@luot/contract';
import type { Lang } from './track.ts';

const api = (path: string) => `${import.meta.env.BASE_URL}..${path}`;

/** A reply: the body, or the server's refusal in both languages. */
export type Reply<T> = { ok: true; body: T } | { ok: false; error: Pick<ErrorBody, 'code' | 'message' | 'messageVi'> };

const NETWORK = {
  code: 'INTERNAL',
  message: 'No connection, try again',
  messageVi: 'Mất kết nối, vui lòng thử lại',
} as const;

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>> {
  try {
    const res = await fetch(api(path), {
      method,
      cache: 'no-store',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (res.ok) return { ok: true, body: json as T };
    return { ok: false, error: json as ErrorBody };
  } catch {
    return { ok: false, error: NETWORK };
  }
}

/** 0912 345 678 or +84 912 345 678 → 0912345678. */
export const cleanPhone = (p: string) => p.replace(/[\s.-]/g, '');

export const ONLINE_WORDS = {
  vi: {
    takeTitle: 'Lấy số trực tuyến',
    bookTitle: 'Đặt lịch hẹn',
    intro:
      'Số trực tuyến xếp cùng hàng với số lấy tại kiosk, theo thời gian đăng ký. Khi đến trung tâm, Quý khách quét mã QR tại kiosk để xác nhận có mặt.',
    bookIntro: 'Chọn ngày và khung giờ; đến đúng giờ, quét mã QR tại kiosk để được phục vụ trước.',
    center: 'Trung tâm',
    area: 'Lĩnh vực',
    waiting: (n: number) => (n === 0 ? 'chưa ai chờ' : `${n} người chờ`),
    closedNow: 'Trung tâm hiện không cấp số',
    day: 'Ngày hẹn',
    slot: 'Khung giờ',
    noSlots: 'Không có khung giờ nào trong ngày này (ngày nghỉ, ngày lễ hoặc đã kín lịch).',
    seats: (free: number) => `còn ${free} chỗ`,
    phone: 'Số điện thoại di động',
    sendCode: 'Gửi mã xác thực',
    resend: 'Gửi lại mã hoặc đổi số điện thoại',
    codeSent: (phone: string) => `Mã gồm 6 chữ số đã được gửi tới ${phone}, hiệu lực 5 phút.`,
    code: 'Mã xác thực',
    take: 'Lấy số',
    book: 'Đặt lịch',
    working: 'Đang xử lý…',
    yourNumber: 'SỐ THỨ TỰ CỦA QUÝ KHÁCH',
    ahead: (n: number) => (n === 0 ? 'Không có ai đứng trước Quý khách' : `Còn ${n} người trước Quý khách`),
    booked: 'ĐÃ ĐẶT LỊCH HẸN',
    at: (time: string, day: string) => `${time} ngày ${day}`,
    checkinCode: 'Mã xác nhận có mặt',
    checkinHelp:
      'Khi đến trung tâm, quét mã QR này tại kiosk (hoặc đưa cán bộ quầy). Chưa xác nhận thì số bị bỏ qua khi đến lượt và hết hiệu lực khi trung tâm đóng cửa.',
    bookHelp: 'Đến trước giờ hẹn, quét mã QR này tại kiosk để nhận số; Quý khách được gọi trước trong khung giờ hẹn.',
    follow: 'Theo dõi số thứ tự',
    again: 'Lấy số khác',
    switchTo: { number: 'Lấy số trực tuyến', appointment: 'Đặt lịch hẹn' },
    privacy: 'Số điện thoại chỉ dùng để xác thực và giới hạn số lượt mỗi ngày; trung tâm không lưu số ở dạng đọc được.',
    switchLang: 'English',
  },
  en: {
    takeTitle: 'Take a number online',
    bookTitle: 'Book an appointment',
    intro:
      "An online number is in the same line as the kiosk's numbers, by time of registration. At the center, scan its QR code at the kiosk to confirm you are there.",
    bookIntro: 'Choose a day and a time; come on time and scan the QR code at the kiosk to be served first.',
    center: 'Center',
    area: 'Service area',
    waiting: (n: number) => (n === 0 ? 'nobody waiting' : `${n} waiting`),
    closedNow: 'The center is not issuing numbers now',
    day: 'Day',
    slot: 'Time',
    noSlots: 'No times on this day (a day off, a holiday, or fully booked).',
    seats: (free: number) => `${free} free`,
    phone: 'Mobile phone number',
    sendCode: 'Send me a code',
    resend: 'Send a new code or change the number',
    codeSent: (phone: string) => `A 6-digit code was sent to ${phone}, valid for 5 minutes.`,
    code: 'Code',
    take: 'Take a number',
    book: 'Book',
    working: 'Working…',
    yourNumber: 'YOUR NUMBER',
    ahead: (n: number) => (n === 0 ? 'Nobody is ahead of you' : `${n} people ahead of you`),
    booked: 'APPOINTMENT BOOKED',
    at: (time: string, day: string) => `${time} on ${day}`,
    checkinCode: 'Check-in code',
    checkinHelp:
      'At the center, scan this QR code at the kiosk (or show it at the counter). Until then your number is passed over, and it is void when the center closes.',
    bookHelp:
      'Before your time, scan this QR code at the kiosk to get your number; you are called first in your time window.',
    follow: 'Follow my number',
    again: 'Take another number',
    switchTo: { number: 'Take a number online', appointment: 'Book an appointment' },
    privacy:
      'Your phone number is only used to verify you and to limit numbers per day; it is not kept in readable form.',
    switchLang: 'Tiếng Việt',
  },
} satisfies Record<Lang, unknown>;
