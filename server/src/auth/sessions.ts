// Sessions: a random token in an HTTP-only cookie; the database keeps only its SHA-256 digest.
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { SessionUser, UserRecord } from './accounts.ts';

/** A working day, with margin: an officer signs in once in the morning. */
export const SESSION_HOURS = 12;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Session {
  token: string;
  user: SessionUser;
  expiresAt: Date;
}

/** Opens a session for an account whose password was just verified (see sign-in-guard.ts). */
export async function openSession(store: Store, record: UserRecord, now: Date): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await store.transaction(async (tx) => {
    await tx.accounts.deleteExpiredSessions(now.toISOString());
    await tx.accounts.insertSession({
      tokenHash: digest(token),
      username: record.username,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
  });
  const { passwordHash: _, active: __, createdAt: ___, ...user } = record;
  return { token, user, expiresAt };
}

export const sessionUser = (store: Store, token: string, now: Date): Promise<SessionUser | null> =>
  store.transaction((tx) => tx.accounts.sessionUser(digest(token), now.toISOString()));

export const signOut = (store: Store, token: string): Promise<void> =>
  store.transaction((tx) => tx.accounts.deleteSession(digest(token)));
