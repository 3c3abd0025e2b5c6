// Demo staff accounts: one administrator of the province, and per demo center a manager and three officers
// (listed in can-tho.yaml).
// Passwords are never in the repository: DEMO_PASSWORD gives them all one, else each gets a random one,
// returned here so `npm start` prints them once, at the first start on a new database.
import { randomInt } from 'node:crypto';
import type { Role } from '@luot/contract';
import { DEFAULT_COST, hashPassword, type ScryptCost } from '../auth/password.ts';
import type { Store } from '../store/store.ts';
import { DEMO_FILE } from './demo.ts';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  centerId: string | null;
  password: string;
}

/** The demo usernames (the staff of can-tho.yaml), also listed in the README. */
export function demoAccounts(): Omit<DemoAccount, 'password'>[] {
  return (DEMO_FILE.staff ?? []).map(({ username, displayName, role, centerId }) => ({
    username,
    displayName,
    role,
    centerId,
  }));
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const randomPassword = () => Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * Gives the demo accounts (created without passwords by the demo province file) their passwords, on the start
 * that seeded the province; returns them with their passwords.
 */
export async function seedDemoAccounts(
  store: Store,
  options: { password?: string | null; cost?: ScryptCost } = {},
): Promise<DemoAccount[]> {
  const accounts = demoAccounts().map((a) => ({ ...a, password: options.password || randomPassword() }));
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password, options.cost ?? DEFAULT_COST)));
  await store.transaction(async (tx) => {
    for (const [i, a] of accounts.entries()) await tx.admin.setPassword(a.username, hashes[i], false);
  });
  return accounts;
}
