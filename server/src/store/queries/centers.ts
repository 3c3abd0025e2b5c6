// Provinces, centers, service areas, counters and devices.
import type { Center, Counter, Device, Province, ServiceArea } from '@luot/contract';
import { first, type Sql } from '../db.ts';
import { toJson } from '../json.ts';
import { toArea, toCenter, toCounter, toDevice } from '../rows.ts';
import type { Tx } from '../store.ts';

export type CenterQueries = Pick<
  Tx,
  | 'province'
  | 'center'
  | 'areas'
  | 'counters'
  | 'updateCounter'
  | 'updateArea'
  | 'upsertProvince'
  | 'insertCenter'
  | 'insertArea'
  | 'insertCounter'
  | 'insertDevice'
>;

export function centerQueries({ db, x, d }: Sql): CenterQueries {
  return {
    province: async (id): Promise<Province | null> =>
      first(x, db.selectFrom('provinces').select(['id', 'code', 'name']).where('id', '=', id)),
    center: async (id, lock) => {
      // A deactivated center is gone for every live use; its history stays (administration reads it apart).
      const query = db.selectFrom('centers').selectAll().where('id', '=', id).where('active', '=', 1);
      const r = await first(x, lock ? d.lock(query, lock) : query);
      return r ? toCenter(r) : null;
    },
    areas: async (centerId) =>
      (
        await x.rows(
          db
            .selectFrom('service_areas')
            .selectAll()
            .where('center_id', '=', centerId)
            .where('active', '=', 1)
            .orderBy('sort')
            .orderBy('id'),
        )
      ).map(toArea),
    counters: async (centerId) =>
      (
        await x.rows(
          db
            .selectFrom('counters')
            .selectAll()
            .where('center_id', '=', centerId)
            .where('active', '=', 1)
            .orderBy('number'),
        )
      ).map(toCounter),

    updateCounter: async (c: Counter) => {
      await x.run(
        db
          .updateTable('counters')
          .set({
            name: c.name,
            area_ids: toJson(c.areaIds),
            state: c.state,
            pause_reason: c.pauseReason,
            officer: c.officer,
            current_ticket_id: c.currentTicketId,
          })
          .where('center_id', '=', c.centerId)
          .where('id', '=', c.id),
      );
    },
    updateArea: async (a: ServiceArea) => {
      await x.run(
        db
          .updateTable('service_areas')
          .set({
            name_vi: a.nameVi,
            name_en: a.nameEn,
            closed_on: a.closedOn,
            target_service_minutes: a.targetServiceMinutes,
            priority_streak: a.priorityStreak,
          })
          .where('center_id', '=', a.centerId)
          .where('id', '=', a.id),
      );
    },
    upsertProvince: async (p: Province) => {
      await x.run(
        db
          .insertInto('provinces')
          .values({ id: p.id, code: p.code, name: p.name })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ code: eb.ref('excluded.code'), name: eb.ref('excluded.name') })),
          ),
      );
    },
    insertCenter: async (c: Center) => {
      await x.run(
        db.insertInto('centers').values({
          id: c.id,
          province_id: c.provinceId,
          agency_code: c.agencyCode,
          stats_code: c.statsCode,
          name: c.name,
          commune: c.commune,
          address: c.address,
          settings: toJson(c.settings),
        }),
      );
    },
    insertArea: async (a: ServiceArea) => {
      await x.run(
        db.insertInto('service_areas').values({
          center_id: a.centerId,
          id: a.id,
          code: a.code,
          name_vi: a.nameVi,
          name_en: a.nameEn,
          block_start: a.blockStart,
          block_end: a.blockEnd,
          target_service_minutes: a.targetServiceMinutes,
          closed_on: a.closedOn,
          sort: a.sort,
          priority_streak: a.priorityStreak,
        }),
      );
    },
    insertCounter: async (c: Counter) => {
      await x.run(
        db.insertInto('counters').values({
          center_id: c.centerId,
          id: c.id,
          number: c.number,
          name: c.name,
          area_ids: toJson(c.areaIds),
          state: c.state,
          pause_reason: c.pauseReason,
          officer: c.officer,
          current_ticket_id: c.currentTicketId,
        }),
      );
    },
    insertDevice: async (dev: Device, createdAt: string) => {
      await x.run(
        db.insertInto('devices').values({
          id: dev.id,
          center_id: dev.centerId,
          kind: dev.kind,
          name: dev.name,
          counter_id: dev.counterId,
          kiosk_id: dev.kioskId,
          created_at: createdAt,
        }),
      );
    },
  };
}

/** Reads outside a transaction (Store). */
export function centerReads({ db, x }: Sql) {
  return {
    centers: async (): Promise<Center[]> =>
      (
        await x.rows(db.selectFrom('centers').selectAll().where('active', '=', 1).orderBy('province_id').orderBy('id'))
      ).map(toCenter),
    devices: async (centerId: string): Promise<Device[]> =>
      (await x.rows(db.selectFrom('devices').selectAll().where('center_id', '=', centerId).orderBy('id'))).map(
        toDevice,
      ),
  };
}
