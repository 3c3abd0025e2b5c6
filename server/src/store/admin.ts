// The storage port of administration: a province's whole configuration read in a few statements, and written
// back in batches (one statement per table and chunk of rows, not one per row), so a province file of a hundred
// centers applies in one transaction in seconds. Part of every transaction (Tx.admin).
import type { AreaConfig, CenterConfig, CounterConfig, DeviceConfig, Province, StaffConfig } from '@luot/contract';
import type { StoredHours } from './setup.ts';

export interface StoredCenter extends CenterConfig {
  provinceId: string;
}
export interface StoredArea extends AreaConfig {
  centerId: string;
  /** Position in the kiosk's list. */
  sort: number;
}
export interface StoredCounter extends CounterConfig {
  centerId: string;
  /** Who holds it and what it serves now: a counter in use cannot be deactivated. */
  officer: string | null;
  currentTicketId: string | null;
}
export interface StoredDevice extends DeviceConfig {
  centerId: string;
}

/** A province's configuration as stored, inactive entities included. */
export interface ProvinceState {
  province: Province | null;
  centers: StoredCenter[];
  areas: StoredArea[];
  counters: StoredCounter[];
  devices: StoredDevice[];
  staff: StaffConfig[];
  hours: Map<string, StoredHours>;
}

/** A staff row to write; a new account gets `passwordHash` (an unusable one when none was set). */
export interface StaffRow extends StaffConfig {
  provinceId: string;
  passwordHash: string;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface AdminTx {
  provinceState(provinceId: string): Promise<ProvinceState>;
  /** Centers and accounts of other provinces: their ids, agency codes and usernames are taken. */
  taken(provinceId: string): Promise<{ centerIds: Set<string>; agencyCodes: Set<string>; usernames: Set<string> }>;
  /** Tickets waiting, called or in service today, per `center/area`: such an area cannot be deactivated. */
  liveTicketsByArea(centerIds: string[], serviceDay: string): Promise<Map<string, number>>;
  upsertCenters(rows: StoredCenter[]): Promise<void>;
  upsertAreas(rows: StoredArea[]): Promise<void>;
  upsertCounters(rows: Omit<StoredCounter, 'officer' | 'currentTicketId'>[]): Promise<void>;
  upsertDevices(rows: StoredDevice[]): Promise<void>;
  /** Inserts new accounts and updates known ones (never their password). */
  upsertStaff(rows: StaffRow[]): Promise<void>;
  /** Sets a password and whether its owner must change it; ends every session of the account. */
  setPassword(username: string, passwordHash: string, mustChange: boolean): Promise<boolean>;
}
