// SQL of staff accounts and sessions on PostgreSQL, on the connection of the PgStore's transaction.
import type { ClientBase } from 'pg';
import { toStaff } from '../store/rows.ts';
import { first, statements } from '../store/postgres/query.ts';
import type { AccountTx } from './accounts.ts';

const SQL = {
  user: `SELECT * FROM users WHERE username = $1`,
  usersOfCenter: `SELECT * FROM users WHERE center_id = $1 AND active = 1 ORDER BY role, username`,
  countUsers: `SELECT count(*)::int AS n FROM users`,
  insertUser: `INSERT INTO users (username, display_name, role, province_id, center_id, password_hash, active, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  insertSession: `INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
  sessionUser: `SELECT u.* FROM sessions s JOIN users u ON u.username = s.username
    WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1`,
  deleteSession: `DELETE FROM sessions WHERE token_hash = $1`,
  deleteExpired: `DELETE FROM sessions WHERE expires_at <= $1`,
  setPassword: `UPDATE users SET password_hash = $2 WHERE username = $1`,
  deleteUserSessions: `DELETE FROM sessions WHERE username = $1`,
} as const;

export function pgAccountTx(client: ClientBase): AccountTx {
  const run = statements('accounts', SQL, client);
  return {
    user: async (username) => {
      const r = first(await run('user', [username]));
      return r ? { ...toStaff(r), passwordHash: r.password_hash as string, active: r.active === 1, createdAt: r.created_at as string } : null;
    },
    usersOfCenter: async (centerId) => (await run('usersOfCenter', [centerId])).rows.map(toStaff),
    countUsers: async () => first(await run('countUsers'))!.n as number,
    insertUser: async (u) => {
      await run('insertUser', [u.username, u.displayName, u.role, u.provinceId, u.centerId, u.passwordHash, u.active ? 1 : 0, u.createdAt]);
    },
    insertSession: async (s) => {
      await run('insertSession', [s.tokenHash, s.username, s.createdAt, s.expiresAt]);
    },
    sessionUser: async (tokenHash, now) => {
      const r = first(await run('sessionUser', [tokenHash, now]));
      return r ? toStaff(r) : null;
    },
    deleteSession: async (tokenHash) => {
      await run('deleteSession', [tokenHash]);
    },
    deleteExpiredSessions: async (now) => {
      await run('deleteExpired', [now]);
    },
    setPassword: async (username, passwordHash) => {
      await run('deleteUserSessions', [username]);
      return (await run('setPassword', [username, passwordHash])).rowCount === 1;
    },
  };
}
