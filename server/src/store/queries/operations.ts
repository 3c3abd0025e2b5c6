// Operations: the province dashboard's and the alert evaluator's reads, each one statement over every center of
// the scope (a province, or all), and the alerts and alert rules.
import type { Alert } from '@luot/contract';
import { countAll, first, type Sql } from '../db.ts';
import { fromJson, toJson } from '../json.ts';
import type { CenterScope, OperationsTx } from '../operations.ts';
import type { Row } from '../schema.ts';

const toAlert = (r: Row<'alerts'>): Alert => ({
  id: r.id,
  centerId: r.center_id,
  kind: r.kind,
  subject: r.subject,
  severity: r.severity,
  messageVi: r.message_vi,
  messageEn: r.message_en,
  raisedAt: r.raised_at,
  clearedAt: r.cleared_at,
  ackedAt: r.acked_at,
  ackedBy: r.acked_by,
});

export function operationsQueries({ db, x }: Sql): OperationsTx {
  /** The ids of the scope's active centers, as a subquery. */
  const centersIn = ({ provinceId }: CenterScope) => {
    const q = db.selectFrom('centers').select('id').where('active', '=', 1);
    return provinceId === null ? q : q.where('province_id', '=', provinceId);
  };
  return {
    glanceCenters: async (scope) =>
      (
        await x.rows(
          db
            .selectFrom('centers')
            .select(['id', 'province_id', 'name', 'commune'])
            .where('id', 'in', centersIn(scope))
            .orderBy('id'),
        )
      ).map((r) => ({ id: r.id, provinceId: r.province_id, name: r.name, commune: r.commune })),

    areaLines: async (scope) => {
      const waiting = db
        .selectFrom('tickets')
        .select(['center_id', 'area_id', countAll.as('n'), (eb) => eb.fn.min('queued_at').as('oldest')])
        .where('state', '=', 'waiting')
        .where('center_id', 'in', centersIn(scope))
        .groupBy(['center_id', 'area_id'])
        .as('w');
      const rows = await x.rows(
        db
          .selectFrom('service_areas as a')
          .leftJoin(waiting, (j) => j.onRef('w.center_id', '=', 'a.center_id').onRef('w.area_id', '=', 'a.id'))
          .select(['a.center_id', 'a.id', 'a.name_vi', 'a.name_en', 'a.target_service_minutes', 'w.n', 'w.oldest'])
          .where('a.active', '=', 1)
          .where('a.center_id', 'in', centersIn(scope))
          .orderBy('a.center_id')
          .orderBy('a.sort'),
      );
      return rows.map((r) => ({
        centerId: r.center_id,
        areaId: r.id,
        nameVi: r.name_vi,
        nameEn: r.name_en,
        targetMinutes: r.target_service_minutes,
        waiting: r.n ?? 0,
        oldestQueuedAt: r.oldest ?? null,
      }));
    },

    counterGlances: async (scope) =>
      (
        await x.rows(
          db
            .selectFrom('counters')
            .select(['center_id', 'id', 'number', 'state', 'officer', 'current_ticket_id', 'area_ids'])
            .where('active', '=', 1)
            .where('center_id', 'in', centersIn(scope))
            .orderBy('center_id')
            .orderBy('number'),
        )
      ).map((r) => ({
        centerId: r.center_id,
        id: r.id,
        number: r.number,
        state: r.state,
        officer: r.officer,
        busy: r.current_ticket_id !== null,
        areaIds: fromJson(r.area_ids),
      })),

    deviceGlances: async (scope) =>
      (
        await x.rows(
          db
            .selectFrom('devices')
            .select([
              'id',
              'center_id',
              'kind',
              'name',
              'kiosk_id',
              'enrolled_at',
              'revoked_at',
              'last_seen_at',
              'status',
              'status_message',
            ])
            .where('center_id', 'in', centersIn(scope))
            .orderBy('id'),
        )
      ).map((r) => ({
        id: r.id,
        centerId: r.center_id,
        kind: r.kind,
        name: r.name,
        kioskId: r.kiosk_id,
        enrolled: r.enrolled_at !== null,
        revokedAt: r.revoked_at,
        lastSeenAt: r.last_seen_at,
        status: r.status,
        statusMessage: r.status_message,
      })),

    dayOutcomes: async (scope, day) => {
      const rows = await x.rows(
        db
          .selectFrom('tickets')
          .select(['center_id', 'state', countAll.as('n')])
          .where('center_id', 'in', centersIn(scope))
          .where('service_day', '=', day)
          .where('state', 'in', ['done', 'no_show'])
          .groupBy(['center_id', 'state']),
      );
      return rows.flatMap((r) =>
        r.state === 'done' || r.state === 'no_show' ? [{ centerId: r.center_id, key: r.state, n: r.n }] : [],
      );
    },

    outboxBacklog: async (scope) => {
      const rows = await x.rows(
        db
          .selectFrom('outbox as o')
          .innerJoin('dossiers as d', 'd.code', 'o.dossier_code')
          .select(['d.center_id', 'o.state', countAll.as('n')])
          .where('o.state', 'in', ['pending', 'dead'])
          .where('d.center_id', 'in', centersIn(scope))
          .groupBy(['d.center_id', 'o.state']),
      );
      return rows.flatMap((r) =>
        r.state === 'pending' || r.state === 'dead' ? [{ centerId: r.center_id, key: r.state, n: r.n }] : [],
      );
    },

    openAlerts: async (scope) =>
      (
        await x.rows(
          db
            .selectFrom('alerts')
            .selectAll()
            .where('cleared_at', 'is', null)
            .where('center_id', 'in', centersIn(scope))
            .orderBy('raised_at'),
        )
      ).map(toAlert),

    rulesOf: async (scope) =>
      (await x.rows(db.selectFrom('alert_rules').selectAll().where('center_id', 'in', centersIn(scope)))).map((r) => ({
        centerId: r.center_id,
        rules: fromJson(r.rules),
        updatedAt: r.updated_at,
        updatedBy: r.updated_by,
      })),

    raiseAlert: async (a) =>
      (await x.run(
        db
          .insertInto('alerts')
          .values({
            id: a.id,
            center_id: a.centerId,
            kind: a.kind,
            subject: a.subject,
            severity: a.severity,
            message_vi: a.messageVi,
            message_en: a.messageEn,
            raised_at: a.raisedAt,
            cleared_at: null,
            acked_at: null,
            acked_by: null,
          })
          .onConflict((oc) => oc.doNothing()),
      )) > 0,

    clearAlert: async (id, at) =>
      (await x.run(
        db.updateTable('alerts').set({ cleared_at: at }).where('id', '=', id).where('cleared_at', 'is', null),
      )) > 0,

    ackAlert: async (id, at, by) =>
      (await x.run(
        db.updateTable('alerts').set({ acked_at: at, acked_by: by }).where('id', '=', id).where('acked_at', 'is', null),
      )) > 0,

    alert: async (id) => {
      const r = await first(x, db.selectFrom('alerts').selectAll().where('id', '=', id));
      return r ? toAlert(r) : null;
    },

    alertsOf: async (centerId, openOnly, limit) => {
      const q = db
        .selectFrom('alerts')
        .selectAll()
        .where('center_id', '=', centerId)
        .orderBy('raised_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
      return (await x.rows(openOnly ? q.where('cleared_at', 'is', null) : q)).map(toAlert);
    },

    putRules: async (r) => {
      const values = { rules: toJson(r.rules), updated_at: r.updatedAt, updated_by: r.updatedBy };
      await x.run(
        db
          .insertInto('alert_rules')
          .values({ center_id: r.centerId, ...values })
          .onConflict((oc) => oc.column('center_id').doUpdateSet(values)),
      );
    },
  };
}
