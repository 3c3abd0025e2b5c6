// SQL of staff accounts and sessions, on the SqliteStore's connection and inside its transactions.
import type Database from 'better-sqlite3';
import { type Row, toStaff } from '../store/rows.ts';
import type { AccountTx, UserRecord } from './accounts.ts';

const SQL = {
  user: `SELECT * FROM users WHERE username = ?`,
  usersOfCenter: `SELECT * FROM users WHERE center_id = ? AND active = 1 ORDER BY role, username`,
  countUsers: `SELECT count(*) AS n FROM users`,
  insertUser: `INSERT INTO users (username, display_name, role, province_id, center_id, password_hash, active, created_at)
    VALUES (@username, @displayName, @role, @provinceId, @centerId, @passwordHash, @active, @createdAt)`,
  insertSession: `INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (@tokenHash, @username, @createdAt, @expiresAt)`,
  sessionUser: `SELECT u.* FROM sessions s JOIN users u ON u.username = s.username
    WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1`,
  deleteSession: `DELETE FROM sessions WHERE token_hash = ?`,
  deleteExpired: `DELETE FROM sessions WHERE expires_at <= ?`,
  setPassword: `UPDATE users SET password_hash = ? WHERE username = ?`,
  deleteUserSessions: `DELETE FROM sessions WHERE username = ?`,
} as const;

export function sqliteAccountTx(db: Database.Database): AccountTx {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as { [K in keyof typeof SQL]: Database.Statement };
  return {
    user: async (username) => {
      const r = s.user.get(username) as Row | undefined;
      return r ? { ...toStaff(r), passwordHash: r.password_hash as string, active: r.active === 1, createdAt: r.created_at as string } : null;
    },
    usersOfCenter: async (centerId) => (s.usersOfCenter.all(centerId) as Row[]).map(toStaff),
    countUsers: async () => (s.countUsers.get() as Row).n as number,
    insertUser: async (u: UserRecord) => {
      s.insertUser.run({ ...u, active: u.active ? 1 : 0 });
    },
    insertSession: async (session) => {
      s.insertSession.run(session);
    },
    sessionUser: async (tokenHash, now) => {
      const r = s.sessionUser.get(tokenHash, now) as Row | undefined;
      return r ? toStaff(r) : null;
    },
    deleteSession: async (tokenHash) => {
      s.deleteSession.run(tokenHash);
    },
    deleteExpiredSessions: async (now) => {
      s.deleteExpired.run(now);
    },
    setPassword: async (username, passwordHash) => {
      s.deleteUserSessions.run(username);
      return s.setPassword.run(passwordHash, username).changes === 1;
    },
  };
}
