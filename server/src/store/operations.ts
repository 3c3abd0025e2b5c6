// The storage port of operations: set-based reads over many centers at once (the province dashboard and the alert
// evaluator read a whole province in a few statements, never one center after another), alerts and alert rules.
import type { Alert, AlertRules, CounterState, DeviceKind, DeviceStatus, OutboxState } from '@luot/contract';

/** Which centers a read covers: the active centers of one province, or of every province (null). */
export type CenterScope = { provinceId: string | null };

export interface GlanceCenter {
  id: string;
  provinceId: string;
  name: string;
  commune: string;
}

export interface AreaLine {
  centerId: string;
  areaId: string;
  nameVi: string;
  nameEn: string;
  targetMinutes: number;
  waiting: number;
  /** When the longest-waiting ticket entered the line; null when nobody waits. */
  oldestQueuedAt: string | null;
}

export interface CounterGlance {
  centerId: string;
  id: string;
  number: number;
  state: CounterState;
  officer: string | null;
  busy: boolean;
  areaIds: string[];
}

export interface DeviceGlance {
  id: string;
  centerId: string;
  kind: DeviceKind;
  name: string;
  kioskId: string | null;
  enrolled: boolean;
  revokedAt: string | null;
  lastSeenAt: string | null;
  status: DeviceStatus | null;
  statusMessage: string | null;
}

export interface CenterCount<K extends string> {
  centerId: string;
  key: K;
  n: number;
}

export interface StoredRules {
  centerId: string;
  rules: AlertRules;
  updatedAt: string;
  updatedBy: string;
}

export interface OperationsTx {
  glanceCenters(scope: CenterScope): Promise<GlanceCenter[]>;
  /** Every active area of the centers with its line (waiting count and oldest entry). */
  areaLines(scope: CenterScope): Promise<AreaLine[]>;
  counterGlances(scope: CenterScope): Promise<CounterGlance[]>;
  deviceGlances(scope: CenterScope): Promise<DeviceGlance[]>;
  /** Tickets of the service day served (done) and no-shows, per center. */
  dayOutcomes(scope: CenterScope, day: string): Promise<CenterCount<'done' | 'no_show'>[]>;
  /** Outbox messages pending and dead, per center (of the dossiers it received). */
  outboxBacklog(scope: CenterScope): Promise<CenterCount<Exclude<OutboxState, 'delivered'>>[]>;
  openAlerts(scope: CenterScope): Promise<Alert[]>;
  rulesOf(scope: CenterScope): Promise<StoredRules[]>;

  /** Adds an open alert; false when one of that center, kind and subject is already open (another instance won). */
  raiseAlert(alert: Alert): Promise<boolean>;
  /** Clears an open alert; false when it was cleared already. */
  clearAlert(id: string, at: string): Promise<boolean>;
  /** Records who acknowledged the alert; false when it was acknowledged already. */
  ackAlert(id: string, at: string, by: string): Promise<boolean>;
  alert(id: string): Promise<Alert | null>;
  /** A center's alerts, newest first: open ones only, or the whole history. */
  alertsOf(centerId: string, openOnly: boolean, limit: number): Promise<Alert[]>;
  putRules(rules: StoredRules): Promise<void>;
}
