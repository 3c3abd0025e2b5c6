// SQL of notification subscriptions, consents and server keys on PostgreSQL, on the transaction's connection.
import type { ClientBase } from 'pg';
import { type NotifyTx, toSubscription } from '../notify.ts';
import { first, statements } from './query.ts';

const SQL = {
  upsertSubscription: `INSERT INTO notify_subscriptions (id, ticket_id, center_id, channel, address, p256dh, auth, lang, created_at, near_sent_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (ticket_id, channel, address) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, lang = excluded.lang
    RETURNING id`,
  subscriptionsOfTicket: `SELECT * FROM notify_subscriptions WHERE ticket_id = $1 ORDER BY created_at`,
  nearCandidates: `SELECT DISTINCT s.ticket_id, t.area_id FROM notify_subscriptions s JOIN tickets t ON t.id = s.ticket_id
    WHERE s.center_id = $1 AND s.near_sent_at IS NULL AND t.state = 'waiting'`,
  markNearSent: `UPDATE notify_subscriptions SET near_sent_at = $1 WHERE ticket_id = $2 AND near_sent_at IS NULL`,
  deleteSubscription: `DELETE FROM notify_subscriptions WHERE id = $1`,
  deleteSubscriptionsOfTicket: `DELETE FROM notify_subscriptions WHERE ticket_id = $1 AND ($2::text IS NULL OR channel = $2::text)`,
  endedTickets: `SELECT DISTINCT s.ticket_id FROM notify_subscriptions s JOIN tickets t ON t.id = s.ticket_id
    WHERE t.service_day < $1 AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.ticket_id = t.id) LIMIT $2`,
  insertConsent: `INSERT INTO notify_consents (id, ticket_id, channel, purpose, text_shown, text_version, given_by, given_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  endConsents: `UPDATE notify_consents SET ended_at = $3, ended_reason = $4
    WHERE ticket_id = $1 AND ended_at IS NULL AND ($2::text IS NULL OR channel = $2::text)`,
  serverKey: `SELECT value FROM server_keys WHERE name = $1`,
  insertServerKey: `INSERT INTO server_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
} as const;

export function pgNotifyTx(client: Pick<ClientBase, 'query'>): NotifyTx {
  const run = statements('notify', SQL, client);
  return {
    upsertSubscription: async (x) =>
      first(await run('upsertSubscription', [x.id, x.ticketId, x.centerId, x.channel, x.address, x.p256dh, x.auth, x.lang, x.createdAt, x.nearSentAt]))!.id as string,
    subscriptionsOfTicket: async (ticketId) => (await run('subscriptionsOfTicket', [ticketId])).rows.map(toSubscription),
    nearCandidates: async (centerId) => (await run('nearCandidates', [centerId])).rows.map((r) => ({ ticketId: r.ticket_id as string, areaId: r.area_id as string })),
    markNearSent: async (ticketId, at) => ((await run('markNearSent', [at, ticketId])).rowCount ?? 0) > 0,
    deleteSubscription: async (id) => {
      await run('deleteSubscription', [id]);
    },
    deleteSubscriptionsOfTicket: async (ticketId, channel) => (await run('deleteSubscriptionsOfTicket', [ticketId, channel])).rowCount ?? 0,
    endedTickets: async (day, limit) => (await run('endedTickets', [day, limit])).rows.map((r) => r.ticket_id as string),
    insertConsent: async (c) => {
      await run('insertConsent', [c.id, c.ticketId, c.channel, c.purpose, c.textShown, c.textVersion, c.givenBy, c.givenAt]);
    },
    endConsents: async (ticketId, channel, at, reason) => {
      await run('endConsents', [ticketId, channel, at, reason]);
    },
    serverKey: async (name) => (first(await run('serverKey', [name]))?.value as string | undefined) ?? null,
    insertServerKey: async (name, value, at) => {
      await run('insertServerKey', [name, value, at]);
    },
  };
}
