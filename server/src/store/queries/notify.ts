// Notification subscriptions, consents and server keys.
import { first, type Sql } from '../db.ts';
import type { NotifySubscription, NotifyTx } from '../notify.ts';
import type { Row } from '../schema.ts';

const toSubscription = (r: Row<'notify_subscriptions'>): NotifySubscription => ({
  id: r.id,
  ticketId: r.ticket_id,
  centerId: r.center_id,
  channel: r.channel,
  address: r.address,
  p256dh: r.p256dh,
  auth: r.auth,
  lang: r.lang,
  createdAt: r.created_at,
  nearSentAt: r.near_sent_at,
});

export function notifyQueries({ db, x }: Sql): NotifyTx {
  return {
    upsertSubscription: async (sub) => {
      const r = await first(
        x,
        db
          .insertInto('notify_subscriptions')
          .values({
            id: sub.id,
            ticket_id: sub.ticketId,
            center_id: sub.centerId,
            channel: sub.channel,
            address: sub.address,
            p256dh: sub.p256dh,
            auth: sub.auth,
            lang: sub.lang,
            created_at: sub.createdAt,
            near_sent_at: sub.nearSentAt,
          })
          .onConflict((oc) =>
            oc.columns(['ticket_id', 'channel', 'address']).doUpdateSet((eb) => ({
              p256dh: eb.ref('excluded.p256dh'),
              auth: eb.ref('excluded.auth'),
              lang: eb.ref('excluded.lang'),
            })),
          )
          .returning('id'),
      );
      return r?.id ?? sub.id;
    },
    subscriptionsOfTicket: async (ticketId) =>
      (
        await x.rows(
          db
            .selectFrom('notify_subscriptions')
            .selectAll()
            .where('ticket_id', '=', ticketId)
            .orderBy('created_at')
            .orderBy('id'),
        )
      ).map(toSubscription),
    nearCandidates: async (centerId) =>
      (
        await x.rows(
          db
            .selectFrom('notify_subscriptions as s')
            .innerJoin('tickets as t', 't.id', 's.ticket_id')
            .select(['s.ticket_id', 't.area_id'])
            .distinct()
            .where('s.center_id', '=', centerId)
            .where('s.near_sent_at', 'is', null)
            .where('t.state', '=', 'waiting'),
        )
      ).map((r) => ({ ticketId: r.ticket_id, areaId: r.area_id })),
    markNearSent: async (ticketId, at) =>
      (await x.run(
        db
          .updateTable('notify_subscriptions')
          .set({ near_sent_at: at })
          .where('ticket_id', '=', ticketId)
          .where('near_sent_at', 'is', null),
      )) > 0,
    deleteSubscription: async (id) => {
      await x.run(db.deleteFrom('notify_subscriptions').where('id', '=', id));
    },
    deleteSubscriptionsOfTicket: async (ticketId, channel) => {
      let q = db.deleteFrom('notify_subscriptions').where('ticket_id', '=', ticketId);
      if (channel) q = q.where('channel', '=', channel);
      return x.run(q);
    },
    endedTickets: async (day, limit) =>
      (
        await x.rows(
          db
            .selectFrom('notify_subscriptions as s')
            .innerJoin('tickets as t', 't.id', 's.ticket_id')
            .select('s.ticket_id')
            .distinct()
            .where('t.service_day', '<', day)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('dossiers as d').select('d.code').whereRef('d.ticket_id', '=', 't.id'))),
            )
            .orderBy('s.ticket_id')
            .limit(limit),
        )
      ).map((r) => r.ticket_id),

    insertConsent: async (c) => {
      await x.run(
        db.insertInto('notify_consents').values({
          id: c.id,
          ticket_id: c.ticketId,
          channel: c.channel,
          purpose: c.purpose,
          text_shown: c.textShown,
          text_version: c.textVersion,
          given_by: c.givenBy,
          given_at: c.givenAt,
        }),
      );
    },
    endConsents: async (ticketId, channel, at, reason) => {
      let q = db
        .updateTable('notify_consents')
        .set({ ended_at: at, ended_reason: reason })
        .where('ticket_id', '=', ticketId)
        .where('ended_at', 'is', null);
      if (channel) q = q.where('channel', '=', channel);
      await x.run(q);
    },

    serverKey: async (name) =>
      (await first(x, db.selectFrom('server_keys').select('value').where('name', '=', name)))?.value ?? null,
    insertServerKey: async (name, value, at) => {
      await x.run(
        db
          .insertInto('server_keys')
          .values({ name, value, created_at: at })
          .onConflict((oc) => oc.column('name').doNothing()),
      );
    },
  };
}
