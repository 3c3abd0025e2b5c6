// What displays, kiosks and officers see of a center, computed inside the transaction that changed it.
import {
  type AreaView,
  type CallView,
  type Center,
  type Counter,
  type CounterView,
  type PublicTicket,
  type ServiceArea,
  type Ticket,
  callText,
} from '@luot/contract';
import { averageServiceMinutes, estimatedWaitMinutes, ROLLING_WINDOW } from '../engine/estimate.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import { isPriority } from '../engine/ticket.ts';
import type { Tx } from '../store/store.ts';

export interface CenterState {
  center: Center;
  areas: ServiceArea[];
  counters: Counter[];
}

export const publicTicket = (t: Ticket): PublicTicket => ({
  id: t.id,
  number: t.number,
  areaId: t.areaId,
  priority: isPriority(t),
  state: t.state,
  counterId: t.counterId,
});

export const openCountersFor = (state: CenterState, areaId: string) =>
  state.counters.filter((c) => c.state === 'open' && c.areaIds.includes(areaId)).length;

export async function averageMinutesOf(tx: Tx, area: ServiceArea): Promise<number> {
  return averageServiceMinutes(
    await tx.recentServiceMs(area.centerId, area.id, ROLLING_WINDOW),
    area.targetServiceMinutes,
  );
}

export async function areaViews(tx: Tx, state: CenterState, now: Date, areaIds?: string[]): Promise<AreaView[]> {
  const today = serviceDayOf(now);
  const areas = areaIds ? state.areas.filter((a) => areaIds.includes(a.id)) : state.areas;
  return Promise.all(
    areas.map(async (area) => {
      const waiting = await tx.waitingCount(area.centerId, area.id);
      const openCounters = openCountersFor(state, area.id);
      const closedToday = area.closedOn === today;
      return {
        id: area.id,
        code: area.code,
        nameVi: area.nameVi,
        nameEn: area.nameEn,
        waiting,
        openCounters,
        estimatedWaitMinutes: estimatedWaitMinutes(waiting, await averageMinutesOf(tx, area), state.counters, area.id),
        accepting: !closedToday && openCounters > 0,
        closedToday,
      };
    }),
  );
}

export async function counterViews(tx: Tx, state: CenterState, counterIds?: string[]): Promise<CounterView[]> {
  const counters = counterIds ? state.counters.filter((c) => counterIds.includes(c.id)) : state.counters;
  const current = await tx.tickets(counters.flatMap((c) => (c.currentTicketId ? [c.currentTicketId] : [])));
  const byId = new Map(current.map((t) => [t.id, t]));
  return counters.map((c) => {
    const ticket = c.currentTicketId ? byId.get(c.currentTicketId) : undefined;
    return {
      id: c.id,
      number: c.number,
      name: c.name,
      state: c.state,
      pauseReason: c.pauseReason,
      areaIds: c.areaIds,
      staffed: c.officer !== null,
      current: ticket ? publicTicket(ticket) : null,
    };
  });
}

export const callView = ({ center, areas }: CenterState, ticket: Ticket, counter: Counter, at: Date): CallView => ({
  ticketId: ticket.id,
  number: ticket.number,
  areaId: ticket.areaId,
  counterId: counter.id,
  counterNumber: counter.number,
  at: at.toISOString(),
  recall: ticket.recallCount,
  text: callText(
    center.settings.callTemplate,
    ticket.number,
    counter.number,
    areas.find((a) => a.id === ticket.areaId)?.nameVi ?? '',
  ),
});
