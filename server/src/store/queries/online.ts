// One-time codes, online numbers' citizen side, appointment seats and blocked slots.
import { sql } from 'kysely';
import { countAll as count, first, type Sql } from '../db.ts';
import type { OnlineTx } from '../online.ts';
import { toTicket } from '../rows.ts';

export function onlineQueries({ db, x }: Sql): OnlineTx {
  return {
    insertCode: async (c) => {
      await x.run(db.insertInto('citizen_codes').values(c));
    },
    code: async (id) => first(x, db.selectFrom('citizen_codes').selectAll().where('id', '=', id)),
    countAttempt: async (id) =>
      (
        await first(
          x,
          db
            .updateTable('citizen_codes')
            .set({ attempts: sql<number>`attempts + 1` })
            .where('id', '=', id)
            .returning('attempts'),
        )
      )?.attempts ?? 0,
    useCode: async (id, at) =>
      (await x.run(
        db.updateTable('citizen_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null),
      )) > 0,
    codesSince: async (phoneDigest, since) =>
      (
        await first(
          x,
          db
            .selectFrom('citizen_codes')
            .select(count.as('n'))
            .where('phone_digest', '=', phoneDigest)
            .where('created_at', '>=', since),
        )
      )?.n ?? 0,

    deleteCodesBefore: async (at) => {
      await x.run(db.deleteFrom('citizen_codes').where('created_at', '<', at));
    },

    insertCitizenTicket: async (row) => {
      await x.run(db.insertInto('citizen_tickets').values(row));
    },
    citizenTicketByRef: async (ref) =>
      first(x, db.selectFrom('citizen_tickets').selectAll().where('checkin_ref', '=', ref)),
    holdingsOn: async (phoneDigest, day) => {
      const numbers = await first(
        x,
        db
          .selectFrom('citizen_tickets')
          .innerJoin('tickets', 'tickets.id', 'citizen_tickets.ticket_id')
          .select(count.as('n'))
          .where('citizen_tickets.phone_digest', '=', phoneDigest)
          .where('citizen_tickets.service_day', '=', day)
          .where('tickets.state', '<>', 'cancelled'),
      );
      const booked = await first(
        x,
        db
          .selectFrom('appointments')
          .select(count.as('n'))
          .where('phone_digest', '=', phoneDigest)
          .where('day', '=', day)
          .where('state', '<>', 'cancelled'),
      );
      return (numbers?.n ?? 0) + (booked?.n ?? 0);
    },
    turnPassedAt: async (t) =>
      (
        await first(
          x,
          db
            .selectFrom('tickets')
            .select((eb) => eb.fn.min('called_at').as('at'))
            .where('center_id', '=', t.centerId)
            .where('area_id', '=', t.areaId)
            .where('service_day', '=', t.serviceDay)
            .where('called_at', 'is not', null)
            .where((eb) =>
              eb.or([
                eb('queued_at', '>', t.queuedAt),
                eb.and([eb('queued_at', '=', t.queuedAt), eb('number', '>', t.number)]),
              ]),
            ),
        )
      )?.at ?? null,
    unconfirmedOnline: async (centerId, day) =>
      (
        await x.rows(
          db
            .selectFrom('tickets')
            .selectAll()
            .where('center_id', '=', centerId)
            .where('state', '=', 'waiting')
            .where('channel', '=', 'online')
            .where('confirmed_at', 'is', null)
            .where('service_day', '<=', day)
            .orderBy('queued_at')
            .orderBy('number'),
        )
      ).map(toTicket),

    insertAppointment: async (row) =>
      (
        await x.rows(
          db
            .insertInto('appointments')
            .values(row)
            .onConflict((oc) =>
              // The index's own predicate, word for word (SQLite matches a partial index's target textually).
              oc
                .columns(['center_id', 'area_id', 'day', 'time', 'seat'])
                .where(sql<boolean>`state <> 'cancelled'`)
                .doNothing(),
            )
            .returning('id'),
        )
      ).length > 0,
    appointmentByRef: async (ref) => first(x, db.selectFrom('appointments').selectAll().where('checkin_ref', '=', ref)),
    setAppointmentState: async (id, state, ticketId, at) => {
      await x.run(
        db.updateTable('appointments').set({ state, ticket_id: ticketId, updated_at: at }).where('id', '=', id),
      );
    },
    bookedSeats: async (centerId, areaId, day) =>
      new Map(
        (
          await x.rows(
            db
              .selectFrom('appointments')
              .select(['time', count.as('n')])
              .where('center_id', '=', centerId)
              .where('area_id', '=', areaId)
              .where('day', '=', day)
              .where('state', '<>', 'cancelled')
              .groupBy('time'),
          )
        ).map((r) => [r.time, r.n]),
      ),
    blockedTimes: async (centerId, areaId, day) =>
      new Set(
        (
          await x.rows(
            db
              .selectFrom('appointment_blocks')
              .select('time')
              .where('center_id', '=', centerId)
              .where('area_id', '=', areaId)
              .where('day', '=', day),
          )
        ).map((r) => r.time),
      ),
    setBlocked: async (centerId, areaId, day, time, blocked, by, at) => {
      const where = db
        .deleteFrom('appointment_blocks')
        .where('center_id', '=', centerId)
        .where('area_id', '=', areaId)
        .where('day', '=', day)
        .where('time', '=', time);
      if (!blocked) {
        await x.run(where);
        return;
      }
      await x.run(
        db
          .insertInto('appointment_blocks')
          .values({ center_id: centerId, area_id: areaId, day, time, blocked_by: by, blocked_at: at })
          .onConflict((oc) => oc.columns(['center_id', 'area_id', 'day', 'time']).doNothing()),
      );
    },
    appointmentsOn: async (centerId, day) =>
      x.rows(
        db
          .selectFrom('appointments')
          .leftJoin('tickets', 'tickets.id', 'appointments.ticket_id')
          .selectAll('appointments')
          .select('tickets.number as ticket_number')
          .where('appointments.center_id', '=', centerId)
          .where('appointments.day', '=', day)
          .orderBy('appointments.time')
          .orderBy('appointments.seat')
          .orderBy('appointments.created_at'),
      ),
  };
}
