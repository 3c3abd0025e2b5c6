// The storage port of enrolled devices: pairing codes and credentials (digests only), revocation, heartbeats and
// the history of each device's status.
import type { Device, DeviceStatus, DeviceStatusChange } from '@luot/contract';

/** A device row: who it is, its enrollment and its last known health (never a secret). */
export interface DeviceRecord extends Device {
  createdAt: string;
  enrolledAt: string | null;
  revokedAt: string | null;
  pairingExpiresAt: string | null;
  lastSeenAt: string | null;
  version: string | null;
  status: DeviceStatus | null;
  statusMessage: string | null;
}

export interface DeviceTx {
  device(id: string): Promise<DeviceRecord | null>;
  devicesOf(centerId: string): Promise<DeviceRecord[]>;
  /** The enrolled, not revoked device whose credential has this digest. */
  deviceByCredential(digest: string): Promise<DeviceRecord | null>;
  /** Opens a pairing code (its digest) for a device, replacing any earlier one. */
  setPairing(id: string, digest: string, expiresAt: string): Promise<void>;
  /** The device whose pairing code has this digest and is still valid at `now`. */
  deviceByPairing(digest: string, now: string): Promise<DeviceRecord | null>;
  /** Gives the device its credential (digest) and closes its pairing code; false if the code was taken meanwhile. */
  enroll(id: string, pairingDigest: string, credentialDigest: string, at: string): Promise<boolean>;
  /** Voids the device's credential and pairing code. */
  revoke(id: string, at: string): Promise<void>;
  /** Records a heartbeat. */
  seen(id: string, at: string, version: string, status: DeviceStatus, message: string | null): Promise<void>;
  /** Devices not offline whose last heartbeat is older than `before`. */
  silentSince(before: string): Promise<DeviceRecord[]>;
  /** Sets a device offline if it is still silent since `before`; false when another instance (or a heartbeat) won. */
  setOffline(id: string, before: string): Promise<boolean>;
  addStatusChange(id: string, deviceId: string, change: DeviceStatusChange): Promise<void>;
  /** The latest status changes of some devices, newest first, at most `limit` each. */
  statusHistory(deviceIds: string[], limit: number): Promise<Map<string, DeviceStatusChange[]>>;
}
