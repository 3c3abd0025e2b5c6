// The demo province: Cần Thơ (statistics code 92) with its provincial center and two ward centers, kept as a
// province file (can-tho.yaml) and applied like any other at the first start on an empty database.
import { readFileSync } from 'node:fs';
import type { OpeningHours, PairingCode } from '@luot/contract';
import type { DeviceService } from '../devices/service.ts';
import type { AdminService } from '../setup/admin.ts';
import { parseProvinceFile } from '../setup/province-file.ts';
import type { SetupService } from '../setup/service.ts';
import type { Store } from '../store/store.ts';
import { seedProcedures } from './procedures.ts';

export { DEFAULT_SETTINGS } from '../setup/province-config.ts';

/** The demo's province file, as text (applied) and read (for the names the seed and the README use). */
export const DEMO_FILE_TEXT = readFileSync(new URL('./can-tho.yaml', import.meta.url), 'utf8');
export const DEMO_FILE = parseProvinceFile(DEMO_FILE_TEXT);
export const DEMO_PROVINCE = DEMO_FILE.province;
export const DEMO_CENTERS = DEMO_FILE.centers;

/** Who seeds: the system at start, not a person. */
export const SEEDER = { username: 'system', role: 'system', provinceId: DEMO_PROVINCE.id };

/** Applies the demo province file once; a database that already has centers is left as it is. */
export async function seedDemo(store: Store, admin: AdminService): Promise<boolean> {
  await seedProcedures(store);
  if ((await store.centers()).length > 0) return false;
  await admin.applyFile(SEEDER, DEMO_FILE_TEXT, false);
  return true;
}

/** Office hours of a one-stop center: Monday to Friday with a lunch break, Saturday morning; last ticket 16:30. */
export const DEMO_HOURS: OpeningHours = {
  weekly: {
    mon: [
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ],
    tue: [
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ],
    wed: [
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ],
    thu: [
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ],
    fri: [
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ],
    sat: [{ from: '07:30', to: '11:30' }],
    sun: [],
  },
  exceptions: [],
  lastTicket: '16:30',
  areaLastTicket: {},
};

/** How long the pairing codes `npm start` prints for the demo devices stay valid. */
export const DEMO_PAIRING_MS = 24 * 3_600_000;

/**
 * Demo mode only: a fresh pairing code for each demo center's kiosk, print agent, hall display and first counter
 * display, printed by `npm start` so its URLs open ready to use (pairing replaces a credential given earlier).
 */
export async function demoPairingCodes(devices: DeviceService): Promise<Map<string, PairingCode>> {
  const codes = new Map<string, PairingCode>();
  for (const c of DEMO_CENTERS)
    for (const id of [`${c.id}-kiosk-1`, `${c.id}-printer-1`, `${c.id}-hall`, `${c.id}-counter-1`])
      codes.set(id, await devices.pairingCode(c.id, id, SEEDER, DEMO_PAIRING_MS));
  return codes;
}

/** The demo centers get DEMO_HOURS, recorded in the audit log as set by the seed. */
export async function seedDemoHours(setup: SetupService): Promise<void> {
  for (const c of DEMO_CENTERS) await setup.setHours(c.id, DEMO_HOURS, SEEDER);
}
