// The officer's desk (see ../desk.ts): parked and absent tickets of a day, a counter's auto-call setting, an
// officer's count of the day, the hall's text line, the center's call template, and a reprint of a print job.
import { countAll, first, type Sql } from '../db.ts';
import type { DeskTx } from '../desk.ts';
import { fromJson, toJson } from '../json.ts';
import { toTicket } from '../rows.ts';

export function deskQueries({ db, x, d }: Sql): DeskTx {
  return {
    parked: async (centerId, day) => {
      const rows = await x.rows(
        db
          .selectFrom('tickets as t')
          .selectAll('t')
          .select((eb) =>
            eb
              .case()
              .when('t.state', '=', 'held')
              // When it was parked: the last 'ticket:held' of its log.
              .then(
                eb
                  .selectFrom('events as e')
                  .select((e) => e.fn.max('e.at').as('at'))
                  .whereRef('e.ticket_id', '=', 't.id')
                  .where('e.type', '=', 'ticket:held')
                  .$asScalar(),
              )
              .else(eb.ref('t.finished_at'))
              .end()
              .as('since'),
          )
          .where('t.center_id', '=', centerId)
          .where('t.service_day', '=', day)
          .where('t.state', 'in', ['held', 'no_show'])
          .orderBy('t.queued_at')
          .orderBy('t.number'),
      );
      return rows.map((r) => ({ ticket: toTicket(r), since: r.since ?? null }));
    },
    autoCall: async (centerId, counterId) =>
      (
        await first(
          x,
          db
            .selectFrom('counter_settings')
            .select('auto_call')
            .where('center_id', '=', centerId)
            .where('counter_id', '=', counterId),
        )
      )?.auto_call === 1,
    setAutoCall: async (centerId, counterId, on) => {
      await x.run(
        db
          .insertInto('counter_settings')
          .values({ center_id: centerId, counter_id: counterId, auto_call: on ? 1 : 0 })
          .onConflict((oc) =>
            oc.columns(['center_id', 'counter_id']).doUpdateSet((eb) => ({ auto_call: eb.ref('excluded.auto_call') })),
          ),
      );
    },
    officerDay: async (centerId, day, actor) => {
      const rows = await x.rows(
        db
          .selectFrom('tickets as t')
          .innerJoin('events as e', 'e.ticket_id', 't.id')
          .select(['e.type', countAll.as('n')])
          .where('t.center_id', '=', centerId)
          .where('t.service_day', '=', day)
          .where('e.actor', '=', actor)
          .where('e.type', 'in', ['ticket:completed', 'ticket:no_show'])
          .groupBy('e.type'),
      );
      const counts = new Map(rows.map((r) => [r.type, Number(r.n)]));
      return { served: counts.get('ticket:completed') ?? 0, noShows: counts.get('ticket:no_show') ?? 0 };
    },
    announcement: async (centerId) =>
      (await first(x, db.selectFrom('center_notices').select('text').where('center_id', '=', centerId)))?.text ?? null,
    setAnnouncement: async (centerId, text, at, by) => {
      if (text === null) {
        await x.run(db.deleteFrom('center_notices').where('center_id', '=', centerId));
        return;
      }
      await x.run(
        db
          .insertInto('center_notices')
          .values({ center_id: centerId, text, set_at: at, set_by: by })
          .onConflict((oc) =>
            oc.column('center_id').doUpdateSet((eb) => ({
              text: eb.ref('excluded.text'),
              set_at: eb.ref('excluded.set_at'),
              set_by: eb.ref('excluded.set_by'),
            })),
          ),
      );
    },
    setCallTemplate: async (centerId, template) => {
      // Read, change and write the settings document under the center's row lock: the same on both stores.
      const row = await first(
        x,
        d.lock(db.selectFrom('centers').select('settings').where('id', '=', centerId), 'update'),
      );
      if (!row) return;
      await x.run(
        db
          .updateTable('centers')
          .set({ settings: toJson({ ...fromJson(row.settings), callTemplate: template }) })
          .where('id', '=', centerId),
      );
    },
    requeuePrintJob: async (jobId, at) =>
      (await x.run(
        db
          .updateTable('print_jobs')
          .set({ state: 'queued', message: null, created_at: at, updated_at: at })
          .where('id', '=', jobId)
          .where('state', 'in', ['failed', 'expired']),
      )) === 1,
  };
}
