// Personal data: retention statements, a person's data, consents for online numbers, requests and staff's views.
import type { ConsentRecord } from '@luot/contract';
import type { Compilable } from 'kysely';
import { countAll, first, type Sql } from '../db.ts';
import { fromJson, toJson } from '../json.ts';
import {
  CLOSED_DOSSIER_STATUSES,
  ERASED,
  type HeldCount,
  type PrivacyTx,
  type StoredPrivacyRequest,
} from '../privacy.ts';
import type { Row } from '../schema.ts';

const closed = [...CLOSED_DOSSIER_STATUSES];

const toRequest = (r: Row<'privacy_requests'>): StoredPrivacyRequest => ({
  id: r.id,
  provinceId: r.province_id,
  centerId: r.center_id,
  kind: r.kind,
  idNumber: r.id_number,
  phone: r.phone,
  detail: r.detail,
  receivedAt: r.received_at,
  receivedBy: r.received_by,
  replyDue: r.reply_due,
  completeDue: r.complete_due,
  state: r.state,
  repliedAt: r.replied_at,
  completedAt: r.completed_at,
  handledBy: r.handled_by,
  outcome: r.outcome === null ? null : fromJson(r.outcome),
});

const toOnlineConsent = (r: Row<'privacy_consents'>): ConsentRecord => ({
  id: r.id,
  source: 'online',
  ref: r.subject_ref,
  channel: r.channel,
  purpose: r.purpose,
  textShown: r.text_shown,
  textVersion: r.text_version,
  givenAt: r.given_at,
  endedAt: r.withdrawn_at,
  endedReason: r.withdrawn_reason,
});

