// A scripted week at the Ninh Kiều center (Monday 02/03/2026 – Sunday 08/03/2026) on a server with an injected
// clock, left at Sunday 20:00: the figures it must give are worked out by hand in tests/integration/reports-week.test.ts.
import { expect } from 'vitest';
import { toProvinceDate } from '../../server/src/handoff/province-contract.ts';
import { birthRegistration } from './province.ts';
import { newKey, startTestServer, type TestServer } from './server.ts';

export const NK = 'ninh-kieu';
export const o1 = `canbo1.${NK}`;
export const o2 = `canbo2.${NK}`;
export const manager = `quanly.${NK}`;
export const FROM = '2026-03-02';
export const TO = '2026-03-08';

export interface Week {
  t: TestServer;
  /** The server's clock now, in ms. */
  now(): number;
  /** From now on the server runs on the wall clock (a browser drops cookies that expired by its own clock). */
  wallClock(): void;
  ids: Record<string, string>;
  dossiers: Record<string, { code: string; dueAt: string }>;
}

export async function scriptedWeek(): Promise<Week> {
  let clock = Date.parse('2026-03-02T08:00:00+07:00');
  let wall = false;
  const t = await startTestServer({ clock: () => new Date(wall ? Date.now() : clock) });
  /** Sets the clock to a day of March 2026 and a time, Vietnam time. */
  const at = (day: number, time: string) => {
    const next = Date.parse(`2026-03-${String(day).padStart(2, '0')}T${time}:00+07:00`);
    // Sessions last 12 hours of the server's clock: sign in again on another day.
    if (next - clock > 6 * 3_600_000) t.forgetSessions();
    clock = next;
  };
  const ids: Record<string, string> = {};
  const dossiers: Record<string, { code: string; dueAt: string }> = {};
  const act = async (user: string, counter: string, action: string, body?: unknown) => {
    const res = await t.requestAs(user, 'POST', `/api/centers/${NK}/counters/${counter}/${action}`, body);
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const issue = async (name: string, areaId: string, priority = 'none') => {
    const res = await t.request(
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId, priority },
      { 'idempotency-key': newKey() },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[name] = res.body.ticket.id;
  };
  const callNext = async (user: string, counter: string, expected: string) =>
    expect((await act(user, counter, 'call-next')).id).toBe(ids[expected]);
  const receive = async (user: string, counter: string, name: string) => {
    const receipt = await act(user, counter, 'dossiers', birthRegistration());
    dossiers[name] = { code: receipt.dossier.code, dueAt: receipt.dossier.dueAt };
  };
  const rate = async (user: string, counter: string, name: string, score: string) =>
    act(user, counter, 'ratings', { ticketId: ids[name], score });

  // Monday: two counters for an hour; A served within target, B called after 15 minutes and absent; two pauses.
  at(2, '08:00');
  await act(o1, '1', 'open');
  await act(o2, '2', 'open');
  await issue('A', 'ht');
  at(2, '08:01');
  await issue('B', 'ht');
  at(2, '08:05');
  await callNext(o1, '1', 'A');
  at(2, '08:06');
  await act(o1, '1', 'start');
  at(2, '08:16');
  await act(o1, '1', 'complete');
  await callNext(o1, '1', 'B');
  at(2, '08:17');
  await rate(o1, '1', 'A', 'very_satisfied');
  at(2, '08:18');
  await act(o1, '1', 'no-show');
  at(2, '08:20');
  await act(o1, '1', 'pause', { reason: 'Họp' });
  at(2, '08:30');
  await act(o2, '2', 'pause', { reason: 'Nghỉ giữa giờ' });
  at(2, '08:40');
  await act(o2, '2', 'resume');
  at(2, '08:50');
  await act(o1, '1', 'resume');
  at(2, '09:00');
  await act(o1, '1', 'close');
  await act(o2, '2', 'close');

  // Wednesday afternoon: C (elderly) and D (booked online, Chứng thực) at counter 2, each receiving a dossier.
  at(4, '14:00');
  await act(o2, '2', 'open');
  await issue('C', 'ht', 'elderly');
  at(4, '14:02');
  await issue('D', 'ct');
  // An online number the citizen confirmed on arrival (an unconfirmed one is passed over when its turn comes).
  await t
    .db()
    .updateTable('tickets')
    .set((eb) => ({ channel: 'online', confirmed_at: eb.ref('issued_at') }))
    .where('id', '=', ids.D)
    .execute();
  at(4, '14:04');
  await callNext(o2, '2', 'C');
  at(4, '14:05');
  await act(o2, '2', 'start');
  at(4, '14:10');
  await receive(o2, '2', 'C');
  at(4, '14:12');
  await act(o2, '2', 'complete');
  await rate(o2, '2', 'C', 'neutral');
  await callNext(o2, '2', 'D');
  at(4, '14:13');
  await act(o2, '2', 'start');
  at(4, '14:15');
  await receive(o2, '2', 'D');
  at(4, '14:16');
  await act(o2, '2', 'complete');
  await rate(o2, '2', 'D', 'very_dissatisfied');
  at(4, '14:20');
  await act(o2, '2', 'close');

  // Friday: E receives a dossier at counter 1, is transferred to Chứng thực and served at counter 2.
  at(6, '09:00');
  await act(o1, '1', 'open');
  await act(o2, '2', 'open');
  await issue('E', 'ht');
  at(6, '09:03');
  await callNext(o1, '1', 'E');
  at(6, '09:04');
  await act(o1, '1', 'start');
  at(6, '09:05');
  await receive(o1, '1', 'E');
  at(6, '09:06');
  await act(o1, '1', 'transfer', { areaId: 'ct', note: 'Chứng thực bản sao' });
  at(6, '09:10');
  await callNext(o2, '2', 'E');
  at(6, '09:11');
  await act(o2, '2', 'start');
  at(6, '09:15');
  await act(o2, '2', 'complete');
  await rate(o2, '2', 'E', 'satisfied');
  at(6, '09:20');
  await act(o1, '1', 'close');
  await act(o2, '2', 'close');

  // The province: C's result a minute before its due time, D's a day late; E's still open.
  const progress = (name: string, version: number, status: 'accepted' | 'result_ready', iso: string) => ({
    eventId: `${name}-${version}`,
    code: dossiers[name].code,
    version,
    status,
    statusCode: 0,
    date: toProvinceDate(iso),
    unit: { code: 'x', name: 'x' },
    note: null,
  });
  const before = (name: string, ms: number) => new Date(Date.parse(dossiers[name].dueAt) + ms).toISOString();
  await t.server.handoff.dossiers.applyProgress([
    progress('C', 1, 'accepted', before('C', -3_600_000)),
    progress('C', 2, 'result_ready', before('C', -60_000)),
    progress('D', 1, 'accepted', before('D', -3_600_000)),
    progress('D', 2, 'result_ready', before('D', 86_400_000)),
  ]);
  // The report is read on Sunday evening.
  at(8, '20:00');
  return {
    t,
    now: () => (wall ? Date.now() : clock),
    wallClock: () => {
      wall = true;
      t.forgetSessions();
    },
    ids,
    dossiers,
  };
}
