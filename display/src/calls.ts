// Which calls a hall shows: today's, of its zone, one line per ticket (a recall moves it back to the top).
import type { CallView, CenterSnapshot } from '@luot/contract';
import { dayOf } from './time.ts';

export const callKey = (call: CallView) => `${call.ticketId}:${call.recall}`;

export function visibleCalls(snapshot: CenterSnapshot, areas: string[] | null, now: number): CallView[] {
  const today = dayOf(now);
  const seen = new Set<string>();
  return snapshot.recentCalls.filter((call) => {
    if (areas && !areas.includes(call.areaId)) return false;
    if (dayOf(Date.parse(call.at)) !== today || seen.has(call.ticketId)) return false;
    seen.add(call.ticketId);
    return true;
  });
}
