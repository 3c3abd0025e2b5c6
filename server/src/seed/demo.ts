// The demo province: Cần Thơ (statistics code 92) with its provincial center and two ward centers.
// Agency identifiers and ward statistics codes are plausible demo values, not official ones.
import type { CenterSettings, Counter, OpeningHours, PairingCode, ServiceArea } from '@luot/contract';
import type { DeviceService } from '../devices/service.ts';
import type { SetupService } from '../setup/service.ts';
import type { Store } from '../store/store.ts';
import { seedProcedures } from './procedures.ts';

export const DEFAULT_SETTINGS: CenterSettings = {
  priorityMode: 'capped',
  maxPriorityInRow: 3,
  maxRecalls: 2,
  noShowGraceMinutes: 30,
  callTemplate: 'Kính mời công dân có số thứ tự {number} đến quầy số {counter}',
  notifyAheadThreshold: 3,
};

type AreaSeed = Pick<
  ServiceArea,
  'id' | 'code' | 'nameVi' | 'nameEn' | 'blockStart' | 'blockEnd' | 'targetServiceMinutes'
>;

const AREAS: Record<string, AreaSeed> = {
  ht: {
    id: 'ht',
    code: 'HT',
    nameVi: 'Hộ tịch',
    nameEn: 'Civil status',
    blockStart: 1001,
    blockEnd: 1999,
    targetServiceMinutes: 10,
  },
  ct: {
    id: 'ct',
    code: 'CT',
    nameVi: 'Chứng thực',
    nameEn: 'Certification',
    blockStart: 2001,
    blockEnd: 2999,
    targetServiceMinutes: 5,
  },
  dd: {
    id: 'dd',
    code: 'DD',
    nameVi: 'Đất đai',
    nameEn: 'Land',
    blockStart: 3001,
    blockEnd: 3999,
    targetServiceMinutes: 20,
  },
  xd: {
    id: 'xd',
    code: 'XD',
    nameVi: 'Xây dựng',
    nameEn: 'Construction',
    blockStart: 4001,
    blockEnd: 4999,
    targetServiceMinutes: 20,
  },
  kd: {
    id: 'kd',
    code: 'KD',
    nameVi: 'Đăng ký kinh doanh',
    nameEn: 'Business registration',
    blockStart: 5001,
    blockEnd: 5999,
    targetServiceMinutes: 15,
  },
  ld: {
    id: 'ld',
    code: 'LD',
    nameVi: 'Lao động – Thương binh và Xã hội',
    nameEn: 'Labour, invalids and social affairs',
    blockStart: 6001,
    blockEnd: 6999,
    targetServiceMinutes: 15,
  },
  tp: {
    id: 'tp',
    code: 'TP',
    nameVi: 'Tư pháp',
    nameEn: 'Justice',
    blockStart: 7001,
    blockEnd: 7999,
    targetServiceMinutes: 10,
  },
};

interface CenterSeed {
  id: string;
  agencyCode: string;
  statsCode: string;
  name: string;
  commune: string;
  address: string;
  areas: string[];
  /** Each counter's areas, in the order it serves them. */
  counters: string[][];
}

export const DEMO_PROVINCE = { id: 'can-tho', code: '92', name: 'Thành phố Cần Thơ' };

