// A center's past, written fast through the store: `days` service days before today, `perDay` tickets each, every
// ticket issued, called, served and finished with the events the queue service writes for it (the same shapes and
// sizes), one transaction per day. The live commands then run against this history.
import type { AreaView, CenterEvent, CenterEventType, CounterView, Ticket } from '@luot/contract';
import { callText } from '@luot/contract';
import { dossierCodeOf, serviceDayOf } from '../server/src/engine/service-day.ts';
import * as rules from '../server/src/engine/ticket.ts';
import { publicTicket } from '../server/src/queue/views.ts';
import type { Store } from '../server/src/store/store.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

export interface HistoryFigures {
  days: number;
  tickets: number;
  events: number;
  seconds: number;
}

export async function buildHistory(
  store: Store,
  centerId: string,
  days: number,
  perDay: number,
  today = new Date(),
): Promise<HistoryFigures> {
  const started = performance.now();
  const { center, areas, counters } = await store.transaction(async (tx) => ({
    center: (await tx.center(centerId))!,
    areas: await tx.areas(centerId),
    counters: await tx.counters(centerId),
  }));
  let tickets = 0;
  let events = 0;
  let n = 0;
  for (let d = days; d >= 1; d--) {
    // 07:30 in Vietnam, d days ago.
    const opening = Math.floor((today.getTime() + 7 * 3_600_000) / DAY - d) * DAY + 30 * MINUTE;
    const day = serviceDayOf(new Date(opening));
    await store.transaction(async (tx) => {
      const perArea = new Map<string, number>();
      const waiting = new Map(areas.map((a) => [a.id, perDay / areas.length]));
      for (let i = 0; i < perDay; i++) {
        n += 1;
        const area = areas[i % areas.length];
        const counter = counters.filter((c) => c.areaIds.includes(area.id))[i % 2] ?? counters[0];
        const seq = (perArea.get(area.id) ?? 0) + 1;
        perArea.set(area.id, seq);
        // The day's counters (numbers, dossier sequence) exist as rows; their values are not read again.
        if (seq === 1) await tx.nextSequence(centerId, `area:${area.id}`, day);
        if (i === 0) await tx.nextSequence(centerId, 'dossier', day);
        const dossierSeq = i + 1;
        const issuedAt = opening + (i * 8 * 60 * MINUTE) / perDay;
        const calledAt = issuedAt + 10 * MINUTE;
        const servingAt = calledAt + MINUTE;
        const finishedAt = servingAt + area.targetServiceMinutes * MINUTE;
        const iso = (t: number) => new Date(t).toISOString();
        const outcome = i % 25 === 0 ? 'no_show' : 'done';
        const base = rules.issue(
          {
            id: `h-${centerId}-${n}`,
            centerId,
            areaId: area.id,
            number: area.blockStart + seq - 1,
            serviceDay: day,
            priority: i % 10 === 0 ? 'elderly' : 'none',
            dossierCode: dossierCodeOf(center.agencyCode, day, dossierSeq),
            trackingSecret: 'HIST',
            kioskId: `${centerId}-kiosk-1`,
          },
          new Date(issuedAt),
        );
        const called = rules.call(base, counter, new Date(calledAt));
        const serving = rules.startServing(called, new Date(servingAt));
        const final =
          outcome === 'done'
            ? rules.complete(serving, new Date(finishedAt))
            : rules.markNoShow(called, new Date(calledAt + 3 * MINUTE));
        await tx.insertTicket(final, { key: `hist-${n}`, requestHash: 'history' });
        tickets += 1;
        const w = Math.max(0, Math.round(waiting.get(area.id)! - i / areas.length));
        const areaView: AreaView = {
          id: area.id,
          code: area.code,
          nameVi: area.nameVi,
          nameEn: area.nameEn,
          waiting: w,
          openCounters: 2,
          estimatedWaitMinutes: w * 5,
          accepting: true,
          closedToday: false,
        };
        const counterView = (t: Ticket | null): CounterView => ({
          id: counter.id,
          number: counter.number,
          name: counter.name,
          state: 'open',
          pauseReason: null,
          areaIds: counter.areaIds,
          staffed: true,
          current: t && publicTicket(t),
        });
        const steps: [CenterEventType, Ticket, number, boolean][] =
          outcome === 'done'
            ? [
                ['ticket:issued', base, issuedAt, false],
                ['ticket:called', called, calledAt, true],
                ['ticket:serving', serving, servingAt, true],
                ['ticket:completed', final, finishedAt, true],
              ]
            : [
                ['ticket:issued', base, issuedAt, false],
                ['ticket:called', called, calledAt, true],
                ['ticket:no_show', final, calledAt + 3 * MINUTE, true],
              ];
        for (const [type, t, at, atCounter] of steps) {
          const idle = type === 'ticket:completed' || type === 'ticket:no_show';
          await tx.appendEvent(
            centerId,
            (s): { event: CenterEvent; actor: string; ticketId: string; counterId: string | null; note: null } => ({
              event: {
                type,
                seq: s,
                centerId,
                at: iso(at),
                ticket: publicTicket(t),
                call:
                  type === 'ticket:called'
                    ? {
                        ticketId: t.id,
                        number: t.number,
                        areaId: t.areaId,
                        counterId: counter.id,
                        counterNumber: counter.number,
                        at: iso(at),
                        recall: 0,
                        text: callText(center.settings.callTemplate, t.number, counter.number),
                      }
                    : null,
                counters: atCounter ? [counterView(idle ? null : t)] : [],
                areas: type === 'ticket:serving' ? [] : [areaView],
              },
              actor: atCounter ? 'officer.bench' : `kiosk:${centerId}-kiosk-1`,
              ticketId: t.id,
              counterId: atCounter ? counter.id : null,
              note: null,
            }),
          );
          events += 1;
        }
      }
    });
  }
  return { days, tickets, events, seconds: +((performance.now() - started) / 1000).toFixed(1) };
}
