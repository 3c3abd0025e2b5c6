// A synthetic province for the benchmarks: centers shaped like the demo ones, with large number blocks.
import type { Counter, ServiceArea } from '@luot/contract';
import { DEFAULT_SETTINGS, DEMO_PROVINCE } from '../server/src/seed/demo.ts';
import type { Store } from '../server/src/store/store.ts';

export const BENCH_AREAS = [
  { id: 'ht', nameVi: 'Hộ tịch', minutes: 10 },
  { id: 'ct', nameVi: 'Chứng thực', minutes: 5 },
  { id: 'dd', nameVi: 'Đất đai', minutes: 20 },
  { id: 'kd', nameVi: 'Đăng ký kinh doanh', minutes: 15 },
  { id: 'ld', nameVi: 'Lao động – Thương binh và Xã hội', minutes: 15 },
];
const COUNTER_AREAS = [
  ['ht', 'ct'],
  ['ct', 'ht'],
  ['ht'],
  ['dd'],
  ['dd', 'kd'],
  ['kd', 'ld'],
  ['ld', 'ht'],
  ['ct', 'dd'],
];

export const benchCenterId = (i: number) => `bench-${String(i).padStart(3, '0')}`;

/** Kiosk devices of each bench center (`<center>-kiosk-<k>`), enrolled by the bench through the API (enrollKiosks). */
export const BENCH_KIOSKS = 64;

/** Adds `count` centers with 8 counters and BENCH_KIOSKS kiosks each, all open, to the demo province (its administrator runs them). */
export async function addBenchCenters(store: Store, count: number, countersPerCenter = 8): Promise<string[]> {
  const ids: string[] = [];
  const at = new Date().toISOString();
  await store.transaction(async (tx) => {
    await tx.upsertProvince(DEMO_PROVINCE);
    for (let i = 1; i <= count; i++) {
      const id = benchCenterId(i);
      ids.push(id);
      await tx.insertCenter({
        id,
        provinceId: DEMO_PROVINCE.id,
        agencyCode: `000.${String(i).padStart(2, '0')}.99.H99`,
        statsCode: String(90000 + i),
        name: `Trung tâm thử tải ${i}`,
        commune: `Xã ${i}`,
        address: '—',
        settings: DEFAULT_SETTINGS,
      });
      for (const [sort, a] of BENCH_AREAS.entries()) {
        const area: ServiceArea = {
          centerId: id,
          id: a.id,
          code: a.id.toUpperCase(),
          nameVi: a.nameVi,
          nameEn: a.id,
          blockStart: (sort + 1) * 100_000,
          blockEnd: (sort + 1) * 100_000 + 99_999,
          targetServiceMinutes: a.minutes,
          closedOn: null,
          sort,
          priorityStreak: 0,
        };
        await tx.insertArea(area);
      }
      for (let n = 1; n <= countersPerCenter; n++) {
        const counter: Counter = {
          centerId: id,
          id: String(n),
          number: n,
          name: `Quầy ${n}`,
          areaIds: COUNTER_AREAS[(n - 1) % COUNTER_AREAS.length],
          state: 'open',
          pauseReason: null,
          officer: null,
          currentTicketId: null,
        };
        await tx.insertCounter(counter);
      }
      for (let k = 0; k < BENCH_KIOSKS; k++)
        await tx.insertDevice(
          { id: `${id}-kiosk-${k}`, centerId: id, kind: 'kiosk', name: `Kiosk ${k}`, counterId: null, kioskId: null },
          at,
        );
    }
  });
  return ids;
}
