// Notifications of a ticket's holder: "còn N người nữa" once at the center's threshold, "đến lượt Quý khách —
// quầy số N" at each call, the grace period after a no-show, then the dossier's status changes. Run on the
// instance that committed the change (one send per change), after the commit, never inside a transaction.
import { randomUUID } from 'node:crypto';
import {
  type CenterEvent,
  DEFAULT_NOTIFY_AHEAD,
  type NotifyChannel,
  type NotifyConfig,
  type NotifyLang,
  PHONE_CONSENT_PURPOSE,
  PHONE_CONSENT_TEXT,
  PHONE_CONSENT_VERSION,
  type Ticket,
  trackingUrlOf,
  type WebPushSubscription,
} from '@luot/contract';
import type { DossierStatusChange } from '../dossier/service.ts';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import { graceEndsOf } from '../engine/ticket.ts';
import { type Clock, peopleAheadOf } from '../queue/service.ts';
import type { NotifySubscription } from '../store/notify.ts';
import type { Store, Tx } from '../store/store.ts';
import { KeyedSerial } from '../track/keyed-serial.ts';
import { holderTicket } from '../track/views.ts';
import { type MessageFacts, wordsOf } from './messages.ts';
import type { Notifier, NotifyMessage } from './port.ts';
import { pushEndpointAllowed } from './webpush.ts';

/** Dossier statuses worth a message: the citizen was at the counter for 'received', 'forwarded' is internal. */
const TOLD_STATUSES = new Set(['accepted', 'in_process', 'needs_documents', 'result_ready', 'rejected', 'returned']);

/** Devices one ticket may notify (the citizen's phone, a relative's…). */
export const MAX_PUSH_PER_TICKET = 5;

interface Outgoing {
  sub: NotifySubscription;
  message: NotifyMessage;
}

export interface NotificationOptions {
  clock: Clock;
  publicBase: () => string;
  notifiers: Notifier[];
  webPushKey: string;
  pushServices: readonly string[];
  log: { warn(obj: object, msg: string): void };
}

export class NotificationService {
  private readonly notifiers: Map<NotifyChannel, Notifier>;
  private readonly serial = new KeyedSerial();

  constructor(
    private readonly store: Store,
    private readonly options: NotificationOptions,
  ) {
    this.notifiers = new Map(options.notifiers.map((n) => [n.channel, n]));
  }

  config(): NotifyConfig {
    return {
      webPushKey: this.options.webPushKey,
      phone: this.notifiers.has('sms'),
      consentVersion: PHONE_CONSENT_VERSION,
      consentText: { ...PHONE_CONSENT_TEXT },
    };
  }

  /** A ticket that still has something to tell: not closed without a dossier, not a dossier already returned. */
  private async liveTicket(tx: Tx, code: string, secret: string): Promise<Ticket> {
    const ticket = await holderTicket(tx, code, secret);
    const dossier = await tx.dossiers.dossierOfTicket(ticket.id);
    if (dossier ? dossier.status === 'returned' : ticket.state === 'done' || ticket.state === 'cancelled')
      throw new DomainError('TRACKING_ENDED');
    return ticket;
  }

  optInPush(code: string, secret: string, subscription: WebPushSubscription, lang: NotifyLang): Promise<void> {
    if (!pushEndpointAllowed(subscription.endpoint, this.options.pushServices))
      return Promise.reject(new DomainError('PUSH_SERVICE_REFUSED'));
    return this.store.transaction(async (tx) => {
      const ticket = await this.liveTicket(tx, code, secret);
      const pushes = (await tx.notify.subscriptionsOfTicket(ticket.id)).filter((s) => s.channel === 'webpush');
      if (pushes.length >= MAX_PUSH_PER_TICKET && !pushes.some((s) => s.address === subscription.endpoint))
        throw new DomainError('TOO_MANY_SUBSCRIPTIONS', String(MAX_PUSH_PER_TICKET));
      await tx.notify.upsertSubscription({
        id: randomUUID(),
        ticketId: ticket.id,
        centerId: ticket.centerId,
        channel: 'webpush',
        address: subscription.endpoint,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        lang,
        createdAt: this.options.clock().toISOString(),
        nearSentAt: null,
      });
    });
  }

