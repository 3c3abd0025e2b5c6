// Enrolled devices (kiosks, hall and counter displays, print agents): pairing, their credential, and their health.
import { Type, type Static } from 'typebox';
import { Device, DeviceKind, Id } from './model.ts';

/** The HTTP header that carries a device's credential (the Socket.IO handshake carries it as `auth.device`). */
export const DEVICE_HEADER = 'x-luot-device';
/** How often an enrolled device reports its heartbeat over its socket. */
export const DEVICE_HEARTBEAT_MS = 30_000;

/**
 * What a device says of itself in its heartbeat: `ok`, or for a print agent the printer's state read with DLE EOT.
 * The server adds `offline` when the heartbeats stop.
 */
export const DeviceCondition = Type.Union([
  Type.Literal('ok'),
  Type.Literal('paper_near_end'),
  Type.Literal('paper_out'),
  Type.Literal('cover_open'),
  Type.Literal('printer_error'),
  Type.Literal('printer_offline'),
]);
export type DeviceCondition = Static<typeof DeviceCondition>;
export const DeviceStatus = Type.Union([DeviceCondition, Type.Literal('offline')]);
export type DeviceStatus = Static<typeof DeviceStatus>;

export const DeviceHeartbeat = Type.Object(
  {
    /** The app's or agent's version. */
    version: Type.String({ minLength: 1, maxLength: 40 }),
    condition: DeviceCondition,
    message: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DeviceHeartbeat = Static<typeof DeviceHeartbeat>;

/** One change of a device's status, kept in its history. */
export const DeviceStatusChange = Type.Object({
  at: Type.String(),
  status: DeviceStatus,
  message: Type.Union([Type.String(), Type.Null()]),
});
export type DeviceStatusChange = Static<typeof DeviceStatusChange>;

/** A device as the console lists it: who it is, whether it is enrolled, and its health. */
export const DeviceView = Type.Object({
  ...Device.properties,
  createdAt: Type.String(),
  /** When it was paired (its credential issued); null until then. */
  enrolledAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  /** Until when its current pairing code may be used; null when none is open. */
  pairingExpiresAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  /** null until its first heartbeat. */
  status: Type.Union([DeviceStatus, Type.Null()]),
  statusMessage: Type.Union([Type.String(), Type.Null()]),
  /** The latest status changes, newest first. */
  history: Type.Array(DeviceStatusChange),
});
export type DeviceView = Static<typeof DeviceView>;

export const DeviceParams = Type.Object({ centerId: Id, deviceId: Id });
export type DeviceParams = Static<typeof DeviceParams>;

export const CreateDeviceBody = Type.Object(
  {
    id: Type.Optional(Id),
    kind: DeviceKind,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    /** A counter display's counter, or the counter of a print agent that prints its receipts. */
    counterId: Type.Optional(Id),
    /** The kiosk of a print agent that prints its tickets. */
    kioskId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateDeviceBody = Static<typeof CreateDeviceBody>;

/** A one-time pairing code, shown once to the administrator (with the QR of `pairingUrl`). */
export const PairingCode = Type.Object({
  deviceId: Id,
  code: Type.String(),
  expiresAt: Type.String(),
  /** The page that pairs itself with the code (kiosk or display); null for a print agent (`--pair CODE`). */
  pairingUrl: Type.Union([Type.String(), Type.Null()]),
});
export type PairingCode = Static<typeof PairingCode>;

export const PairBody = Type.Object(
  { code: Type.String({ minLength: 4, maxLength: 20 }) },
  { additionalProperties: false },
);
export type PairBody = Static<typeof PairBody>;

/** What the device keeps after pairing: its own long-lived credential (the server keeps only a digest). */
export const PairedDevice = Type.Object({ credential: Type.String(), device: Device });
export type PairedDevice = Static<typeof PairedDevice>;

/** Sent to the center's staff room when a device's status changes (online, a printer condition, offline, revoked). */
export const DeviceStatusEvent = Type.Object({
  centerId: Id,
  deviceId: Id,
  kind: DeviceKind,
  name: Type.String(),
  status: Type.Union([DeviceStatus, Type.Literal('revoked')]),
  previous: Type.Union([DeviceStatus, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});
export type DeviceStatusEvent = Static<typeof DeviceStatusEvent>;

export type HeartbeatAck = (res: { ok: true } | { ok: false; code: string; message: string }) => void;

export interface DeviceServerToClientEvents {
  /** To the center's staff room (roomOfStaff): a device's status changed. */
  'device:status': (event: DeviceStatusEvent) => void;
}

export interface DeviceClientToServerEvents {
  /** An enrolled device's heartbeat, every DEVICE_HEARTBEAT_MS, over the socket that carries its credential. */
  'device:heartbeat': (heartbeat: DeviceHeartbeat, ack?: HeartbeatAck) => void;
}

/** Staff connections following a center join this room (device status changes; never sent to displays). */
export const roomOfStaff = (centerId: string) => `staff:${centerId}`;
/** Every connection of an enrolled device joins this room: revoking the device disconnects them. */
export const roomOfDevice = (deviceId: string) => `device:${deviceId}`;
