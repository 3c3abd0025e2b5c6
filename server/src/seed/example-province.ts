// Writes the large example province file (example-province.yaml): a provincial center and 120 commune centers
// with their areas, counters, kiosks, displays and staff, as a real province has them in size. Every name is a
// generated example ("mẫu"), not a real place or person.
//   npx tsx server/src/seed/example-province.ts > server/src/seed/example-province.yaml
import type { AreaConfig, CenterFile, CounterConfig, ProvinceFile, StaffConfig } from '@luot/contract';
import { provinceYaml } from '../setup/province-file.ts';

export const EXAMPLE_COMMUNES = 120;

const AREAS: [string, string, string, number][] = [
  ['HT', 'Hộ tịch', 'Civil status', 10],
  ['CT', 'Chứng thực', 'Certification', 5],
  ['DD', 'Đất đai', 'Land', 20],
  ['XD', 'Xây dựng', 'Construction', 20],
  ['KD', 'Đăng ký kinh doanh', 'Business registration', 15],
  ['LD', 'Lao động – Việc làm – Xã hội', 'Labour, employment and social affairs', 15],
  ['TP', 'Tư pháp', 'Justice', 10],
  ['GD', 'Giáo dục', 'Education', 10],
  ['YT', 'Y tế', 'Health', 10],
  ['GT', 'Giao thông vận tải', 'Transport', 15],
];

const area = ([code, nameVi, nameEn, minutes]: (typeof AREAS)[number], i: number): AreaConfig => ({
  id: code.toLowerCase(),
  code,
  nameVi,
  nameEn,
  // Blocks of 999 numbers: 1001–1999, 2001–2999…
  blockStart: (i + 1) * 1000 + 1,
  blockEnd: (i + 1) * 1000 + 999,
  targetServiceMinutes: minutes,
  icon: null,
  active: true,
});

function center(
  id: string,
  agencyCode: string,
  statsCode: string,
  name: string,
  commune: string,
  areas: AreaConfig[],
  counterAreas: string[][],
): CenterFile {
  const counters: CounterConfig[] = counterAreas.map((areaIds, i) => ({
    id: String(i + 1),
    number: i + 1,
    name: `Quầy ${i + 1}`,
    areaIds,
    active: true,
  }));
  return {
    id,
    agencyCode,
    statsCode,
    name,
    commune,
    address: `Trụ sở ${commune} (địa chỉ mẫu)`,
    timeZone: 'Asia/Ho_Chi_Minh',
    active: true,
    areas,
    counters,
    devices: [
      { id: `${id}-kiosk-1`, kind: 'kiosk', name: 'Kiosk sảnh chính', counterId: null },
      { id: `${id}-hall`, kind: 'hall_display', name: 'Màn hình sảnh', counterId: null },
    ],
  };
}

export function exampleProvince(communes = EXAMPLE_COMMUNES): ProvinceFile {
  const provincial = center(
    'tphcc-vi-du',
    '000.00.00.H99',
    '99',
    'Trung tâm Phục vụ hành chính công tỉnh Ví Dụ (mẫu)',
    'Phường Trung Tâm (mẫu)',
    AREAS.map(area),
    AREAS.flatMap(([code], i) => [
      [code.toLowerCase()],
      [code.toLowerCase(), AREAS[(i + 1) % AREAS.length][0].toLowerCase()],
    ]),
  );
  const staff: StaffConfig[] = [
    { username: 'admin.vidu', displayName: 'Quản trị viên (mẫu)', role: 'admin', centerId: null, active: true },
  ];
  const centers = [provincial];
  for (let n = 1; n <= communes; n++) {
    const nn = String(n).padStart(3, '0');
    const id = `xa-mau-${nn}`;
    const areas = AREAS.slice(0, 5).map(area);
    centers.push(
      center(
        id,
        `000.${String(Math.floor(n / 100) + 1).padStart(2, '0')}.${String(n % 100).padStart(2, '0')}.H99`,
        `99${nn}0`.slice(0, 5),
        `Trung tâm Phục vụ hành chính công xã Mẫu ${nn}`,
        `Xã Mẫu ${nn}`,
        areas,
        [
          ['ht', 'ct'],
          ['ct', 'ht'],
          ['dd', 'xd'],
          ['kd', 'xd'],
        ],
      ),
    );
    staff.push({
      username: `quanly.${id}`,
      displayName: `Quản lý xã ${nn} (mẫu)`,
      role: 'manager',
      centerId: id,
      active: true,
    });
    for (const k of [1, 2, 3])
      staff.push({
        username: `canbo${k}.${id}`,
        displayName: `Cán bộ ${k} xã ${nn} (mẫu)`,
        role: 'officer',
        centerId: id,
        active: true,
      });
  }
  return { version: 1, province: { id: 'vi-du', code: '99', name: 'Tỉnh Ví Dụ (mẫu)' }, centers, staff };
}

if (import.meta.url === `file://${process.argv[1]}`)
  process.stdout.write(
    provinceYaml(
      exampleProvince(),
      `An EXAMPLE province (generated names, not real ones): a provincial center and ${EXAMPLE_COMMUNES} commune centers. Made by server/src/seed/example-province.ts.`,
    ),
  );
