// SQL of dossiers, the procedure catalog, the outbox and the province's progress reports. It runs on the
// SqliteStore's connection, inside its transactions (see SqliteStore.tx).
import type Database from 'better-sqlite3';
import type { OutboxState } from '../../contract/index.ts';
import type { DossierTx } from '../dossiers.ts';
import { type Row, toAuthority, toDossier as dossierOf, toOutbox, toProcedure, toUpdate } from '../rows.ts';
import { sqliteReturnTx } from './return-queries.ts';

const SQL = {
  ticketIdOfDossier: `SELECT id FROM tickets WHERE dossier_code = ?`,
  authority: `SELECT * FROM authorities WHERE id = ?`,
  authorities: `SELECT * FROM authorities ORDER BY level DESC, name`,
  upsertAuthority: `INSERT INTO authorities (id, code, name, level, stats_code) VALUES (@id, @code, @name, @level, @statsCode)
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, level = excluded.level, stats_code = excluded.stats_code`,
  procedure: `SELECT * FROM procedures WHERE code = ?`,
  procedures: `SELECT * FROM procedures ORDER BY area_code, code`,
  upsertProcedure: `INSERT INTO procedures (code, name, area_code, level, department_id, processing_days, fee, documents, fields)
    VALUES (@code, @name, @areaCode, @level, @departmentId, @processingDays, @fee, @documents, @fields)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, area_code = excluded.area_code, level = excluded.level,
    department_id = excluded.department_id, processing_days = excluded.processing_days, fee = excluded.fee,
    documents = excluded.documents, fields = excluded.fields`,
  dossier: `SELECT * FROM dossiers WHERE code = ?`,
  dossierOfTicket: `SELECT * FROM dossiers WHERE ticket_id = ?`,
  dossiers: `SELECT * FROM dossiers WHERE center_id = @centerId AND (@status IS NULL OR status = @status) ORDER BY received_at DESC LIMIT @limit`,
  steps: `SELECT status, at, source, note FROM dossier_steps WHERE dossier_code = ? ORDER BY n`,
  insertDossier: `INSERT INTO dossiers (code, ticket_id, center_id, receiving_center, procedure_code, procedure_name, area_code,
    authority, applicant, documents, fields, notes, fee, received_at, processing_days, due_at, due_date, status, province_version, province_ref)
    VALUES (@code, @ticketId, @centerId, @receivingCenter, @procedureCode, @procedureName, @areaCode, @authority, @applicant,
    @documents, @fields, @notes, @fee, @receivedAt, @processingDays, @dueAt, @dueDate, @status, @provinceVersion, @provinceRef)`,
  setStatus: `UPDATE dossiers SET status = @status, province_version = coalesce(@provinceVersion, province_version),
    province_ref = CASE WHEN @setRef THEN @provinceRef ELSE province_ref END WHERE code = @code`,
  appendStep: `INSERT INTO dossier_steps (dossier_code, n, status, at, source, note)
    VALUES (@code, (SELECT count(*) FROM dossier_steps WHERE dossier_code = @code) + 1, @status, @at, @source, @note)`,
  openDossierCodes: `SELECT code FROM dossiers WHERE status IN ('forwarded', 'accepted', 'in_process', 'needs_documents') ORDER BY received_at LIMIT ?`,
  enqueue: `INSERT INTO outbox (dossier_code, kind, idempotency_key, payload, state, attempts, next_attempt_at, created_at)
    VALUES (@dossierCode, @kind, @idempotencyKey, @payload, 'pending', 0, @at, @at)`,
  outboxMessage: `SELECT * FROM outbox WHERE id = ?`,
  // A dossier's messages go in order: none while an earlier one of the same dossier is undelivered.
  dueMessages: `SELECT * FROM outbox o WHERE state = 'pending' AND next_attempt_at <= ? AND NOT EXISTS
    (SELECT 1 FROM outbox e WHERE e.dossier_code = o.dossier_code AND e.id < o.id AND e.state != 'delivered')
    ORDER BY next_attempt_at, id LIMIT ?`,
  claimMessage: `UPDATE outbox SET next_attempt_at = @until WHERE id = @id AND state = 'pending' AND next_attempt_at <= @now RETURNING *`,
  nextDueAt: `SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending'`,
  outbox: `SELECT o.* FROM outbox o JOIN dossiers d ON d.code = o.dossier_code
    WHERE d.center_id = @centerId AND (@state IS NULL OR o.state = @state) ORDER BY o.id DESC LIMIT @limit`,
  outboxCounts: `SELECT o.state, count(*) AS n FROM outbox o JOIN dossiers d ON d.code = o.dossier_code
    WHERE d.center_id = ? GROUP BY o.state`,
  centerOfMessage: `SELECT d.center_id FROM outbox o JOIN dossiers d ON d.code = o.dossier_code WHERE o.id = ?`,
  // Once delivered, the copy of the applicant's data in the message goes: the dossier row keeps it.
  markDelivered: `UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL, payload = '{}' WHERE id = ?`,
  markFailed: `UPDATE outbox SET state = @state, attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @error WHERE id = @id`,
  requeueMessage: `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?`,
  insertUpdate: `INSERT INTO province_updates (dossier_code, version, status, at, note, received_at)
    VALUES (@dossierCode, @version, @status, @at, @note, @receivedAt) ON CONFLICT DO NOTHING`,
  provinceUpdate: `SELECT * FROM province_updates WHERE dossier_code = ? AND version = ?`,
  markUpdateApplied: `UPDATE province_updates SET applied_at = ? WHERE dossier_code = ? AND version = ?`,
} as const;

