// The notifier port: one adapter per channel (Web Push here, a message gateway for SMS or Zalo OA), so another
// channel is one more adapter. Adapters only deliver; what to say and when is the notification service's.
import type { NotifyChannel, NotifyLang } from '@luot/contract';

/** 'code': a one-time code proving a phone number (online numbers, appointments); 'alert': to staff on duty. */
export type NotifyKind = 'near' | 'called' | 'no_show' | 'dossier' | 'code' | 'alert';

/** Where a message goes: a push subscription or a phone number. */
export interface NotifyTarget {
  channel: NotifyChannel;
  address: string;
  keys: { p256dh: string; auth: string } | null;
  lang: NotifyLang;
}

export interface NotifyMessage {
  kind: NotifyKind;
  title: string;
  body: string;
  /** The tracking page of the ticket (carries its secret: only sent to the citizen's own device). */
  url: string;
  /** Same tag: the newer notification replaces the older one on the phone. */
  tag: string;
}

/** sent; gone: the target no longer exists (push 404/410), forget it; failed: try again next time. */
export type Delivery = 'sent' | 'gone' | 'failed';

export interface Notifier {
  readonly channel: NotifyChannel;
  send(target: NotifyTarget, message: NotifyMessage): Promise<Delivery>;
}
