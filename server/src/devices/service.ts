// Enrolled devices: an administrator or manager adds a kiosk, display or print agent (of a kiosk or of a counter) and gets a one-time pairing
// code; the device trades it once for its own long-lived credential (random; the server keeps a digest only);
// revoking the device voids the credential and drops its connections. Heartbeats over the device's socket keep
// its last seen, version and status; one silent past the offline delay is set offline by the sweep.
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  type CreateDeviceBody,
  type Device,
  type DeviceHeartbeat,
  type DeviceStatus,
  type DeviceStatusEvent,
  type DeviceView,
  type PairedDevice,
  type PairingCode,
} from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import type { Clock } from '../queue/service.ts';
import { type Actor, recordAudit } from '../setup/service.ts';
import type { DeviceRecord } from '../store/devices.ts';
import type { Store } from '../store/store.ts';

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
/** The changes kept in a device's listed history. */
const HISTORY_SHOWN = 20;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** A code as typed: case, spaces and dashes do not matter. */
const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export interface DeviceServiceOptions {
  clock: Clock;
  /** How long a pairing code may be used. */
  pairingMs: number;
  /** A device without a heartbeat this long is offline. */
  offlineMs: number;
  /** The base of the pairing URLs (PUBLIC_URL, else the server's own). */
  publicBase: () => string;
}

export type DeviceStatusListener = (event: DeviceStatusEvent) => void;

export class DeviceService {
  private readonly statusListeners = new Set<DeviceStatusListener>();
  private readonly voidListeners = new Set<(deviceId: string) => void>();
  /** When each device's heartbeat was last written: heartbeats between are only counted in memory. */
  private readonly written = new Map<string, { at: number; status: DeviceStatus; version: string }>();

  constructor(
    readonly store: Store,
    private readonly o: DeviceServiceOptions,
  ) {}

  onStatus(listener: DeviceStatusListener): void {
    this.statusListeners.add(listener);
  }

  /** A device's credential was revoked or replaced by a new pairing: its connections must drop. */
  onCredentialVoided(listener: (deviceId: string) => void): void {
    this.voidListeners.add(listener);
  }

  async list(centerId: string): Promise<DeviceView[]> {
    const records = await this.store.transaction((tx) => tx.devices.devicesOf(centerId));
    const history = await this.store.transaction((tx) =>
      tx.devices.statusHistory(
        records.map((r) => r.id),
        HISTORY_SHOWN,
      ),
    );
    return records.map((r) => this.viewOf(r, history.get(r.id) ?? []));
  }

  /** A device as listed: a device whose heartbeat is overdue shows offline even before the sweep records it. */
  private viewOf(r: DeviceRecord, history: DeviceView['history']): DeviceView {
    const now = this.o.clock().getTime();
    const silent = r.lastSeenAt !== null && now - Date.parse(r.lastSeenAt) > this.o.offlineMs;
    const pairingOpen = r.pairingExpiresAt !== null && Date.parse(r.pairingExpiresAt) > now;
    return {
      ...r,
      status: r.status !== null && silent ? 'offline' : r.status,
      pairingExpiresAt: pairingOpen ? r.pairingExpiresAt : null,
      history,
    };
  }

  async create(centerId: string, body: CreateDeviceBody, user: Actor): Promise<DeviceView> {
    const now = this.o.clock();
    const device = await this.store.transaction(async (tx) => {
      const center = await tx.center(centerId);
      if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
      // A print agent prints either a kiosk's tickets or a counter's receipts: bound to exactly one of them.
      const counterId =
        body.kind === 'counter_display' || (body.kind === 'print_agent' && !body.kioskId)
          ? (body.counterId ?? null)
          : null;
      const kioskId = body.kind === 'print_agent' ? (body.kioskId ?? null) : null;
      if (counterId || body.kind === 'counter_display') {
        if (!counterId || !(await tx.counters(centerId)).some((c) => c.id === counterId))
          throw new DomainError('DEVICE_INVALID', `a ${body.kind.replace('_', ' ')} needs a counter of the center`);
      }
      if (body.kind === 'print_agent' && body.kioskId && body.counterId)
        throw new DomainError('DEVICE_INVALID', 'a print agent prints for a kiosk or for a counter, not both');
      if (body.kind === 'print_agent' && !counterId) {
        const kiosk = kioskId ? await tx.devices.device(kioskId) : null;
        if (!kiosk || kiosk.kind !== 'kiosk' || kiosk.centerId !== centerId)
          throw new DomainError('DEVICE_INVALID', 'a print agent needs a kiosk or a counter of the center');
      }
      const id = body.id ?? `${centerId}-${body.kind.replace('_', '-')}-${randomBytes(3).toString('hex')}`;
      if (await tx.devices.device(id)) throw new DomainError('DEVICE_INVALID', `device ${id} exists`);
      const created = { id, centerId, kind: body.kind, name: body.name.trim(), counterId, kioskId };
      await tx.insertDevice(created, now.toISOString());
      await recordAudit(tx, user, now, {
        centerId,
        action: 'create',
        entityKind: 'device',
        entityId: id,
        before: null,
        after: created,
      });
      return tx.devices.device(id);
    });
    if (!device) throw new Error('device vanished');
    return this.viewOf(device, []);
  }

  private async deviceOf(centerId: string, deviceId: string): Promise<DeviceRecord> {
    const device = await this.store.transaction((tx) => tx.devices.device(deviceId));
    if (!device || device.centerId !== centerId) throw new DomainError('DEVICE_NOT_FOUND', deviceId);
    return device;
  }