export const DEMO_CENTERS: CenterSeed[] = [
  {
    id: 'tphcc-can-tho',
    agencyCode: '000.00.00.H13',
    statsCode: '92',
    name: 'Trung tâm Phục vụ hành chính công thành phố Cần Thơ',
    commune: 'Phường Ninh Kiều',
    address: 'Số 2 đường Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ',
    areas: ['dd', 'xd', 'kd', 'ld', 'tp'],
    counters: [['dd'], ['dd', 'xd'], ['xd', 'dd'], ['kd'], ['kd', 'tp'], ['ld'], ['ld', 'tp'], ['tp', 'kd']],
  },
  {
    id: 'ninh-kieu',
    agencyCode: '000.31.01.H13',
    statsCode: '31117',
    name: 'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
    commune: 'Phường Ninh Kiều',
    address: 'Số 1 đường Trần Hưng Đạo, phường Ninh Kiều, thành phố Cần Thơ',
    areas: ['ht', 'ct', 'dd', 'xd', 'kd', 'ld', 'tp'],
    counters: [
      ['ht', 'tp'],
      ['ht', 'ct'],
      ['ct', 'ht'],
      ['dd', 'xd'],
      ['kd', 'ld'],
      ['ld', 'tp'],
    ],
  },
  {
    id: 'cai-rang',
    agencyCode: '000.31.02.H13',
    statsCode: '31186',
    name: 'Trung tâm Phục vụ hành chính công phường Cái Răng',
    commune: 'Phường Cái Răng',
    address: 'Số 8 đường Võ Nguyên Giáp, phường Cái Răng, thành phố Cần Thơ',
    areas: ['ht', 'ct', 'dd', 'kd', 'ld'],
    counters: [['ht', 'ct'], ['ct', 'ht'], ['dd'], ['kd', 'ld'], ['ld', 'ht']],
  },
];

/** Seeds the demo province once; a database that already has centers is left as it is. */
export async function seedDemo(store: Store, now: Date = new Date()): Promise<boolean> {
  await seedProcedures(store);
  if ((await store.centers()).length > 0) return false;
  const at = now.toISOString();
  await store.transaction(async (tx) => {
    await tx.upsertProvince(DEMO_PROVINCE);
    for (const c of DEMO_CENTERS) {
      await tx.insertCenter({
        id: c.id,
        provinceId: DEMO_PROVINCE.id,
        agencyCode: c.agencyCode,
        statsCode: c.statsCode,
        name: c.name,
        commune: c.commune,
        address: c.address,
        settings: DEFAULT_SETTINGS,
      });
      for (const [sort, areaId] of c.areas.entries())
        await tx.insertArea({ ...AREAS[areaId], centerId: c.id, closedOn: null, sort, priorityStreak: 0 });
      for (const [i, areaIds] of c.counters.entries()) {
        const counter: Counter = {
          centerId: c.id,
          id: String(i + 1),
          number: i + 1,
          name: `Quầy ${i + 1}`,
          areaIds,
          state: 'open',
          pauseReason: null,
          officer: null,
          currentTicketId: null,
        };
        await tx.insertCounter(counter);
        await tx.insertDevice(
          {
            id: `${c.id}-counter-${i + 1}`,
            centerId: c.id,
            kind: 'counter_display',
            name: `Màn hình quầy ${i + 1}`,
            counterId: counter.id,
            kioskId: null,
          },
          at,
        );
      }
      await tx.insertDevice(
        {
          id: `${c.id}-kiosk-1`,
          centerId: c.id,
          kind: 'kiosk',
          name: 'Kiosk sảnh chính',
          counterId: null,
          kioskId: null,
        },
        at,
      );
      await tx.insertDevice(
        {
          id: `${c.id}-printer-1`,
          centerId: c.id,
          kind: 'print_agent',
          name: 'Máy in kiosk sảnh chính',
          counterId: null,
          kioskId: `${c.id}-kiosk-1`,
        },
        at,
      );
      await tx.insertDevice(
        {
          id: `${c.id}-hall`,
          centerId: c.id,
          kind: 'hall_display',
          name: 'Màn hình sảnh',
          counterId: null,
          kioskId: null,
        },
        at,
      );
    }
  });
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
  const seeder = { username: 'system', role: 'system', provinceId: DEMO_PROVINCE.id };
  const codes = new Map<string, PairingCode>();
  for (const c of DEMO_CENTERS)
    for (const id of [`${c.id}-kiosk-1`, `${c.id}-printer-1`, `${c.id}-hall`, `${c.id}-counter-1`])
      codes.set(id, await devices.pairingCode(c.id, id, seeder, DEMO_PAIRING_MS));
  return codes;
}

/** The demo centers get DEMO_HOURS, recorded in the audit log as set by the seed. */
export async function seedDemoHours(setup: SetupService): Promise<void> {
  const seeder = { username: 'system', role: 'system', provinceId: DEMO_PROVINCE.id };
  for (const c of DEMO_CENTERS) await setup.setHours(c.id, DEMO_HOURS, seeder);
}