  /** A phone number, kept only with the citizen's consent, recorded with the words shown, for this purpose. */
  optInPhone(code: string, secret: string, phone: string, lang: NotifyLang): Promise<void> {
    if (!this.notifiers.has('sms')) return Promise.reject(new DomainError('NOTIFY_UNAVAILABLE'));
    return this.store.transaction(async (tx) => {
      const ticket = await this.liveTicket(tx, code, secret);
      const at = this.options.clock().toISOString();
      // One number per ticket: a new one replaces the old, whose consent ends.
      await tx.notify.deleteSubscriptionsOfTicket(ticket.id, 'sms');
      await tx.notify.endConsents(ticket.id, 'sms', at, 'replaced');
      await tx.notify.insertConsent({
        id: randomUUID(),
        ticketId: ticket.id,
        channel: 'sms',
        purpose: PHONE_CONSENT_PURPOSE,
        textShown: PHONE_CONSENT_TEXT[lang],
        textVersion: PHONE_CONSENT_VERSION,
        givenBy: `holder of ticket ${ticket.dossierCode} (code + secret)`,
        givenAt: at,
      });
      await tx.notify.upsertSubscription({
        id: randomUUID(),
        ticketId: ticket.id,
        centerId: ticket.centerId,
        channel: 'sms',
        address: phone.replace(/^\+84/, '0'),
        p256dh: null,
        auth: null,
        lang,
        createdAt: at,
        nearSentAt: null,
      });
    });
  }

  /** Stops notifications: the subscriptions go (the phone number with them) and the consent is closed as withdrawn. */
  optOut(code: string, secret: string, channel: NotifyChannel | null): Promise<number> {
    return this.store.transaction(async (tx) => {
      const ticket = await holderTicket(tx, code, secret);
      const removed = await tx.notify.deleteSubscriptionsOfTicket(ticket.id, channel);
      await tx.notify.endConsents(ticket.id, channel, this.options.clock().toISOString(), 'withdrawn');
      return removed;
    });
  }

  /** A committed queue event: queued per center, sent after. */
  onQueueEvent(event: CenterEvent): void {
    this.serial.run(
      event.centerId,
      () => this.handleEvent(event),
      (err) => this.options.log.warn({ err, centerId: event.centerId }, 'notifications failed'),
    );
  }

  onDossierStatus(change: DossierStatusChange): void {
    if (!TOLD_STATUSES.has(change.status)) return;
    this.serial.run(
      `dossier:${change.code}`,
      () => this.handleDossier(change),
      (err) => this.options.log.warn({ err }, 'dossier notification failed'),
    );
  }

  /** Waits for every queued notification (tests, shutdown). */
  idle(): Promise<void> {
    return this.serial.idle();
  }

  private message(ticket: Ticket, sub: NotifySubscription, facts: MessageFacts): Outgoing {
    const words = wordsOf(sub.lang, ticket.number, facts);
    const url = `${trackingUrlOf(this.options.publicBase(), ticket.dossierCode, ticket.trackingSecret)}${sub.lang === 'en' ? '&lang=en' : ''}`;
    return { sub, message: { ...words, url, tag: `luot-${ticket.id}` } };
  }

