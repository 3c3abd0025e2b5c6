// Enrolled devices: pairing, credentials, revocation, heartbeats and status history.
import type { DeviceStatusChange } from '@luot/contract';
import { first, type Sql } from '../db.ts';
import type { DeviceRecord, DeviceTx } from '../devices.ts';
import { toDevice } from '../rows.ts';
import type { Row } from '../schema.ts';

const toRecord = (r: Row<'devices'>): DeviceRecord => ({
  ...toDevice(r),
  createdAt: r.created_at,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
  pairingExpiresAt: r.pairing_expires_at,
  lastSeenAt: r.last_seen_at,
  version: r.version,
  status: r.status,
  statusMessage: r.status_message,
});

export function deviceQueries({ db, x }: Sql): DeviceTx {
  return {
    device: async (id) => {
      const r = await first(x, db.selectFrom('devices').selectAll().where('id', '=', id));
      return r ? toRecord(r) : null;
    },
    devicesOf: async (centerId) =>
      (await x.rows(db.selectFrom('devices').selectAll().where('center_id', '=', centerId).orderBy('id'))).map(
        toRecord,
      ),
    deviceByCredential: async (digest) => {
      const r = await first(
        x,
        db.selectFrom('devices').selectAll().where('secret_digest', '=', digest).where('revoked_at', 'is', null),
      );
      return r ? toRecord(r) : null;
    },
    setPairing: async (id, digest, expiresAt) => {
      await x.run(
        db.updateTable('devices').set({ pairing_digest: digest, pairing_expires_at: expiresAt }).where('id', '=', id),
      );
    },
    deviceByPairing: async (digest, now) => {
      const r = await first(
        x,
        db.selectFrom('devices').selectAll().where('pairing_digest', '=', digest).where('pairing_expires_at', '>', now),
      );
      return r ? toRecord(r) : null;
    },
    enroll: async (id, pairingDigest, credentialDigest, at) =>
      (await x.run(
        db
          .updateTable('devices')
          .set({
            secret_digest: credentialDigest,
            pairing_digest: null,
            pairing_expires_at: null,
            enrolled_at: at,
            revoked_at: null,
          })
          .where('id', '=', id)
          .where('pairing_digest', '=', pairingDigest),
      )) > 0,
    revoke: async (id, at) => {
      await x.run(
        db
          .updateTable('devices')
          .set({ secret_digest: null, pairing_digest: null, pairing_expires_at: null, revoked_at: at })
          .where('id', '=', id),
      );
    },
    seen: async (id, at, version, status, message) => {
      await x.run(
        db
          .updateTable('devices')
          .set({ last_seen_at: at, version, status, status_message: message })
          .where('id', '=', id),
      );
    },
    silentSince: async (before) =>
      (
        await x.rows(
          db
            .selectFrom('devices')
            .selectAll()
            .where('status', 'is not', null)
            .where('status', '<>', 'offline')
            .where('last_seen_at', '<', before),
        )
      ).map(toRecord),
    setOffline: async (id, before) =>
      (await x.run(
        db
          .updateTable('devices')
          .set({ status: 'offline', status_message: null })
          .where('id', '=', id)
          .where('status', '<>', 'offline')
          .where('last_seen_at', '<', before),
      )) > 0,
    addStatusChange: async (id, deviceId, change) => {
      await x.run(
        db
          .insertInto('device_status_history')
          .values({ id, device_id: deviceId, at: change.at, status: change.status, message: change.message }),
      );
    },
    statusHistory: async (deviceIds, limit) => {
      const out = new Map<string, DeviceStatusChange[]>();
      if (deviceIds.length === 0) return out;
      const rows = await x.rows(
        db
          .selectFrom('device_status_history')
          .select(['device_id', 'at', 'status', 'message'])
          .where('device_id', 'in', deviceIds)
          .orderBy('device_id')
          .orderBy('at', 'desc')
          .orderBy('id', 'desc'),
      );
      for (const r of rows) {
        const list = out.get(r.device_id) ?? [];
        if (list.length < limit) list.push({ at: r.at, status: r.status, message: r.message });
        out.set(r.device_id, list);
      }
      return out;
    },
  };
}
