// SQL of dossiers, the procedure catalog, the outbox and the province's progress reports on PostgreSQL, on the
// connection of the PgStore's transaction.
import type { ClientBase } from 'pg';
import type { OutboxState } from '../../contract/index.ts';
import type { DossierTx } from '../dossiers.ts';
import { type Row, toAuthority, toDossier as dossierOf, toOutbox, toProcedure, toUpdate } from '../rows.ts';
import { pgReturnTx } from './return-queries.ts';
import { first, statements } from './query.ts';

const SQL = {
  ticketIdOfDossier: `SELECT id FROM tickets WHERE dossier_code = $1`,
  authority: `SELECT * FROM authorities WHERE id = $1`,
  authorities: `SELECT * FROM authorities ORDER BY level DESC, name`,
  upsertAuthority: `INSERT INTO authorities (id, code, name, level, stats_code) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, level = excluded.level, stats_code = excluded.stats_code`,
  procedure: `SELECT * FROM procedures WHERE code = $1`,
  procedures: `SELECT * FROM procedures ORDER BY area_code, code`,
  // xmax = 0: the row was inserted by this statement, not updated.
  upsertProcedure: `INSERT INTO procedures (code, name, area_code, level, department_id, processing_days, fee, documents, fields)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, area_code = excluded.area_code, level = excluded.level,
    department_id = excluded.department_id, processing_days = excluded.processing_days, fee = excluded.fee,
    documents = excluded.documents, fields = excluded.fields
    RETURNING (xmax = 0) AS inserted`,
  dossier: `SELECT * FROM dossiers WHERE code = $1`,
  dossierOfTicket: `SELECT * FROM dossiers WHERE ticket_id = $1`,
  dossiers: `SELECT * FROM dossiers WHERE center_id = $1 AND ($2::text IS NULL OR status = $2::text) ORDER BY received_at DESC LIMIT $3`,
  steps: `SELECT status, at, source, note FROM dossier_steps WHERE dossier_code = $1 ORDER BY n`,
  insertDossier: `INSERT INTO dossiers (code, ticket_id, center_id, receiving_center, procedure_code, procedure_name, area_code,
    authority, applicant, documents, fields, notes, fee, received_at, processing_days, due_at, due_date, status, province_version, province_ref)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
  setStatus: `UPDATE dossiers SET status = $2, province_version = coalesce($3, province_version),
    province_ref = CASE WHEN $4 THEN $5 ELSE province_ref END WHERE code = $1`,
  appendStep: `INSERT INTO dossier_steps (dossier_code, n, status, at, source, note)
    VALUES ($1, (SELECT count(*) FROM dossier_steps WHERE dossier_code = $1) + 1, $2, $3, $4, $5)`,
  openDossierCodes: `SELECT code FROM dossiers WHERE status IN ('forwarded', 'accepted', 'in_process', 'needs_documents') ORDER BY received_at LIMIT $1`,
  enqueue: `INSERT INTO outbox (dossier_code, kind, idempotency_key, payload, state, attempts, next_attempt_at, created_at)
    VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) RETURNING id`,
  outboxMessage: `SELECT * FROM outbox WHERE id = $1`,
  // A dossier's messages go in order: none while an earlier one of the same dossier is undelivered.
  dueMessages: `SELECT * FROM outbox o WHERE state = 'pending' AND next_attempt_at <= $1 AND NOT EXISTS
    (SELECT 1 FROM outbox e WHERE e.dossier_code = o.dossier_code AND e.id < o.id AND e.state != 'delivered')
    ORDER BY next_attempt_at, id LIMIT $2`,
  // Compare-and-set: of two instances claiming one message, the second finds it no longer due.
  claimMessage: `UPDATE outbox SET next_attempt_at = $3 WHERE id = $1 AND state = 'pending' AND next_attempt_at <= $2 RETURNING *`,
  nextDueAt: `SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending'`,
  outbox: `SELECT o.* FROM outbox o JOIN dossiers d ON d.code = o.dossier_code
    WHERE d.center_id = $1 AND ($2::text IS NULL OR o.state = $2::text) ORDER BY o.id DESC LIMIT $3`,
  outboxCounts: `SELECT o.state, count(*)::int AS n FROM outbox o JOIN dossiers d ON d.code = o.dossier_code
    WHERE d.center_id = $1 GROUP BY o.state`,
  centerOfMessage: `SELECT d.center_id FROM outbox o JOIN dossiers d ON d.code = o.dossier_code WHERE o.id = $1`,
  // Once delivered, the copy of the applicant's data in the message goes: the dossier row keeps it.
  markDelivered: `UPDATE outbox SET state = 'delivered', delivered_at = $2, attempts = attempts + 1, last_error = NULL, payload = '{}' WHERE id = $1`,
  markFailed: `UPDATE outbox SET state = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1`,
  requeueMessage: `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1`,
  insertUpdate: `INSERT INTO province_updates (dossier_code, version, status, at, note, received_at)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
  provinceUpdate: `SELECT * FROM province_updates WHERE dossier_code = $1 AND version = $2`,
  markUpdateApplied: `UPDATE province_updates SET applied_at = $3 WHERE dossier_code = $1 AND version = $2`,
} as const;

export function pgDossierTx(client: ClientBase): DossierTx {
  const run = statements('dossiers', SQL, client);
  const one = async (key: keyof typeof SQL, values: unknown[]) => first(await run(key, values));
  const all = async (key: keyof typeof SQL, values: unknown[]) => (await run(key, values)).rows;
  const toDossier = async (r: Row | null) => (r ? dossierOf(r, await all('steps', [r.code])) : null);

  return {
    ...pgReturnTx(client),
    ticketIdOfDossier: async (code) => ((await one('ticketIdOfDossier', [code]))?.id as string | undefined) ?? null,

    authority: async (id) => {
      const r = await one('authority', [id]);
      return r ? toAuthority(r) : null;
    },
    authorities: async () => (await all('authorities', [])).map(toAuthority),
    upsertAuthority: async (a) => {
      await run('upsertAuthority', [a.id, a.code, a.name, a.level, a.statsCode]);
    },
    procedure: async (code) => {
      const r = await one('procedure', [code]);
      return r ? toProcedure(r) : null;
    },
    procedures: async () => (await all('procedures', [])).map(toProcedure),
    upsertProcedure: async (p) =>
      (await one('upsertProcedure', [p.code, p.name, p.areaCode, p.level, p.departmentId, p.processingDays, p.fee, JSON.stringify(p.documents), JSON.stringify(p.fields)]))!
        .inserted as boolean,

    dossier: async (code) => toDossier(await one('dossier', [code])),
    dossierOfTicket: async (ticketId) => toDossier(await one('dossierOfTicket', [ticketId])),
    dossiers: async (centerId, status, limit) => Promise.all((await all('dossiers', [centerId, status, limit])).map(async (r) => (await toDossier(r))!)),
    insertDossier: async (d) => {
      await run('insertDossier', [
        d.code, d.ticketId, d.receivingCenter.id, JSON.stringify(d.receivingCenter), d.procedureCode, d.procedureName, d.areaCode,
        JSON.stringify(d.authority), JSON.stringify(d.applicant), JSON.stringify(d.documents), JSON.stringify(d.fields), d.notes, d.fee,
        d.receivedAt, d.processingDays, d.dueAt, d.dueDate, d.status, d.provinceVersion, d.provinceRef,
      ]);
    },
    setStatus: async (code, status, changes) => {
      await run('setStatus', [code, status, changes.provinceVersion ?? null, changes.provinceRef !== undefined, changes.provinceRef ?? null]);
    },
    appendStep: async (code, step) => {
      await run('appendStep', [code, step.status, step.at, step.source, step.note]);
    },
    openDossierCodes: async (limit) => (await all('openDossierCodes', [limit])).map((r) => r.code as string),

    enqueue: async (m) => (await one('enqueue', [m.dossierCode, m.kind, m.idempotencyKey, JSON.stringify(m.payload), m.at]))!.id as number,
    outboxMessage: async (id) => {
      const r = await one('outboxMessage', [id]);
      return r ? toOutbox(r) : null;
    },
    dueMessages: async (now, limit) => (await all('dueMessages', [now, limit])).map(toOutbox),
    claimMessage: async (id, now, until) => {
      const r = await one('claimMessage', [id, now, until]);
      return r ? toOutbox(r) : null;
    },
    nextDueAt: async () => ((await one('nextDueAt', []))?.at as string | null) ?? null,
    outbox: async (centerId, state, limit) =>
      (await all('outbox', [centerId, state, limit])).map((r) => {
        const { payload: _payload, ...entry } = toOutbox(r);
        return entry;
      }),
    outboxCounts: async (centerId) => {
      const counts: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
      for (const r of await all('outboxCounts', [centerId])) counts[r.state as OutboxState] = r.n as number;
      return counts;
    },
    centerOfMessage: async (id) => ((await one('centerOfMessage', [id]))?.center_id as string | undefined) ?? null,
    markDelivered: async (id, at) => {
      await run('markDelivered', [id, at]);
    },
    markFailed: async (id, f) => {
      await run('markFailed', [id, f.dead ? 'dead' : 'pending', f.attempts, f.nextAttemptAt, f.error.slice(0, 500)]);
    },
    requeueMessage: async (id, at) => {
      await run('requeueMessage', [id, at]);
    },

    insertProvinceUpdate: async (u, receivedAt) => ((await run('insertUpdate', [u.dossierCode, u.version, u.status, u.at, u.note, receivedAt])).rowCount ?? 0) > 0,
    provinceUpdate: async (code, version) => {
      const r = await one('provinceUpdate', [code, version]);
      return r ? toUpdate(r) : null;
    },
    markUpdateApplied: async (code, version, at) => {
      await run('markUpdateApplied', [code, version, at]);
    },
  };
}
