// The storage port of staff accounts and sessions. It is part of every transaction (Tx.accounts).
import type { StaffUser } from '@luot/contract';

/** A signed-in user, and whether a password set for them still waits to be changed. */
export interface SessionUser extends StaffUser {
  mustChangePassword: boolean;
}

export interface UserRecord extends SessionUser {
  passwordHash: string;
  active: boolean;
  createdAt: string;
}

export interface AccountTx {
  user(username: string): Promise<UserRecord | null>;
  usersOfCenter(centerId: string): Promise<StaffUser[]>;
  countUsers(): Promise<number>;
  insertSession(session: { tokenHash: string; username: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** The active user of an unexpired session. */
  sessionUser(tokenHash: string, now: string): Promise<SessionUser | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: string): Promise<void>;
  /** Sets a new password hash and ends every session of the user. */
  setPassword(username: string, passwordHash: string): Promise<boolean>;
}
