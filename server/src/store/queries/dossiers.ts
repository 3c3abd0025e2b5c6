// Dossiers, the procedure catalog, the hand-off outbox and the province's progress reports.
import { type Compilable, sql } from 'kysely';
import type { OutboxState } from '@luot/contract';
import { countAll, first, type Sql } from '../db.ts';
import type { DossierTx } from '../dossiers.ts';
import { toJson } from '../json.ts';
import { toAuthority, toDossier, toOutbox, toProcedure, toUpdate } from '../rows.ts';
import type { Row } from '../schema.ts';

/** Statuses in which the province still works on a forwarded dossier (dossiers_open). */
const OPEN = ['forwarded', 'accepted', 'in_process', 'needs_documents', 'fees_due'] as const;

export function dossierQueries({ db, x, d }: Sql): DossierTx {
  const withSteps = async (r: Row<'dossiers'> | null) =>
    r
      ? toDossier(
          r,
          await x.rows(
            db
              .selectFrom('dossier_steps')
              .select(['status', 'at', 'source', 'note'])
              .where('dossier_code', '=', r.code)
              .orderBy('n'),
          ),
        )
      : null;
  const dossiers = db.selectFrom('dossiers').selectAll();
  const outbox = db.selectFrom('outbox').selectAll();
  const message = async (query: Compilable<Row<'outbox'>>) => {
    const r = await first(x, query);
    return r ? toOutbox(r) : null;
  };

  return {
    ticketIdOfDossier: async (code) =>
      (await first(x, db.selectFrom('tickets').select('id').where('dossier_code', '=', code)))?.id ?? null,

    authority: async (id) => {
      const r = await first(x, db.selectFrom('authorities').selectAll().where('id', '=', id));
      return r ? toAuthority(r) : null;
    },
    authorities: async () =>
      (await x.rows(db.selectFrom('authorities').selectAll().orderBy('level', 'desc').orderBy('name'))).map(
        toAuthority,
      ),
    upsertAuthority: async (a) => {
      await x.run(
        db
          .insertInto('authorities')
          .values({ id: a.id, code: a.code, name: a.name, level: a.level, stats_code: a.statsCode })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              code: eb.ref('excluded.code'),
              name: eb.ref('excluded.name'),
              level: eb.ref('excluded.level'),
              stats_code: eb.ref('excluded.stats_code'),
            })),
          ),
      );
    },
    procedure: async (code) => {
      const r = await first(x, db.selectFrom('procedures').selectAll().where('code', '=', code));
      return r ? toProcedure(r) : null;
    },
    procedures: async () =>
      (await x.rows(db.selectFrom('procedures').selectAll().orderBy('area_code').orderBy('code'))).map(toProcedure),
    upsertProcedure: async (p) => {
      const existed = (await first(x, db.selectFrom('procedures').select('code').where('code', '=', p.code))) !== null;
      await x.run(
        db
          .insertInto('procedures')
          .values({
            code: p.code,
            name: p.name,
            area_code: p.areaCode,
            level: p.level,
            department_id: p.departmentId,
            processing_days: p.processingDays,
            fee: p.fee,
            fee_lines: p.feeLines ? toJson(p.feeLines) : null,
            documents: toJson(p.documents),
            fields: toJson(p.fields),
          })
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              area_code: eb.ref('excluded.area_code'),
              level: eb.ref('excluded.level'),
              department_id: eb.ref('excluded.department_id'),
              processing_days: eb.ref('excluded.processing_days'),
              fee: eb.ref('excluded.fee'),
              fee_lines: eb.ref('excluded.fee_lines'),
              documents: eb.ref('excluded.documents'),
              fields: eb.ref('excluded.fields'),
            })),
          ),
      );
      return !existed;
    },

    dossier: async (code, lock) => {
      const query = dossiers.where('code', '=', code);
      return withSteps(await first(x, lock ? d.lock(query, lock) : query));
    },
    dossierOfTicket: async (ticketId) => withSteps(await first(x, dossiers.where('ticket_id', '=', ticketId))),
    dossiers: async (centerId, status, limit) => {
      let query = dossiers.where('center_id', '=', centerId);
      if (status) query = query.where('status', '=', status);
      const rows = await x.rows(query.orderBy('received_at', 'desc').limit(limit));
      const all = [];
      for (const r of rows) {
        const dossier = await withSteps(r);
        if (dossier) all.push(dossier);
      }
      return all;
    },
    insertDossier: async (dossier) => {
      await x.run(
        db.insertInto('dossiers').values({
          code: dossier.code,
          ticket_id: dossier.ticketId,
          center_id: dossier.receivingCenter.id,
          receiving_center: toJson(dossier.receivingCenter),
          procedure_code: dossier.procedureCode,
          procedure_name: dossier.procedureName,
          area_code: dossier.areaCode,
          authority: toJson(dossier.authority),
          applicant: toJson(dossier.applicant),
          documents: toJson(dossier.documents),
          fields: toJson(dossier.fields),
          notes: dossier.notes,
          fee: dossier.fee,
          fee_lines: toJson(dossier.feeLines),
          received_at: dossier.receivedAt,
          processing_days: dossier.processingDays,
          due_at: dossier.dueAt,
          due_date: dossier.dueDate,
          status: dossier.status,
          province_version: dossier.provinceVersion,
          province_ref: dossier.provinceRef,
          result_by: dossier.resultBy,
          filed_via: dossier.filedVia,
        }),
      );
    },
    setStatus: async (code, status, changes) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({
            status,
            ...(changes.provinceVersion !== undefined ? { province_version: changes.provinceVersion } : {}),
            ...(changes.provinceRef !== undefined ? { province_ref: changes.provinceRef } : {}),
          })
          .where('code', '=', code),
      );
    },
    setDelivery: async (code, delivery) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({ delivery: toJson(delivery) })
          .where('code', '=', code),
      );
    },
    setAuthority: async (code, authority) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({ authority: toJson(authority) })
          .where('code', '=', code),
      );
    },
    setDocuments: async (code, documents) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({ documents: toJson(documents) })
          .where('code', '=', code),
      );
    },
    appendStep: async (code, step) => {
      await x.run(
        db.insertInto('dossier_steps').values({
          dossier_code: code,
          n: sql<number>`(SELECT count(*) FROM dossier_steps WHERE dossier_code = ${code}) + 1`,
          status: step.status,
          at: step.at,
          source: step.source,
          note: step.note,
        }),
      );
    },
    openDossierCount: async () =>
      (await first(x, db.selectFrom('dossiers').select(countAll.as('n')).where('status', 'in', OPEN)))?.n ?? 0,
    openDossierPage: async (after, limit) => {
      let query = db.selectFrom('dossiers').select(['received_at', 'code']).where('status', 'in', OPEN);
      if (after)
        query = query.where((eb) =>
          eb(eb.refTuple('received_at', 'code'), '>', eb.tuple(after.receivedAt, after.code)),
        );
      const rows = await x.rows(query.orderBy('received_at').orderBy('code').limit(limit));
      return rows.map((r) => ({ receivedAt: r.received_at, code: r.code }));
    },

    enqueue: async (m) => {
      const r = await first(
        x,
        db
          .insertInto('outbox')
          .values({
            dossier_code: m.dossierCode,
            kind: m.kind,
            idempotency_key: m.idempotencyKey,
            payload: toJson(m.payload),
            state: 'pending',
            attempts: 0,
            next_attempt_at: m.at,
            created_at: m.at,
          })
          .returning('id'),
      );
      if (!r) throw new Error('outbox id not returned');
      return r.id;
    },
    outboxMessage: async (id) => message(outbox.where('id', '=', id)),
    // A dossier's messages go in order: none while an earlier one of the same dossier is undelivered.
    dueMessages: async (now, limit) =>
      (
        await x.rows(
          db
            .selectFrom('outbox as o')
            .selectAll('o')
            .where('o.state', '=', 'pending')
            .where('o.next_attempt_at', '<=', now)
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('outbox as e')
                    .select('e.id')
                    .whereRef('e.dossier_code', '=', 'o.dossier_code')
                    .whereRef('e.id', '<', 'o.id')
                    .where('e.state', '!=', 'delivered'),
                ),
              ),
            )
            .orderBy('o.next_attempt_at')
            .orderBy('o.id')
            .limit(limit),
        )
      ).map(toOutbox),
    // Compare-and-set: of two instances claiming one message, the second finds it no longer due.
    claimMessage: async (id, now, until) =>
      message(
        db
          .updateTable('outbox')
          .set({ next_attempt_at: until })
          .where('id', '=', id)
          .where('state', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .returningAll(),
      ),
    nextDueAt: async () =>
      (
        await first(
          x,
          db
            .selectFrom('outbox')
            .select((eb) => eb.fn.min('next_attempt_at').as('at'))
            .where('state', '=', 'pending'),
        )
      )?.at ?? null,
    outbox: async (centerId, state, limit) => {
      let query = db
        .selectFrom('outbox as o')
        .innerJoin('dossiers as d', 'd.code', 'o.dossier_code')
        .selectAll('o')
        .where('d.center_id', '=', centerId);
      if (state) query = query.where('o.state', '=', state);
      return (await x.rows(query.orderBy('o.id', 'desc').limit(limit))).map((r) => {
        const { payload: _payload, ...entry } = toOutbox(r);
        return entry;
      });
    },
    outboxCounts: async (centerId) => {
      const counts: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
      const rows = await x.rows(
        db
          .selectFrom('outbox as o')
          .innerJoin('dossiers as d', 'd.code', 'o.dossier_code')
          .select(['o.state', countAll.as('n')])
          .where('d.center_id', '=', centerId)
          .groupBy('o.state'),
      );
      for (const r of rows) counts[r.state] = r.n;
      return counts;
    },
    centerOfMessage: async (id) =>
      (
        await first(
          x,
          db
            .selectFrom('outbox as o')
            .innerJoin('dossiers as d', 'd.code', 'o.dossier_code')
            .select('d.center_id')
            .where('o.id', '=', id),
        )
      )?.center_id ?? null,
    // Once delivered, the copy of the applicant's data in the message goes: the dossier row keeps it.
    markDelivered: async (id, at) => {
      await x.run(
        db
          .updateTable('outbox')
          .set({
            state: 'delivered',
            delivered_at: at,
            attempts: sql<number>`attempts + 1`,
            last_error: null,
            payload: toJson({}),
          })
          .where('id', '=', id),
      );
    },
    markFailed: async (id, f) => {
      await x.run(
        db
          .updateTable('outbox')
          .set({
            state: f.dead ? 'dead' : 'pending',
            attempts: f.attempts,
            next_attempt_at: f.nextAttemptAt,
            last_error: f.error.slice(0, 500),
          })
          .where('id', '=', id),
      );
    },
    requeueMessage: async (id, at) => {
      await x.run(
        // Sent again: a new life, its maximum age counted from now.
        db
          .updateTable('outbox')
          .set({ state: 'pending', attempts: 0, next_attempt_at: at, created_at: at })
          .where('id', '=', id),
      );
    },

    setPayload: async (id, payload) => {
      await x.run(
        db
          .updateTable('outbox')
          .set({ payload: toJson(payload) })
          .where('id', '=', id),
      );
    },
    logAttempt: async (a) => {
      await x.run(
        db.insertInto('handoff_attempts').values({
          outbox_id: a.outboxId,
          dossier_code: a.dossierCode,
          at: a.at,
          request_id: a.requestId,
          outcome: a.outcome,
          detail: a.detail?.slice(0, 500) ?? null,
        }),
      );
    },
    attempts: async (centerId, outboxId, limit) => {
      let query = db
        .selectFrom('handoff_attempts as a')
        .innerJoin('dossiers as d', 'd.code', 'a.dossier_code')
        .selectAll('a')
        .where('d.center_id', '=', centerId);
      if (outboxId !== null) query = query.where('a.outbox_id', '=', outboxId);
      return (await x.rows(query.orderBy('a.id', 'desc').limit(limit))).map((r) => ({
        id: r.id,
        outboxId: r.outbox_id,
        dossierCode: r.dossier_code,
        at: r.at,
        requestId: r.request_id,
        outcome: r.outcome,
        detail: r.detail,
      }));
    },

    insertProvinceUpdate: async (u, receivedAt) =>
      (await x.run(
        db
          .insertInto('province_updates')
          .values({
            dossier_code: u.dossierCode,
            version: u.version,
            status: u.status,
            at: u.at,
            note: u.note,
            received_at: receivedAt,
          })
          .onConflict((oc) => oc.doNothing()),
      )) > 0,
    provinceUpdate: async (code, version) => {
      const r = await first(
        x,
        db.selectFrom('province_updates').selectAll().where('dossier_code', '=', code).where('version', '=', version),
      );
      return r ? toUpdate(r) : null;
    },
    markUpdateApplied: async (code, version, at) => {
      await x.run(
        db
          .updateTable('province_updates')
          .set({ applied_at: at })
          .where('dossier_code', '=', code)
          .where('version', '=', version),
      );
    },
  };
}