export function sqliteDossierTx(db: Database.Database): DossierTx {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as { [K in keyof typeof SQL]: Database.Statement };

  const toDossier = (r: Row) => dossierOf(r, s.steps.all(r.code) as Row[]);
  const one = <T>(row: unknown, map: (r: Row) => T): T | null => (row ? map(row as Row) : null);

  return {
    ...sqliteReturnTx(db),
    ticketIdOfDossier: async (code) => ((s.ticketIdOfDossier.get(code) as Row | undefined)?.id as string | undefined) ?? null,

    authority: async (id) => one(s.authority.get(id), toAuthority),
    authorities: async () => (s.authorities.all() as Row[]).map(toAuthority),
    upsertAuthority: async (a) => {
      s.upsertAuthority.run(a);
    },
    procedure: async (code) => one(s.procedure.get(code), toProcedure),
    procedures: async () => (s.procedures.all() as Row[]).map(toProcedure),
    upsertProcedure: async (p) => {
      const existed = s.procedure.get(p.code) !== undefined;
      s.upsertProcedure.run({ ...p, documents: JSON.stringify(p.documents), fields: JSON.stringify(p.fields) });
      return !existed;
    },

    dossier: async (code) => one(s.dossier.get(code), toDossier),
    dossierOfTicket: async (ticketId) => one(s.dossierOfTicket.get(ticketId), toDossier),
    dossiers: async (centerId, status, limit) => (s.dossiers.all({ centerId, status, limit }) as Row[]).map(toDossier),
    insertDossier: async (d) => {
      s.insertDossier.run({
        ...d,
        centerId: d.receivingCenter.id,
        receivingCenter: JSON.stringify(d.receivingCenter),
        authority: JSON.stringify(d.authority),
        applicant: JSON.stringify(d.applicant),
        documents: JSON.stringify(d.documents),
        fields: JSON.stringify(d.fields),
      });
    },
    setStatus: async (code, status, changes) => {
      s.setStatus.run({ code, status, provinceVersion: changes.provinceVersion ?? null, setRef: changes.provinceRef !== undefined ? 1 : 0, provinceRef: changes.provinceRef ?? null });
    },
    appendStep: async (code, step) => {
      s.appendStep.run({ code, ...step });
    },
    openDossierCodes: async (limit) => (s.openDossierCodes.all(limit) as Row[]).map((r) => r.code as string),

    enqueue: async (m) => Number(s.enqueue.run({ ...m, payload: JSON.stringify(m.payload) }).lastInsertRowid),
    outboxMessage: async (id) => one(s.outboxMessage.get(id), toOutbox),
    dueMessages: async (now, limit) => (s.dueMessages.all(now, limit) as Row[]).map(toOutbox),
    claimMessage: async (id, now, until) => one(s.claimMessage.get({ id, now, until }), toOutbox),
    nextDueAt: async () => ((s.nextDueAt.get() as Row).at as string | null) ?? null,
    outbox: async (centerId, state, limit) => (s.outbox.all({ centerId, state, limit }) as Row[]).map((r) => {
      const { payload: _payload, ...entry } = toOutbox(r);
      return entry;
    }),
    outboxCounts: async (centerId) => {
      const counts: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
      for (const r of s.outboxCounts.all(centerId) as Row[]) counts[r.state as OutboxState] = r.n as number;
      return counts;
    },
    centerOfMessage: async (id) => ((s.centerOfMessage.get(id) as Row | undefined)?.center_id as string | undefined) ?? null,
    markDelivered: async (id, at) => {
      s.markDelivered.run(at, id);
    },
    markFailed: async (id, f) => {
      s.markFailed.run({ id, state: f.dead ? 'dead' : 'pending', attempts: f.attempts, nextAttemptAt: f.nextAttemptAt, error: f.error.slice(0, 500) });
    },
    requeueMessage: async (id, at) => {
      s.requeueMessage.run(at, id);
    },

    insertProvinceUpdate: async (u, receivedAt) => s.insertUpdate.run({ ...u, receivedAt }).changes > 0,
    provinceUpdate: async (code, version) => one(s.provinceUpdate.get(code, version), toUpdate),
    markUpdateApplied: async (code, version, at) => {
      s.markUpdateApplied.run(at, code, version);
    },
  };
}
