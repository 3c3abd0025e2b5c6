// Demo staff accounts: one administrator of the province, and per demo center a manager and three officers.
// Passwords are never in the repository: DEMO_PASSWORD gives them all one, else each gets a random one,
// returned here so `npm start` prints them once, at the first start on a new database.
import { randomInt } from 'node:crypto';
import type { Role } from '@luot/contract';
import { DEFAULT_COST, hashPassword, type ScryptCost } from '../auth/password.ts';
import type { Store } from '../store/store.ts';
import { DEMO_CENTERS, DEMO_PROVINCE } from './demo.ts';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  centerId: string | null;
  password: string;
}

const OFFICER_NAMES = [
  'Nguyễn Thị Lan',
  'Trần Văn Minh',
  'Lê Hoàng Nam',
  'Võ Thị Thu',
  'Huỳnh Văn Phúc',
  'Đặng Thị Mai',
  'Bùi Quốc Việt',
  'Phan Thị Ngọc',
  'Dương Minh Tâm',
];
const MANAGER_NAMES = ['Phạm Thị Hồng', 'Lý Văn Hải', 'Trương Thị Kim'];

/** The demo usernames, also listed in the README. */
export function demoAccounts(): Omit<DemoAccount, 'password'>[] {
  return [
    { username: 'admin.cantho', displayName: 'Quản trị viên Cần Thơ', role: 'admin', centerId: null },
    ...DEMO_CENTERS.flatMap((c, i) => [
      {
        username: `quanly.${c.id}`,
        displayName: MANAGER_NAMES[i % MANAGER_NAMES.length],
        role: 'manager' as const,
        centerId: c.id,
      },
      ...[1, 2, 3].map((n) => ({
        username: `canbo${n}.${c.id}`,
        displayName: OFFICER_NAMES[(i * 3 + n - 1) % OFFICER_NAMES.length],
        role: 'officer' as const,
        centerId: c.id,
      })),
    ]),
  ];
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const randomPassword = () => Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** Creates the demo accounts on a database that has none; returns them with their passwords (else []). */
export async function seedDemoAccounts(
  store: Store,
  options: { password?: string | null; cost?: ScryptCost; now?: Date } = {},
): Promise<DemoAccount[]> {
  if ((await store.transaction((tx) => tx.accounts.countUsers())) > 0) return [];
  const accounts = demoAccounts().map((a) => ({ ...a, password: options.password || randomPassword() }));
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password, options.cost ?? DEFAULT_COST)));
  const createdAt = (options.now ?? new Date()).toISOString();
  await store.transaction(async (tx) => {
    for (const [i, a] of accounts.entries()) {
      await tx.accounts.insertUser({
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        provinceId: DEMO_PROVINCE.id,
        centerId: a.centerId,
        passwordHash: hashes[i],
        active: true,
        createdAt,
      });
    }
  });
  return accounts;
}
