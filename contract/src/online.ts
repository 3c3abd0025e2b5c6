// Online numbers ("lấy số trực tuyến") and appointments ("đặt lịch hẹn"): the citizen proves a phone number with
// a one-time code, takes a number in the kiosk's line or books a slot, and confirms arrival at the center by the
// QR (or its typed code) at the kiosk or the desk.
import { Type, type Static } from 'typebox';
import { Id, IssuedTicket, type TicketChannel } from './model.ts';

/** A Vietnamese mobile number: 0 or +84, then 9 digits (03x, 05x, 07x, 08x, 09x). */
export const PHONE_PATTERN = '^(0|\\+84)[35789][0-9]{8}$';
export const Phone = Type.String({ pattern: PHONE_PATTERN, maxLength: 12 });

/** The one-time code: 6 digits. */
export const OTP_LENGTH = 6;
export const OtpCode = Type.String({ pattern: '^[0-9]{6}$' });

export const OtpRequestBody = Type.Object(
  { phone: Phone, lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])) },
  { additionalProperties: false },
);
export type OtpRequestBody = Static<typeof OtpRequestBody>;

export const OtpRequestReply = Type.Object({ requestId: Type.String(), expiresAt: Type.String() });
export type OtpRequestReply = Static<typeof OtpRequestReply>;

/** A phone proved by the code sent to it (request id + code): each proof is used once. */
const Proof = { phone: Phone, requestId: Type.String({ minLength: 1, maxLength: 64 }), code: OtpCode };

export const OnlineTakeBody = Type.Object({ areaId: Id, ...Proof }, { additionalProperties: false });
export type OnlineTakeBody = Static<typeof OnlineTakeBody>;

/** What the citizen keeps: the ticket, its tracking link, and the check-in code its QR carries. */
export const OnlineTicketReply = Type.Object({
  ...IssuedTicket.properties,
  trackingUrl: Type.String(),
  checkinCode: Type.String(),
});
export type OnlineTicketReply = Static<typeof OnlineTicketReply>;

/** The centers and areas a citizen may choose from, and whether online numbers are given now. */
export const OnlineCenter = Type.Object({
  id: Id,
  name: Type.String(),
  commune: Type.String(),
  address: Type.String(),
  open: Type.Boolean(),
  areas: Type.Array(
    Type.Object({ id: Id, code: Type.String(), nameVi: Type.String(), nameEn: Type.String(), waiting: Type.Integer() }),
  ),
});
export type OnlineCenter = Static<typeof OnlineCenter>;

export const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
export const SlotTime = Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' });

export const SlotsQuery = Type.Object({ areaId: Id, day: Day }, { additionalProperties: false });
export type SlotsQuery = Static<typeof SlotsQuery>;

export const SlotView = Type.Object({
  time: SlotTime,
  capacity: Type.Integer(),
  booked: Type.Integer(),
  blocked: Type.Boolean(),
  /** Bookable now: not past, not blocked, not full. */
  free: Type.Boolean(),
});
export type SlotView = Static<typeof SlotView>;

export const SlotsReply = Type.Object({
  day: Day,
  areaId: Id,
  slotMinutes: Type.Integer(),
  slots: Type.Array(SlotView),
});
export type SlotsReply = Static<typeof SlotsReply>;

export const AppointmentState = Type.Union([
  Type.Literal('booked'),
  Type.Literal('checked_in'),
  Type.Literal('cancelled'),
]);

export const AppointmentView = Type.Object({
  centerId: Id,
  areaId: Id,
  day: Day,
  time: SlotTime,
  state: AppointmentState,
  /** Typed at the kiosk, or carried by the QR. */
  checkinCode: Type.String(),
  /** Phone shown masked: 09x****567. */
  phoneMasked: Type.String(),
  createdAt: Type.String(),
  ticketNumber: Type.Union([Type.Integer(), Type.Null()]),
});
export type AppointmentView = Static<typeof AppointmentView>;

export const BookBody = Type.Object(
  { areaId: Id, day: Day, time: SlotTime, ...Proof },
  { additionalProperties: false },
);
export type BookBody = Static<typeof BookBody>;

/** Change (a new slot) or cancel (no slot) an appointment, named by its check-in code, by the phone that booked it. */
export const RebookBody = Type.Object(
  {
    checkinCode: Type.String({ minLength: 1, maxLength: 40 }),
    day: Type.Optional(Day),
    time: Type.Optional(SlotTime),
    ...Proof,
  },
  { additionalProperties: false },
);
export type RebookBody = Static<typeof RebookBody>;

export const CheckinBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);
export type CheckinBody = Static<typeof CheckinBody>;

/** What a check-in did: confirmed an online number, or issued the appointment's ticket (on time, early, late). */
export const CheckinReply = Type.Object({
  kind: Type.Union([Type.Literal('online'), Type.Literal('appointment')]),
  /** early: waits for its window; on_time: called ahead of walk-ins; late: joins the walk-in line. */
  timing: Type.Union([Type.Literal('early'), Type.Literal('on_time'), Type.Literal('late'), Type.Null()]),
  issued: IssuedTicket,
  trackingUrl: Type.String(),
});
export type CheckinReply = Static<typeof CheckinReply>;

export const AppointmentsQuery = Type.Object({ day: Day }, { additionalProperties: false });

export const BlockBody = Type.Object(
  { areaId: Id, day: Day, time: SlotTime, blocked: Type.Boolean() },
  { additionalProperties: false },
);
export type BlockBody = Static<typeof BlockBody>;

/** The query parameter of a check-in link: the QR opens the tracking page, the kiosk reads the code from it. */
export const CHECKIN_PARAM = 'ci';

/** The check-in code from what a scanner or a person typed: a whole link or the code, dashes and case ignored. */
export function checkinCodeOf(input: string): string {
  const text = input.trim();
  const fromLink = /[?&]ci=([A-Za-z0-9-]+)/.exec(text);
  return (fromLink ? fromLink[1] : text).replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** "09x****567": enough for the citizen to recognise, nothing for a bystander. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-3)}`;

/** How a ticket was taken, in words (the desk, reports). */
export const TICKET_CHANNEL_WORDS: Record<TicketChannel, { vi: string; en: string }> = {
  kiosk: { vi: 'Kiosk', en: 'Kiosk' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  appointment: { vi: 'Lịch hẹn', en: 'Appointment' },
  counter: { vi: 'Tại quầy', en: 'At the counter' },
};
