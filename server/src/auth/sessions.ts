// Sessions: a random token in an HTTP-only cookie; the database keeps only its SHA-256 digest.
import { createHash, randomBytes } from 'node:crypto';
import type { StaffUser } from '../contract/index.ts';
import { DomainError } from '../engine/domain-error.ts';
import type { Store } from '../store/store.ts';
import { decoyHash, verifyPassword } from './password.ts';

/** A working day, with margin: an officer signs in once in the morning. */
export const SESSION_HOURS = 12;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Session {
  token: string;
  user: StaffUser;
  expiresAt: Date;
}

export async function signIn(store: Store, username: string, password: string, now: Date): Promise<Session> {
  const record = await store.transaction((tx) => tx.accounts.user(username));
  // Unknown users are checked against a decoy, so the answer takes as long either way.
  const ok = await verifyPassword(password, record?.passwordHash ?? (await decoyHash()));
  if (!record || !record.active || !ok) throw new DomainError('BAD_CREDENTIALS');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await store.transaction(async (tx) => {
    await tx.accounts.deleteExpiredSessions(now.toISOString());
    await tx.accounts.insertSession({ tokenHash: digest(token), username, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
  });
  const { passwordHash: _, active: __, createdAt: ___, ...user } = record;
  return { token, user, expiresAt };
}

export const sessionUser = (store: Store, token: string, now: Date): Promise<StaffUser | null> =>
  store.transaction((tx) => tx.accounts.sessionUser(digest(token), now.toISOString()));

export const signOut = (store: Store, token: string): Promise<void> => store.transaction((tx) => tx.accounts.deleteSession(digest(token)));

/** Failed sign-ins per username and address: after 5 in 15 minutes, that pair waits 15 minutes. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  blocked(key: string, now: number): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  failed(key: string, now: number) {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(key: string) {
    this.failures.delete(key);
  }
}
