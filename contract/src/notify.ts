// The citizen's side of the queue: the live tracking feed (a public projection of one ticket, nothing personal)
// and notifications (Web Push, or a phone number given with consent to a message gateway).
import { Type, type Static } from 'typebox';
import type { TrackView } from './dossier.ts';

export const TrackCode = Type.String({ minLength: 5, maxLength: 64 });
export const TrackSecret = Type.String({ minLength: 4, maxLength: 8 });

/** Follow one ticket: the same code + secret as GET /api/track, under the same rate limit. */
export const TrackSubscribeRequest = Type.Object({ code: TrackCode, secret: TrackSecret });
export type TrackSubscribeRequest = Static<typeof TrackSubscribeRequest>;

export type TrackSubscribeReply =
  { ok: true; view: TrackView } | { ok: false; code: string; message: string; messageVi: string };

export interface TrackClientToServerEvents {
  /** Join the ticket's room; the reply is its view now, `track:update` follows each change. */
  'track:subscribe': (request: TrackSubscribeRequest, reply: (res: TrackSubscribeReply) => void) => void;
}

export interface TrackServerToClientEvents {
  /** The followed ticket's new view: its state, place, estimate, counter (or its dossier's status). */
  'track:update': (view: TrackView) => void;
}

/** The per-ticket room of the tracking feed (joined only after code + secret were checked). */
export const roomOfTrack = (ticketId: string) => `track:${ticketId}`;

export const NotifyLang = Type.Union([Type.Literal('vi'), Type.Literal('en')]);
export type NotifyLang = Static<typeof NotifyLang>;

const base64url = (min: number, max: number) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[A-Za-z0-9_-]+=*$' });

/** A browser's PushSubscription (PushSubscription.toJSON()). */
export const WebPushSubscription = Type.Object({
  endpoint: Type.String({ minLength: 10, maxLength: 1000, pattern: '^https?://' }),
  expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  keys: Type.Object({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
});
export type WebPushSubscription = Static<typeof WebPushSubscription>;

export const PushOptInBody = Type.Object({
  code: TrackCode,
  s: TrackSecret,
  subscription: WebPushSubscription,
  lang: Type.Optional(NotifyLang),
});
export type PushOptInBody = Static<typeof PushOptInBody>;

/** Version of the consent text below: what the citizen saw is recorded by it (and its words). */
export const PHONE_CONSENT_VERSION = 1;
export const PHONE_CONSENT_PURPOSE = 'queue_and_dossier_notifications';
export const PHONE_CONSENT_TEXT = {
  vi: 'Tôi đồng ý để Trung tâm lưu số điện thoại này chỉ để nhắn tin báo sắp đến lượt, đến lượt và tình trạng hồ sơ của số thứ tự này. Số điện thoại được xóa khi hồ sơ trả kết quả (hoặc cuối ngày nếu không nộp hồ sơ), hoặc ngay khi tôi rút lại đồng ý.',
  en: 'I agree that the Center keeps this phone number only to text me when my turn is near, when it is called, and about this ticket’s dossier. The number is deleted when the result is returned (or at the end of the day without a dossier), or as soon as I withdraw consent.',
} as const;

export const PhoneOptInBody = Type.Object({
  code: TrackCode,
  s: TrackSecret,
  /** Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx. */
  phone: Type.String({ pattern: '^(0|\\+84)[35789][0-9]{8}$' }),
  /** The citizen ticked the box showing PHONE_CONSENT_TEXT of this version, in this language. */
  consent: Type.Literal(true),
  consentVersion: Type.Literal(PHONE_CONSENT_VERSION),
  lang: Type.Optional(NotifyLang),
});
export type PhoneOptInBody = Static<typeof PhoneOptInBody>;

export const NotifyChannel = Type.Union([Type.Literal('webpush'), Type.Literal('sms')]);
export type NotifyChannel = Static<typeof NotifyChannel>;

/** Stop notifications (and delete what was kept for them) of a ticket, one channel or all. */
export const OptOutBody = Type.Object({ code: TrackCode, s: TrackSecret, channel: Type.Optional(NotifyChannel) });
export type OptOutBody = Static<typeof OptOutBody>;

export const OptInResult = Type.Object({ channel: NotifyChannel, subscribed: Type.Boolean() });
export const OptOutResult = Type.Object({ removed: Type.Integer() });

/** What the tracking page needs to offer notifications. */
export const NotifyConfig = Type.Object({
  /** VAPID public key (base64url), the applicationServerKey of PushManager.subscribe. */
  webPushKey: Type.String(),
  /** Whether a message gateway (SMS, Zalo OA…) is configured: then a phone number may be given. */
  phone: Type.Boolean(),
  consentVersion: Type.Integer(),
  consentText: Type.Object({ vi: Type.String(), en: Type.String() }),
});
export type NotifyConfig = Static<typeof NotifyConfig>;

/** Between server instances (Redis): a change that may move followed tickets, for each instance's own followers. */
export interface TrackInterServerEvents {
  'track:changed': (change: TrackChange) => void;
}
export interface TrackChange {
  centerId: string | null;
  areaIds: string[];
  ticketIds: string[];
}
