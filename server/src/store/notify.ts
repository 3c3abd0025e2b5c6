// The storage port of notifications: who asked to be told about a ticket (a push subscription, or a phone number
// given with consent), the proof of that consent, and the server's own keys (VAPID). Part of every transaction.
import type { NotifyChannel, NotifyLang } from '@luot/contract';

export interface NotifySubscription {
  id: string;
  ticketId: string;
  centerId: string;
  channel: NotifyChannel;
  /** The push service endpoint, or the phone number. */
  address: string;
  /** Web Push: the browser's P-256 public key and auth secret (base64url). */
  p256dh: string | null;
  auth: string | null;
  lang: NotifyLang;
  createdAt: string;
  /** When "your turn is near" was sent (once per ticket). */
  nearSentAt: string | null;
}

/** Proof of a citizen's consent: who, when, for what, and the words shown. Kept without the phone number. */
export interface NotifyConsent {
  id: string;
  ticketId: string;
  channel: NotifyChannel;
  purpose: string;
  textShown: string;
  textVersion: number;
  givenBy: string;
  givenAt: string;
}

export interface NotifyTx {
  /** Adds a subscription; the same ticket, channel and address replaces the earlier one (returns its id). */
  upsertSubscription(sub: NotifySubscription): Promise<string>;
  subscriptionsOfTicket(ticketId: string): Promise<NotifySubscription[]>;
  /** Waiting tickets of a center with a subscription not yet told "your turn is near": id and area. */
  nearCandidates(centerId: string): Promise<{ ticketId: string; areaId: string }[]>;
  /** Marks "near" sent for a ticket; false when it was already (another instance sent it). */
  markNearSent(ticketId: string, at: string): Promise<boolean>;
  deleteSubscription(id: string): Promise<void>;
  /** Deletes a ticket's subscriptions (one channel or all); returns how many. */
  deleteSubscriptionsOfTicket(ticketId: string, channel: NotifyChannel | null): Promise<number>;
  /** Tickets whose subscriptions' purpose ended: no dossier and a service day before `day`. */
  endedTickets(day: string, limit: number): Promise<string[]>;

  insertConsent(consent: NotifyConsent): Promise<void>;
  /** Closes a ticket's open consents of a channel (or all): withdrawn or purpose ended. */
  endConsents(ticketId: string, channel: NotifyChannel | null, at: string, reason: string): Promise<void>;

  /** A server key (e.g. VAPID) or null. */
  serverKey(name: string): Promise<string | null>;
  /** Stores a key unless one exists (two instances starting together keep the first). */
  insertServerKey(name: string, value: string, at: string): Promise<void>;
}
