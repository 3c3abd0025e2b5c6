// Administration: a province's configuration in a few reads, written back in batched upserts.
import { countAll, type Sql } from '../db.ts';
import { fromJson, toJson } from '../json.ts';
import type { AdminTx, StoredArea, StoredCenter, StoredCounter, StoredDevice } from '../admin.ts';

/** Rows per multi-row statement: well under both stores' limits on bound parameters. */
const CHUNK = 200;
const chunks = <T>(rows: T[]): T[][] =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

export function adminQueries({ db, x }: Sql): AdminTx {
  const ofProvince = (provinceId: string) =>
    db.selectFrom('centers').select('id').where('province_id', '=', provinceId);
  return {
    provinceState: async (provinceId) => {
      const province = (
        await x.rows(db.selectFrom('provinces').select(['id', 'code', 'name']).where('id', '=', provinceId))
      )[0];
      const centers = (
        await x.rows(db.selectFrom('centers').selectAll().where('province_id', '=', provinceId).orderBy('id'))
      ).map((r): StoredCenter => ({
        id: r.id,
        provinceId: r.province_id,
        agencyCode: r.agency_code,
        statsCode: r.stats_code,
        name: r.name,
        commune: r.commune,
        address: r.address,
        timeZone: r.time_zone,
        active: r.active === 1,
        settings: fromJson(r.settings),
      }));
      const areas = (
        await x.rows(
          db
            .selectFrom('service_areas')
            .selectAll()
            .where('center_id', 'in', ofProvince(provinceId))
            .orderBy('center_id')
            .orderBy('sort')
            .orderBy('id'),
        )
      ).map((r): StoredArea => ({
        centerId: r.center_id,
        id: r.id,
        code: r.code,
        nameVi: r.name_vi,
        nameEn: r.name_en,
        blockStart: r.block_start,
        blockEnd: r.block_end,
        targetServiceMinutes: r.target_service_minutes,
        icon: r.icon,
        active: r.active === 1,
        sort: r.sort,
      }));
      const counters = (
        await x.rows(
          db
            .selectFrom('counters')
            .selectAll()
            .where('center_id', 'in', ofProvince(provinceId))
            .orderBy('center_id')
            .orderBy('number'),
        )
      ).map((r): StoredCounter => ({
        centerId: r.center_id,
        id: r.id,
        number: r.number,
        name: r.name,
        areaIds: fromJson(r.area_ids),
        active: r.active === 1,
        officer: r.officer,
        currentTicketId: r.current_ticket_id,
      }));
      const devices = (
        await x.rows(
          db
            .selectFrom('devices')
            .selectAll()
            .where('center_id', 'in', ofProvince(provinceId))
            .orderBy('center_id')
            .orderBy('id'),
        )
      ).map((r): StoredDevice => ({
        centerId: r.center_id,
        id: r.id,
        kind: r.kind,
        name: r.name,
        counterId: r.counter_id,
        ...(r.kiosk_id ? { kioskId: r.kiosk_id } : {}),
      }));
      const staff = (
        await x.rows(db.selectFrom('users').selectAll().where('province_id', '=', provinceId).orderBy('username'))
      ).map((r) => ({
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        centerId: r.center_id,
        active: r.active === 1,
      }));
      const hours = new Map(
        (await x.rows(db.selectFrom('center_hours').selectAll().where('center_id', 'in', ofProvince(provinceId)))).map(
          (r) => [r.center_id, { hours: fromJson(r.hours), updatedAt: r.updated_at, updatedBy: r.updated_by }],
        ),
      );
      return { province: province ?? null, centers, areas, counters, devices, staff, hours };
    },
    taken: async (provinceId) => {
      const centers = await x.rows(
        db.selectFrom('centers').select(['id', 'agency_code']).where('province_id', '<>', provinceId),
      );
      const users = await x.rows(db.selectFrom('users').select('username').where('province_id', '<>', provinceId));
      return {
        centerIds: new Set(centers.map((c) => c.id)),
        agencyCodes: new Set(centers.map((c) => c.agency_code)),
        usernames: new Set(users.map((u) => u.username)),
      };
    },
    liveTicketsByArea: async (centerIds, serviceDay) => {
      if (centerIds.length === 0) return new Map();
      const rows = await x.rows(
        db
          .selectFrom('tickets')
          .select(['center_id', 'area_id', countAll.as('n')])
          .where('center_id', 'in', centerIds)
          .where('service_day', '=', serviceDay)
          .where('state', 'in', ['waiting', 'called', 'serving', 'held'])
          .groupBy(['center_id', 'area_id']),
      );
      return new Map(rows.map((r) => [`${r.center_id}/${r.area_id}`, r.n]));
    },
    upsertCenters: async (rows) => {
      for (const part of chunks(rows))
        await x.run(
          db
            .insertInto('centers')
            .values(
              part.map((c) => ({
                id: c.id,
                province_id: c.provinceId,
                agency_code: c.agencyCode,
                stats_code: c.statsCode,
                name: c.name,
                commune: c.commune,
                address: c.address,
                settings: toJson(c.settings),
                time_zone: c.timeZone,
                active: c.active ? 1 : 0,
              })),
            )
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                agency_code: eb.ref('excluded.agency_code'),
                stats_code: eb.ref('excluded.stats_code'),
                name: eb.ref('excluded.name'),
                commune: eb.ref('excluded.commune'),
                address: eb.ref('excluded.address'),
                settings: eb.ref('excluded.settings'),
                time_zone: eb.ref('excluded.time_zone'),
                active: eb.ref('excluded.active'),
              })),
            ),
        );
    },
    upsertAreas: async (rows) => {
      for (const part of chunks(rows))
        await x.run(
          db
            .insertInto('service_areas')
            .values(
              part.map((a) => ({
                center_id: a.centerId,
                id: a.id,
                code: a.code,
                name_vi: a.nameVi,
                name_en: a.nameEn,
                block_start: a.blockStart,
                block_end: a.blockEnd,
                target_service_minutes: a.targetServiceMinutes,
                closed_on: null,
                sort: a.sort,
                icon: a.icon,
                active: a.active ? 1 : 0,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['center_id', 'id']).doUpdateSet((eb) => ({
                code: eb.ref('excluded.code'),
                name_vi: eb.ref('excluded.name_vi'),
                name_en: eb.ref('excluded.name_en'),
                block_start: eb.ref('excluded.block_start'),
                block_end: eb.ref('excluded.block_end'),
                target_service_minutes: eb.ref('excluded.target_service_minutes'),
                sort: eb.ref('excluded.sort'),
                icon: eb.ref('excluded.icon'),
                active: eb.ref('excluded.active'),
              })),
            ),
        );
    },
    upsertCounters: async (rows) => {
      for (const part of chunks(rows))
        await x.run(
          db
            .insertInto('counters')
            .values(
              part.map((c) => ({
                center_id: c.centerId,
                id: c.id,
                number: c.number,
                name: c.name,
                area_ids: toJson(c.areaIds),
                state: 'open' as const,
                pause_reason: null,
                officer: null,
                current_ticket_id: null,
                active: c.active ? 1 : 0,
              })),
            )
            .onConflict((oc) =>
              oc.columns(['center_id', 'id']).doUpdateSet((eb) => ({
                number: eb.ref('excluded.number'),
                name: eb.ref('excluded.name'),
                area_ids: eb.ref('excluded.area_ids'),
                active: eb.ref('excluded.active'),
              })),
            ),
        );
    },
    upsertDevices: async (rows) => {
      for (const part of chunks(rows))
        await x.run(
          db
            .insertInto('devices')
            .values(
              part.map((d) => ({
                id: d.id,
                center_id: d.centerId,
                kind: d.kind,
                name: d.name,
                counter_id: d.counterId,
                kiosk_id: d.kioskId ?? null,
              })),
            )
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                kind: eb.ref('excluded.kind'),
                name: eb.ref('excluded.name'),
                counter_id: eb.ref('excluded.counter_id'),
                kiosk_id: eb.ref('excluded.kiosk_id'),
              })),
            ),
        );
    },
    upsertStaff: async (rows) => {
      for (const part of chunks(rows))
        await x.run(
          db
            .insertInto('users')
            .values(
              part.map((u) => ({
                username: u.username,
                display_name: u.displayName,
                role: u.role,
                province_id: u.provinceId,
                center_id: u.centerId,
                password_hash: u.passwordHash,
                active: u.active ? 1 : 0,
                created_at: u.createdAt,
                must_change_password: u.mustChangePassword ? 1 : 0,
              })),
            )
            .onConflict((oc) =>
              oc.column('username').doUpdateSet((eb) => ({
                display_name: eb.ref('excluded.display_name'),
                role: eb.ref('excluded.role'),
                center_id: eb.ref('excluded.center_id'),
                active: eb.ref('excluded.active'),
              })),
            ),
        );
      // A deactivated account signs out at once.
      const off = rows.filter((u) => !u.active).map((u) => u.username);
      if (off.length) await x.run(db.deleteFrom('sessions').where('username', 'in', off));
    },
    setPassword: async (username, passwordHash, mustChange) => {
      await x.run(db.deleteFrom('sessions').where('username', '=', username));
      const n = await x.run(
        db
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
          .where('username', '=', username),
      );
      return n === 1;
    },
  };
}