  /** A new one-time pairing code for the device (an earlier open one is voided); only its digest is kept. */
  async pairingCode(
    centerId: string,
    deviceId: string,
    user: Actor,
    validMs: number = this.o.pairingMs,
  ): Promise<PairingCode> {
    const device = await this.deviceOf(centerId, deviceId);
    const now = this.o.clock();
    const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const expiresAt = new Date(now.getTime() + validMs).toISOString();
    await this.store.transaction(async (tx) => {
      await tx.devices.setPairing(device.id, digest(code), expiresAt);
      await recordAudit(tx, user, now, {
        centerId,
        action: 'pairing_code',
        entityKind: 'device',
        entityId: device.id,
        before: null,
        after: { expiresAt },
      });
    });
    const shown = `${code.slice(0, 4)}-${code.slice(4)}`;
    return {
      deviceId: device.id,
      code: shown,
      expiresAt,
      pairingUrl: pairingUrlOf(this.o.publicBase(), device, shown),
    };
  }

  /** Trades a valid pairing code, once, for the device's own credential. */
  async pair(code: string): Promise<PairedDevice> {
    const codeDigest = digest(normalizeCode(code));
    const credential = randomBytes(32).toString('base64url');
    const now = this.o.clock().toISOString();
    const device = await this.store.transaction(async (tx) => {
      const found = await tx.devices.deviceByPairing(codeDigest, now);
      if (!found || !(await tx.devices.enroll(found.id, codeDigest, digest(credential), now))) return null;
      return found;
    });
    if (!device) throw new DomainError('PAIRING_CODE_INVALID');
    // The credential it had before (if any) is void: whatever still uses it is cut off.
    this.voidListeners.forEach((l) => l(device.id));
    return { credential, device: identityOf(device) };
  }

  async revoke(centerId: string, deviceId: string, user: Actor): Promise<void> {
    const device = await this.deviceOf(centerId, deviceId);
    const now = this.o.clock();
    await this.store.transaction(async (tx) => {
      await tx.devices.revoke(device.id, now.toISOString());
      await recordAudit(tx, user, now, {
        centerId,
        action: 'revoke',
        entityKind: 'device',
        entityId: device.id,
        before: { enrolledAt: device.enrolledAt },
        after: { revokedAt: now.toISOString() },
      });
    });
    this.written.delete(device.id);
    this.voidListeners.forEach((l) => l(device.id));
    this.emit(device, 'revoked', null, now);
  }

  /** The enrolled, unrevoked device of a credential, or null. */
  authenticate(credential: string): Promise<DeviceRecord | null> {
    return this.store.transaction((tx) => tx.devices.deviceByCredential(digest(credential)));
  }

  /**
   * Records a heartbeat: at once when the status or version changed, else at most every third of the offline delay
   * (thousands of displays must not write every 30 s each).
   */
  async heartbeat(device: DeviceRecord, hb: DeviceHeartbeat): Promise<void> {
    const now = this.o.clock();
    const status: DeviceStatus = hb.condition;
    const last = this.written.get(device.id);
    if (last && last.status === status && last.version === hb.version && now.getTime() - last.at < this.o.offlineMs / 3)
      return;
    const message = hb.message ?? null;
    const previous = await this.store.transaction(async (tx) => {
      const current = await tx.devices.device(device.id);
      if (!current || current.revokedAt) return undefined;
      await tx.devices.seen(device.id, now.toISOString(), hb.version, status, message);
      if (current.status !== status)
        await tx.devices.addStatusChange(randomUUID(), device.id, { at: now.toISOString(), status, message });
      return current.status;
    });
    if (previous === undefined) return;
    this.written.set(device.id, { at: now.getTime(), status, version: hb.version });
    if (previous !== status) this.emit(device, status, previous, now, message);
  }

  /** Sets offline every device whose heartbeat is overdue (once, whichever instance gets there first). */
  async sweep(): Promise<void> {
    const now = this.o.clock();
    const before = new Date(now.getTime() - this.o.offlineMs).toISOString();
    for (const device of await this.store.transaction((tx) => tx.devices.silentSince(before))) {
      const changed = await this.store.transaction(async (tx) => {
        if (!(await tx.devices.setOffline(device.id, before))) return false;
        await tx.devices.addStatusChange(randomUUID(), device.id, {
          at: now.toISOString(),
          status: 'offline',
          message: null,
        });
        return true;
      });
      if (!changed) continue;
      this.written.delete(device.id);
      this.emit(device, 'offline', device.status, now);
    }
  }

  private emit(
    device: DeviceRecord,
    status: DeviceStatusEvent['status'],
    previous: DeviceStatus | null,
    at: Date,
    message: string | null = null,
  ) {
    const event: DeviceStatusEvent = {
      centerId: device.centerId,
      deviceId: device.id,
      kind: device.kind,
      name: device.name,
      status,
      previous,
      message,
      at: at.toISOString(),
    };
    this.statusListeners.forEach((l) => l(event));
  }
}

/** Who a device is, without its enrollment and health. */
export const identityOf = ({ id, centerId, kind, name, counterId, kioskId }: DeviceRecord): Device => ({
  id,
  centerId,
  kind,
  name,
  counterId,
  kioskId,
});

/** The page a kiosk or display opens to pair itself; a print agent takes the code on its command line. */
export function pairingUrlOf(base: string, device: Pick<DeviceRecord, 'kind'>, code: string): string | null {
  const q = `?pair=${encodeURIComponent(code)}`;
  if (device.kind === 'kiosk') return `${base}/kiosk/${q}`;
  if (device.kind === 'hall_display' || device.kind === 'counter_display') return `${base}/display/${q}`;
  return null;
}