export function privacyQueries({ db, x, d }: Sql): PrivacyTx {
  // Closed dossiers whose last step (the return, the withdrawal…) is before `before`.
  const closedBefore = (before: string) =>
    db
      .selectFrom('dossiers as d')
      .where('d.status', 'in', closed)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('dossier_steps as s')
              .select('s.n')
              .whereRef('s.dossier_code', '=', 'd.code')
              .where('s.at', '>=', before),
          ),
        ),
      );

  return {
    closedDossiersHolding: async (before, limit) =>
      (
        await x.rows(
          closedBefore(before)
            .select(['d.code', 'd.applicant'])
            .where('d.anonymised_at', 'is', null)
            .orderBy('d.code')
            .limit(limit),
        )
      ).map((r) => ({ code: r.code, applicant: fromJson(r.applicant) })),
    closedDossiersWithDetails: async (before, limit) =>
      (
        await x.rows(
          closedBefore(before)
            .select('d.code')
            .where((eb) =>
              eb.or([
                eb('d.fields', '<>', '{}'),
                eb('d.notes', 'is not', null),
                eb('d.delivery', 'is not', null),
                eb.exists(eb.selectFrom('dossier_files as f').select('f.id').whereRef('f.dossier_code', '=', 'd.code')),
                eb.exists(
                  eb
                    .selectFrom('feedback as fb')
                    .select('fb.id')
                    .whereRef('fb.dossier_code', '=', 'd.code')
                    .where('fb.content', '<>', ERASED),
                ),
              ]),
            )
            .orderBy('d.code')
            .limit(limit),
        )
      ).map((r) => r.code),
    anonymiseApplicant: async (code, applicant, at) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({ applicant: toJson(applicant), anonymised_at: at })
          .where('code', '=', code),
      );
    },
    clearDossierDetails: async (code) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({ fields: toJson({}), notes: null, delivery: null })
          .where('code', '=', code),
      );
      await x.run(db.updateTable('dossier_steps').set({ note: null }).where('dossier_code', '=', code));
      await x.run(db.updateTable('province_updates').set({ note: null }).where('dossier_code', '=', code));
      // The scans go, and their bytes once no other dossier's file points at them; feedback rows stay as counts.
      await x.run(db.deleteFrom('dossier_files').where('dossier_code', '=', code));
      await x.run(
        db
          .deleteFrom('file_blobs')
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('dossier_files as f').select('f.id').whereRef('f.sha256', '=', 'file_blobs.sha256'))),
          ),
      );
      await x.run(
        db
          .updateTable('feedback')
          .set((eb) => ({
            content: ERASED,
            answer: eb.case().when('answer', 'is', null).then(null).else(ERASED).end(),
          }))
          .where('dossier_code', '=', code),
      );
    },
    clearSyncPayloads: async (before, codes) => {
      if (before === null && codes.length === 0) return 0;
      const n = await x.run(
        db
          .updateTable('outbox')
          .set({ payload: toJson({}), last_error: null })
          .where('state', '<>', 'pending')
          .where('payload', '<>', '{}')
          .where((eb) => (before === null ? eb('dossier_code', 'in', codes) : eb('created_at', '<', before))),
      );
      await x.run(
        db
          .updateTable('handoff_attempts')
          .set({ detail: null })
          .where('detail', 'is not', null)
          .where((eb) => (before === null ? eb('dossier_code', 'in', codes) : eb('at', '<', before))),
      );
      return n;
    },
    eraseTicketLinks: async (beforeDay, before) => ({
      citizen_tickets: await x.run(
        db
          .updateTable('citizen_tickets')
          .set({ phone_digest: ERASED })
          .where('service_day', '<', beforeDay)
          .where('phone_digest', '<>', ERASED),
      ),
      appointments: await x.run(
        db
          .updateTable('appointments')
          .set({ phone_digest: ERASED, phone_hint: '' })
          .where('day', '<', beforeDay)
          .where('phone_digest', '<>', ERASED),
      ),
      citizen_codes: await x.run(db.deleteFrom('citizen_codes').where('created_at', '<', before)),
      privacy_consents: await x.run(
        db
          .updateTable('privacy_consents')
          .set({ phone_digest: null })
          .where('given_at', '<', before)
          .where('phone_digest', 'is not', null),
      ),
      ratings: await x.run(
        db
          .updateTable('ratings')
          .set({ comment: null })
          .where('service_day', '<', beforeDay)
          .where('comment', 'is not', null),
      ),
    }),
    ticketsWithEndedSubscriptions: async (beforeDay, limit) =>
      (
        await x.rows(
          db
            .selectFrom('notify_subscriptions as s')
            .innerJoin('tickets as t', 't.id', 's.ticket_id')
            .leftJoin('dossiers as d', 'd.ticket_id', 't.id')
            .select('s.ticket_id')
            .distinct()
            .where('t.service_day', '<', beforeDay)
            .where((eb) => eb.or([eb('d.code', 'is', null), eb('d.status', 'in', closed)]))
            .orderBy('s.ticket_id')
            .limit(limit),
        )
      ).map((r) => r.ticket_id),
    forgetRequesters: (before) =>
      x.run(
        db
          .updateTable('privacy_requests')
          .set({ id_number: null, phone: null, detail: null })
          .where('state', 'in', ['completed', 'refused'])
          .where('completed_at', '<', before)
          .where((eb) => eb.or([eb('id_number', 'is not', null), eb('phone', 'is not', null)])),
      ),
    insertRetentionRun: async (at, counts) => {
      await x.run(db.insertInto('retention_runs').values({ at, counts: toJson(counts) }));
    },
    retentionRuns: async (limit) =>
      (await x.rows(db.selectFrom('retention_runs').selectAll().orderBy('id', 'desc').limit(limit))).map((r) => ({
        id: r.id,
        at: r.at,
        counts: fromJson(r.counts),
      })),

    dossiersOfPerson: async (centerIds, idNumber, phones) => {
      if (centerIds.length === 0 || (idNumber === null && phones.length === 0)) return [];
      const rows = await x.rows(
        db
          .selectFrom('dossiers')
          .select([
            'code',
            'ticket_id',
            'center_id',
            'status',
            'procedure_name',
            'received_at',
            'applicant',
            'anonymised_at',
          ])
          .where('center_id', 'in', centerIds)
          .where((eb) =>
            eb.or([
              ...(idNumber === null ? [] : [eb(d.jsonText('applicant', ['idNumber']), '=', idNumber)]),
              ...(phones.length ? [eb(d.jsonText('applicant', ['phone']), 'in', phones)] : []),
            ]),
          )
          .orderBy('received_at'),
      );
      return rows.map((r) => ({
        code: r.code,
        ticketId: r.ticket_id,
        centerId: r.center_id,
        status: r.status,
        procedureName: r.procedure_name,
        receivedAt: r.received_at,
        applicant: fromJson(r.applicant),
        anonymised: r.anonymised_at !== null,
      }));
    },
    correctApplicant: async (code, applicant) => {
      await x.run(
        db
          .updateTable('dossiers')
          .set({ applicant: toJson(applicant) })
          .where('code', '=', code),
      );
    },
    subscriptionsOf: async (phones, ticketIds) => {
      if (phones.length === 0 && ticketIds.length === 0) return [];
      return (
        await x.rows(
          db
            .selectFrom('notify_subscriptions')
            .select(['id', 'ticket_id'])
            .where((eb) =>
              eb.or([
                ...(phones.length ? [eb.and([eb('channel', '=', 'sms'), eb('address', 'in', phones)])] : []),
                ...(ticketIds.length ? [eb('ticket_id', 'in', ticketIds)] : []),
              ]),
            ),
        )
      ).map((r) => ({ id: r.id, ticketId: r.ticket_id }));
    },
    digestHolders: async (digest) => ({
      onlineTickets:
        (await first(x, db.selectFrom('citizen_tickets').select(countAll.as('n')).where('phone_digest', '=', digest)))
          ?.n ?? 0,
      appointments:
        (await first(x, db.selectFrom('appointments').select(countAll.as('n')).where('phone_digest', '=', digest)))
          ?.n ?? 0,
      codes:
        (await first(x, db.selectFrom('citizen_codes').select(countAll.as('n')).where('phone_digest', '=', digest)))
          ?.n ?? 0,
    }),
    eraseDigest: async (digest, at, reason) => ({
      citizen_tickets: await x.run(
        db.updateTable('citizen_tickets').set({ phone_digest: ERASED }).where('phone_digest', '=', digest),
      ),
      appointments: await x.run(
        db.updateTable('appointments').set({ phone_digest: ERASED, phone_hint: '' }).where('phone_digest', '=', digest),
      ),
      citizen_codes: await x.run(db.deleteFrom('citizen_codes').where('phone_digest', '=', digest)),
      privacy_consents: await x.run(
        db
          .updateTable('privacy_consents')
          .set((eb) => ({
            phone_digest: null,
            withdrawn_at: eb.fn.coalesce('withdrawn_at', eb.val(at)),
            withdrawn_reason: eb.fn.coalesce('withdrawn_reason', eb.val(reason)),
          }))
          .where('phone_digest', '=', digest),
      ),
    }),
    clearComments: (ticketIds) =>
      ticketIds.length
        ? x.run(
            db
              .updateTable('ratings')
              .set({ comment: null })
              .where('ticket_id', 'in', ticketIds)
              .where('comment', 'is not', null),
          )
        : Promise.resolve(0),

    insertOnlineConsent: async (c) => {
      await x.run(
        db.insertInto('privacy_consents').values({
          id: c.id,
          center_id: c.centerId,
          purpose: c.purpose,
          subject_ref: c.subjectRef,
          phone_digest: c.phoneDigest,
          channel: c.channel,
          text_shown: c.textShown,
          text_version: c.textVersion,
          given_at: c.givenAt,
        }),
      );
    },
    onlineConsentsOf: async (digest) =>
      (
        await x.rows(
          db.selectFrom('privacy_consents').selectAll().where('phone_digest', '=', digest).orderBy('given_at'),
        )
      ).map(toOnlineConsent),
    consents: async (centerIds, limit) => {
      if (centerIds.length === 0) return [];
      const notify = await x.rows(
        db
          .selectFrom('notify_consents as c')
          .innerJoin('tickets as t', 't.id', 'c.ticket_id')
          .selectAll('c')
          .where('t.center_id', 'in', centerIds)
          .orderBy('c.given_at', 'desc')
          .limit(limit),
      );
      const online = await x.rows(
        db
          .selectFrom('privacy_consents')
          .selectAll()
          .where('center_id', 'in', centerIds)
          .orderBy('given_at', 'desc')
          .limit(limit),
      );
      return [
        ...notify.map((r): ConsentRecord => ({
          id: r.id,
          source: 'notify',
          ref: r.ticket_id,
          channel: r.channel,
          purpose: r.purpose,
          textShown: r.text_shown,
          textVersion: r.text_version,
          givenAt: r.given_at,
          endedAt: r.ended_at,
          endedReason: r.ended_reason,
        })),
        ...online.map(toOnlineConsent),
      ]
        .sort((a, b) => (a.givenAt < b.givenAt ? 1 : a.givenAt > b.givenAt ? -1 : 0))
        .slice(0, limit);
    },
    endConsent: async (id, at, reason) => {
      const n = await first(
        x,
        db
          .updateTable('notify_consents')
          .set({ ended_at: at, ended_reason: reason })
          .where('id', '=', id)
          .where('ended_at', 'is', null)
          .returning('ticket_id'),
      );
      if (n) return { source: 'notify', ref: n.ticket_id };
      const o = await first(
        x,
        db
          .updateTable('privacy_consents')
          .set({ withdrawn_at: at, withdrawn_reason: reason })
          .where('id', '=', id)
          .where('withdrawn_at', 'is', null)
          .returning(['subject_ref', 'phone_digest']),
      );
      return o ? { source: 'online', ref: o.subject_ref } : null;
    },

    insertRequest: async (r) => {
      await x.run(
        db.insertInto('privacy_requests').values({
          id: r.id,
          province_id: r.provinceId,
          center_id: r.centerId,
          kind: r.kind,
          id_number: r.idNumber,
          phone: r.phone,
          detail: r.detail,
          received_at: r.receivedAt,
          received_by: r.receivedBy,
          reply_due: r.replyDue,
          complete_due: r.completeDue,
          state: r.state,
          replied_at: r.repliedAt,
          completed_at: r.completedAt,
          handled_by: r.handledBy,
          outcome: r.outcome === null ? null : toJson(r.outcome),
        }),
      );
    },
    request: async (id) => {
      const r = await first(x, db.selectFrom('privacy_requests').selectAll().where('id', '=', id));
      return r ? toRequest(r) : null;
    },
    requests: async (centerIds, state, limit) =>
      centerIds.length === 0
        ? []
        : (
            await x.rows(
              db
                .selectFrom('privacy_requests')
                .selectAll()
                .where('center_id', 'in', centerIds)
                .$if(state !== null, (q) => q.where('state', '=', state!))
                .orderBy('received_at', 'desc')
                .orderBy('id')
                .limit(limit),
            )
          ).map(toRequest),
    updateRequest: async (r) => {
      await x.run(
        db
          .updateTable('privacy_requests')
          .set({
            id_number: r.idNumber,
            phone: r.phone,
            detail: r.detail,
            state: r.state,
            replied_at: r.repliedAt,
            completed_at: r.completedAt,
            handled_by: r.handledBy,
            outcome: r.outcome === null ? null : toJson(r.outcome),
          })
          .where('id', '=', r.id),
      );
    },
    insertView: async (v) => {
      await x.run(
        db.insertInto('personal_data_views').values({
          at: v.at,
          actor: v.actor,
          role: v.role,
          province_id: v.provinceId,
          center_id: v.centerId,
          what: v.what,
          ref: v.ref,
        }),
      );
    },
    views: async (centerIds, ref, limit) =>
      centerIds.length === 0
        ? []
        : (
            await x.rows(
              db
                .selectFrom('personal_data_views')
                .selectAll()
                .where('center_id', 'in', centerIds)
                .$if(ref !== null, (q) => q.where('ref', '=', ref!))
                .orderBy('id', 'desc')
                .limit(limit),
            )
          ).map((r) => ({
            id: r.id,
            at: r.at,
            actor: r.actor,
            role: r.role,
            centerId: r.center_id,
            what: r.what,
            ref: r.ref,
          })),

    heldCounts: async (centerIds): Promise<Record<string, HeldCount>> => {
      if (centerIds.length === 0) return {};
      const count = async (query: Compilable<{ n: number }>) => (await first(x, query))?.n ?? 0;
      const dossiers = db.selectFrom('dossiers').select(countAll.as('n')).where('center_id', 'in', centerIds);
      return {
        applicant: {
          held: await count(dossiers.where('anonymised_at', 'is', null)),
          anonymised: await count(dossiers.where('anonymised_at', 'is not', null)),
        },
        documents: {
          held: await count(
            dossiers.where((eb) =>
              eb.or([eb('fields', '<>', '{}'), eb('notes', 'is not', null), eb('delivery', 'is not', null)]),
            ),
          ),
          anonymised: await count(
            dossiers.where('fields', '=', '{}').where('notes', 'is', null).where('delivery', 'is', null),
          ),
        },
        phones: {
          held: await count(
            db.selectFrom('notify_subscriptions').select(countAll.as('n')).where('center_id', 'in', centerIds),
          ),
          anonymised: 0,
        },
        ticketLinks: {
          held:
            (await count(
              db
                .selectFrom('citizen_tickets')
                .select(countAll.as('n'))
                .where('center_id', 'in', centerIds)
                .where('phone_digest', '<>', ERASED),
            )) +
            (await count(
              db
                .selectFrom('appointments')
                .select(countAll.as('n'))
                .where('center_id', 'in', centerIds)
                .where('phone_digest', '<>', ERASED),
            )),
          anonymised:
            (await count(
              db
                .selectFrom('citizen_tickets')
                .select(countAll.as('n'))
                .where('center_id', 'in', centerIds)
                .where('phone_digest', '=', ERASED),
            )) +
            (await count(
              db
                .selectFrom('appointments')
                .select(countAll.as('n'))
                .where('center_id', 'in', centerIds)
                .where('phone_digest', '=', ERASED),
            )),
        },
        logs: {
          held: await count(
            db
              .selectFrom('outbox as o')
              .innerJoin('dossiers as d', 'd.code', 'o.dossier_code')
              .select(countAll.as('n'))
              .where('d.center_id', 'in', centerIds)
              .where('o.payload', '<>', '{}'),
          ),
          anonymised: await count(
            db
              .selectFrom('outbox as o')
              .innerJoin('dossiers as d', 'd.code', 'o.dossier_code')
              .select(countAll.as('n'))
              .where('d.center_id', 'in', centerIds)
              .where('o.payload', '=', '{}'),
          ),
        },
        consents: {
          held:
            (await count(
              db
                .selectFrom('notify_consents as c')
                .innerJoin('tickets as t', 't.id', 'c.ticket_id')
                .select(countAll.as('n'))
                .where('t.center_id', 'in', centerIds),
            )) +
            (await count(
              db.selectFrom('privacy_consents').select(countAll.as('n')).where('center_id', 'in', centerIds),
            )),
          anonymised: 0,
        },
      };
    },
  };
}
