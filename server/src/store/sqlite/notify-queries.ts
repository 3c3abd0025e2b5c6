// SQL of notification subscriptions, consents and server keys on SQLite, inside the SqliteStore's transactions.
import type Database from 'better-sqlite3';
import { type NotifyTx, toSubscription } from '../notify.ts';
import type { Row } from '../rows.ts';

const SQL = {
  upsertSubscription: `INSERT INTO notify_subscriptions (id, ticket_id, center_id, channel, address, p256dh, auth, lang, created_at, near_sent_at)
    VALUES (@id, @ticketId, @centerId, @channel, @address, @p256dh, @auth, @lang, @createdAt, @nearSentAt)
    ON CONFLICT (ticket_id, channel, address) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, lang = excluded.lang
    RETURNING id`,
  subscriptionsOfTicket: `SELECT * FROM notify_subscriptions WHERE ticket_id = ? ORDER BY created_at`,
  nearCandidates: `SELECT DISTINCT s.ticket_id, t.area_id FROM notify_subscriptions s JOIN tickets t ON t.id = s.ticket_id
    WHERE s.center_id = ? AND s.near_sent_at IS NULL AND t.state = 'waiting'`,
  markNearSent: `UPDATE notify_subscriptions SET near_sent_at = ? WHERE ticket_id = ? AND near_sent_at IS NULL`,
  deleteSubscription: `DELETE FROM notify_subscriptions WHERE id = ?`,
  deleteSubscriptionsOfTicket: `DELETE FROM notify_subscriptions WHERE ticket_id = @ticketId AND (@channel IS NULL OR channel = @channel)`,
  endedTickets: `SELECT DISTINCT s.ticket_id FROM notify_subscriptions s JOIN tickets t ON t.id = s.ticket_id
    WHERE t.service_day < ? AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.ticket_id = t.id) LIMIT ?`,
  insertConsent: `INSERT INTO notify_consents (id, ticket_id, channel, purpose, text_shown, text_version, given_by, given_at)
    VALUES (@id, @ticketId, @channel, @purpose, @textShown, @textVersion, @givenBy, @givenAt)`,
  endConsents: `UPDATE notify_consents SET ended_at = @at, ended_reason = @reason
    WHERE ticket_id = @ticketId AND ended_at IS NULL AND (@channel IS NULL OR channel = @channel)`,
  serverKey: `SELECT value FROM server_keys WHERE name = ?`,
  insertServerKey: `INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
} as const;

export function sqliteNotifyTx(db: Database.Database): NotifyTx {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as { [K in keyof typeof SQL]: Database.Statement };
  return {
    upsertSubscription: async (sub) => ((s.upsertSubscription.get(sub) as Row).id as string),
    subscriptionsOfTicket: async (ticketId) => (s.subscriptionsOfTicket.all(ticketId) as Row[]).map(toSubscription),
    nearCandidates: async (centerId) => (s.nearCandidates.all(centerId) as Row[]).map((r) => ({ ticketId: r.ticket_id as string, areaId: r.area_id as string })),
    markNearSent: async (ticketId, at) => s.markNearSent.run(at, ticketId).changes > 0,
    deleteSubscription: async (id) => {
      s.deleteSubscription.run(id);
    },
    deleteSubscriptionsOfTicket: async (ticketId, channel) => s.deleteSubscriptionsOfTicket.run({ ticketId, channel }).changes,
    endedTickets: async (day, limit) => (s.endedTickets.all(day, limit) as Row[]).map((r) => r.ticket_id as string),
    insertConsent: async (c) => {
      s.insertConsent.run(c);
    },
    endConsents: async (ticketId, channel, at, reason) => {
      s.endConsents.run({ ticketId, channel, at, reason });
    },
    serverKey: async (name) => ((s.serverKey.get(name) as Row | undefined)?.value as string | undefined) ?? null,
    insertServerKey: async (name, value, at) => {
      s.insertServerKey.run(name, value, at);
    },
  };
}
