// Staff accounts and sessions.
import type { AccountTx } from '../../auth/accounts.ts';
import { countAll, first, type Sql } from '../db.ts';
import { toStaff } from '../rows.ts';

export function accountQueries({ db, x }: Sql): AccountTx {
  return {
    user: async (username) => {
      const r = await first(x, db.selectFrom('users').selectAll().where('username', '=', username));
      return r
        ? {
            ...toStaff(r),
            mustChangePassword: r.must_change_password === 1,
            passwordHash: r.password_hash,
            active: r.active === 1,
            createdAt: r.created_at,
          }
        : null;
    },
    usersOfCenter: async (centerId) =>
      (
        await x.rows(
          db
            .selectFrom('users')
            .selectAll()
            .where('center_id', '=', centerId)
            .where('active', '=', 1)
            .orderBy('role')
            .orderBy('username'),
        )
      ).map(toStaff),
    countUsers: async () => (await first(x, db.selectFrom('users').select(countAll.as('n'))))?.n ?? 0,
    insertSession: async (s) => {
      await x.run(
        db
          .insertInto('sessions')
          .values({ token_hash: s.tokenHash, username: s.username, created_at: s.createdAt, expires_at: s.expiresAt }),
      );
    },
    sessionUser: async (tokenHash, now) => {
      const r = await first(
        x,
        db
          .selectFrom('sessions as s')
          .innerJoin('users as u', 'u.username', 's.username')
          .selectAll('u')
          .where('s.token_hash', '=', tokenHash)
          .where('s.expires_at', '>', now)
          .where('u.active', '=', 1),
      );
      return r ? { ...toStaff(r), mustChangePassword: r.must_change_password === 1 } : null;
    },
    deleteSession: async (tokenHash) => {
      await x.run(db.deleteFrom('sessions').where('token_hash', '=', tokenHash));
    },
    deleteExpiredSessions: async (now) => {
      await x.run(db.deleteFrom('sessions').where('expires_at', '<=', now));
    },
    setPassword: async (username, passwordHash) => {
      await x.run(db.deleteFrom('sessions').where('username', '=', username));
      return (
        (await x.run(db.updateTable('users').set({ password_hash: passwordHash }).where('username', '=', username))) ===
        1
      );
    },
  };
}
