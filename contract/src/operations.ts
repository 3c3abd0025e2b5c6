// Operations: the province dashboard (every center at a glance) and alerts (rules per center, raised and cleared
// by the server's evaluator, acknowledged by a manager).
import { Type, type Static } from 'typebox';
import { Id } from './model.ts';

/** What an alert is about. */
export const ALERT_KINDS = [
  /** The longest wait of an area is above the area's target (× the rule's factor). */
  'wait_over_target',
  /** People wait in an area while its counters stay idle (open, nothing called) or paused. */
  'line_idle_counters',
  /** A kiosk's print agent reports its printer out of paper, cover open, faulty or unreachable, or is offline. */
  'printer_problem',
  /** A hall or counter display, or a kiosk, has stopped sending its heartbeat. */
  'display_offline',
  /** The link to the provincial system is down (circuit open), or the center's outbox backlog is too large or has dead letters. */
  'province_link',
  /** A device of the center had its credential revoked (it no longer works until paired again). */
  'device_revoked',
] as const;
export const AlertKind = Type.Enum(ALERT_KINDS);
export type AlertKind = Static<typeof AlertKind>;

export const ALERT_KIND_LABELS: Record<AlertKind, { vi: string; en: string }> = {
  wait_over_target: { vi: 'Chờ quá chỉ tiêu', en: 'Wait above target' },
  line_idle_counters: { vi: 'Có người chờ, quầy không gọi', en: 'Line waiting, counters idle' },
  printer_problem: { vi: 'Máy in kiosk', en: 'Kiosk printer' },
  display_offline: { vi: 'Thiết bị mất kết nối', en: 'Device offline' },
  province_link: { vi: 'Liên thông với tỉnh', en: 'Province link' },
  device_revoked: { vi: 'Thiết bị bị thu hồi', en: 'Device revoked' },
};

export const AlertSeverity = Type.Union([Type.Literal('warning'), Type.Literal('critical')]);
export type AlertSeverity = Static<typeof AlertSeverity>;

/** A center's alert rules; every center starts from DEFAULT_ALERT_RULES. */
export const AlertRules = Type.Object(
  {
    waitOverTarget: Type.Boolean(),
    /** Raised when the longest wait exceeds the area's target × this factor. */
    waitFactor: Type.Number({ minimum: 0.5, maximum: 10 }),
    idleWithLine: Type.Boolean(),
    /** Minutes someone has waited while the area's counters are idle or paused. */
    idleMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
    printer: Type.Boolean(),
    /** paper near its end counts as a warning too. */
    printerNearEnd: Type.Boolean(),
    displayOffline: Type.Boolean(),
    provinceLink: Type.Boolean(),
    /** Messages still undelivered to the province above this count raise the alert. */
    backlogThreshold: Type.Integer({ minimum: 1, maximum: 100_000 }),
    deviceRevoked: Type.Boolean(),
    /** Play a sound on the board when an alert is raised. */
    sound: Type.Boolean(),
    /** Phone numbers of staff on duty the alert is also sent to, through the message gateway (when one is set). */
    notifyPhones: Type.Array(Type.String({ pattern: '^\\+?[0-9]{9,15}$' }), { maxItems: 5 }),
  },
  { additionalProperties: false },
);
export type AlertRules = Static<typeof AlertRules>;

export const DEFAULT_ALERT_RULES: AlertRules = {
  waitOverTarget: true,
  waitFactor: 1,
  idleWithLine: true,
  idleMinutes: 5,
  printer: true,
  printerNearEnd: true,
  displayOffline: true,
  provinceLink: true,
  backlogThreshold: 20,
  deviceRevoked: true,
  sound: true,
  notifyPhones: [],
};

export const AlertRulesView = Type.Object({
  centerId: Id,
  rules: AlertRules,
  /** null: the defaults, never changed. */
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type AlertRulesView = Static<typeof AlertRulesView>;

export const Alert = Type.Object({
  id: Id,
  centerId: Id,
  kind: AlertKind,
  /** What it is about: an area id, a device id, or 'province'. One open alert per center, kind and subject. */
  subject: Type.String(),
  severity: AlertSeverity,
  messageVi: Type.String(),
  messageEn: Type.String(),
  raisedAt: Type.String(),
  clearedAt: Type.Union([Type.String(), Type.Null()]),
  ackedAt: Type.Union([Type.String(), Type.Null()]),
  ackedBy: Type.Union([Type.String(), Type.Null()]),
});
export type Alert = Static<typeof Alert>;

export const AlertParams = Type.Object({ centerId: Id, alertId: Id });
export type AlertParams = Static<typeof AlertParams>;

export const AlertListQuery = Type.Object(
  {
    /** open: not cleared yet; all: the history, newest first. */
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
export type AlertListQuery = Static<typeof AlertListQuery>;

/** Sent to the center's staff room: an alert raised, cleared or acknowledged. */
export interface AlertServerToClientEvents {
  'alert:raised': (alert: Alert) => void;
  'alert:cleared': (alert: Alert) => void;
  'alert:acked': (alert: Alert) => void;
}

/** One center of the province dashboard. */
export const CenterGlance = Type.Object({
  centerId: Id,
  name: Type.String(),
  commune: Type.String(),
  counters: Type.Integer(),
  openCounters: Type.Integer(),
  pausedCounters: Type.Integer(),
  waiting: Type.Integer(),
  /** The longest wait now (seconds), null when nobody waits. */
  longestWaitSeconds: Type.Union([Type.Integer(), Type.Null()]),
  /** The target (minutes) of the area where that longest wait is. */
  longestWaitTargetMinutes: Type.Union([Type.Number(), Type.Null()]),
  /** Whether some area's longest wait is above its own target. */
  overTarget: Type.Boolean(),
  servedToday: Type.Integer(),
  noShowsToday: Type.Integer(),
  outboxPending: Type.Integer(),
  outboxDead: Type.Integer(),
  devices: Type.Integer(),
  devicesOffline: Type.Integer(),
  /** Alerts not cleared (acknowledged or not), and of them not acknowledged. */
  openAlerts: Type.Integer(),
  unackedAlerts: Type.Integer(),
});
export type CenterGlance = Static<typeof CenterGlance>;

export const ProvinceDashboard = Type.Object({
  provinceId: Id,
  serviceDay: Type.String(),
  at: Type.String(),
  /** The link to the provincial system as this server sees it. */
  link: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]),
  centers: Type.Array(CenterGlance),
});
export type ProvinceDashboard = Static<typeof ProvinceDashboard>;