  private async handleEvent(event: CenterEvent): Promise<void> {
    const outgoing = await this.store.transaction(async (tx) => {
      const out: Outgoing[] = [];
      const tell = async (ticketId: string, facts: (t: Ticket) => Promise<MessageFacts> | MessageFacts) => {
        const subs = await tx.notify.subscriptionsOfTicket(ticketId);
        if (subs.length === 0) return;
        const ticket = (await tx.ticket(ticketId))!;
        const f = await facts(ticket);
        for (const sub of subs) out.push(this.message(ticket, sub, f));
      };
      const t = event.ticket;
      if (t && event.call && (event.type === 'ticket:called' || event.type === 'ticket:recalled')) {
        const counter = event.call.counterNumber;
        await tell(t.id, () => ({ kind: 'called', counter }));
        // Called before the threshold was reached (a short line): "near" has nothing left to say.
        await tx.notify.markNearSent(t.id, event.at);
      }
      if (t && event.type === 'ticket:no_show') {
        const center = (await tx.center(event.centerId))!;
        await tell(t.id, (ticket) => ({ kind: 'no_show', graceUntil: graceEndsOf(ticket, center) }));
      }
      // Places move for the waiting tickets of the areas this event touched: only those with a subscriber.
      const areas = new Set(event.areas.map((a) => a.id));
      const candidates =
        areas.size > 0 ? (await tx.notify.nearCandidates(event.centerId)).filter((c) => areas.has(c.areaId)) : [];
      if (candidates.length > 0) {
        const center = (await tx.center(event.centerId))!;
        const threshold = center.settings.notifyAheadThreshold ?? DEFAULT_NOTIFY_AHEAD;
        for (const c of candidates) {
          const ticket = await tx.ticket(c.ticketId);
          if (!ticket || ticket.state !== 'waiting') continue;
          const ahead = await peopleAheadOf(tx, ticket);
          if (ahead > threshold || !(await tx.notify.markNearSent(ticket.id, event.at))) continue;
          await tell(ticket.id, () => ({ kind: 'near', ahead }));
        }
      }
      return out;
    });
    await this.send(outgoing);
  }

  private async handleDossier(change: DossierStatusChange): Promise<void> {
    const outgoing = await this.store.transaction(async (tx) => {
      const subs = await tx.notify.subscriptionsOfTicket(change.ticketId);
      const ticket = await tx.ticket(change.ticketId);
      return ticket
        ? subs.map((sub) => this.message(ticket, sub, { kind: 'dossier', code: change.code, status: change.status }))
        : [];
    });
    await this.send(outgoing);
    // The result is returned: the purpose ended, what was kept for it goes.
    if (change.status === 'returned') await this.forget([change.ticketId], 'purpose ended: result returned');
  }

  private async send(outgoing: Outgoing[]): Promise<void> {
    await Promise.all(
      outgoing.map(async ({ sub, message }) => {
        const notifier = this.notifiers.get(sub.channel);
        if (!notifier) return;
        const keys = sub.p256dh && sub.auth ? { p256dh: sub.p256dh, auth: sub.auth } : null;
        const delivery = await notifier.send(
          { channel: sub.channel, address: sub.address, keys, lang: sub.lang },
          message,
        );
        // The push service says the subscription is gone (404/410): forget it.
        if (delivery === 'gone') await this.store.transaction((tx) => tx.notify.deleteSubscription(sub.id));
        // No endpoint or phone number in the log: only which ticket and what kind.
        else if (delivery === 'failed')
          this.options.log.warn(
            { ticketId: sub.ticketId, channel: sub.channel, kind: message.kind },
            'notification not delivered',
          );
      }),
    );
  }

  private async forget(ticketIds: string[], reason: string): Promise<void> {
    const at = this.options.clock().toISOString();
    await this.store.transaction(async (tx) => {
      for (const id of ticketIds) {
        await tx.notify.deleteSubscriptionsOfTicket(id, null);
        await tx.notify.endConsents(id, null, at, reason);
      }
    });
  }

  /** Deletes what was kept for tickets of past days that led to no dossier. Returns how many tickets. */
  async purge(): Promise<number> {
    const day = serviceDayOf(this.options.clock());
    let total = 0;
    for (;;) {
      const ended = await this.store.transaction((tx) => tx.notify.endedTickets(day, 500));
      if (ended.length === 0) return total;
      await this.forget(ended, 'purpose ended: no dossier');
      total += ended.length;
    }
  }
}
