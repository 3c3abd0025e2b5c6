// The storage port of staff accounts and sessions. It is part of every transaction (Tx.accounts).
import type { StaffUser } from '@luot/contract';

export interface UserRecord extends StaffUser {
  passwordHash: string;
  active: boolean;
  createdAt: string;
}

export interface AccountTx {
  user(username: string): Promise<UserRecord | null>;
  usersOfCenter(centerId: string): Promise<StaffUser[]>;
  countUsers(): Promise<number>;
  insertUser(user: UserRecord): Promise<void>;
  insertSession(session: { tokenHash: string; username: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** The active user of an unexpired session. */
  sessionUser(tokenHash: string, now: string): Promise<StaffUser | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: string): Promise<void>;
  /** Sets a new password hash and ends every session of the user. */
  setPassword(username: string, passwordHash: string): Promise<boolean>;
}
