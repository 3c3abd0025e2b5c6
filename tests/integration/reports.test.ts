// Reports and ratings from a known day: every figure is checked against the timeline that produced it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile } from '../../server/src/reports/compute.ts';
import { csvCell } from '../../server/src/reports/csv.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const NK = 'ninh-kieu';
const officer1 = `canbo1.${NK}`;
const officer2 = `canbo2.${NK}`;
const manager = `quanly.${NK}`;

// The server's clock is injected: the timeline runs from 00:05 Vietnam time on 10/03/2026, just after the
// service day changed (sign-in, sessions, ratings' 30-minute window and the board all read this clock).
const base = Date.parse('2026-03-10T00:05:00+07:00');
let minute = 0;
let t: TestServer;
let day: string;
const ids: Record<string, string> = {};

const at = (m: number) => {
  minute = m;
};
const act = async (user: string, counter: string, action: string, body?: unknown) => {
  const res = await t.requestAs(user, 'POST', `/api/centers/${NK}/counters/${counter}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date(base + minute * 60_000) });
  await act(officer1, '1', 'open');
  await act(officer2, '2', 'open');
  at(0);
  for (const name of ['A', 'B', 'C']) {
    const res = await t.request(
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    ids[name] = res.body.ticket.id;
    day = res.body.ticket.serviceDay;
  }
  expect(day).toBe('2026-03-10');
  at(10);
  expect((await act(officer1, '1', 'call-next')).id).toBe(ids.A);
  at(12);
  await act(officer1, '1', 'start');
  at(20);
  await act(officer1, '1', 'complete');
  expect((await act(officer2, '2', 'call-next')).id).toBe(ids.B);
  at(21);
  await act(officer2, '2', 'no-show');
  at(22);
  expect((await act(officer1, '1', 'call-next')).id).toBe(ids.C);
  at(23);
  await act(officer1, '1', 'start');
  at(25);
  await act(officer1, '1', 'transfer', { areaId: 'ct', note: 'Cần chứng thực bản sao' });
  at(26);
  expect((await act(officer2, '2', 'call-next')).id).toBe(ids.C);
  at(27);
  await act(officer2, '2', 'start');
  at(30);
  await act(officer2, '2', 'complete');
});
afterAll(() => t.close());

const report = (by: string, user = manager) =>
  t.requestAs(user, 'GET', `/api/centers/${NK}/reports?from=${day}&to=${day}&by=${by}`);

describe('ratings', () => {
  it('takes one rating per completed ticket, at the counter that served it', async () => {
    const rate = (user: string, counter: string, body: unknown) =>
      t.requestAs(user, 'POST', `/api/centers/${NK}/counters/${counter}/ratings`, body);
    const a = await rate(officer1, '1', { ticketId: ids.A, score: 'very_satisfied' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({ officer: officer1, areaId: 'ht', counterId: '1', serviceDay: day });
    expect((await rate(officer1, '1', { ticketId: ids.A, score: 'satisfied' })).body.code).toBe('ALREADY_RATED');
    expect((await rate(officer2, '2', { ticketId: ids.B, score: 'satisfied' })).body.code).toBe('RATING_CLOSED'); // a no-show
    expect((await rate(officer2, '2', { ticketId: ids.A, score: 'satisfied' })).body.code).toBe('RATING_CLOSED'); // served elsewhere
    expect((await rate(officer2, '2', { ticketId: ids.C, score: 'meh' })).status).toBe(400);
    expect(
      (await rate(officer2, '2', { ticketId: ids.C, score: 'not_satisfied', comment: 'Chờ lâu, "quá" lâu' })).status,
    ).toBe(201);
  });
});

describe('reports', () => {
  it('per officer: calls, outcomes, wait and service times from the event log', async () => {
    const { status, body } = await report('officer');
    expect(status).toBe(200);
    const row = (key: string) => body.rows.find((r: { key: string }) => r.key === key);
    expect(row(officer1)).toMatchObject({
      label: `Võ Thị Thu (${officer1})`,
      issued: null,
      called: 2,
      served: 1,
      noShows: 0,
      transfers: 1,
      avgWaitSeconds: 960, // 10 and 22 minutes
      p90WaitSeconds: 1320,
      avgServiceSeconds: 300, // 8 minutes, then 2 before the transfer
      p90ServiceSeconds: 480,
      ratings: { very_satisfied: 1, satisfied: 0, neutral: 0, not_satisfied: 0, very_dissatisfied: 0 },
    });
    expect(row(officer2)).toMatchObject({
      called: 2,
      served: 1,
      noShows: 1,
      transfers: 0,
      avgWaitSeconds: 630,
      p90WaitSeconds: 1200,
      avgServiceSeconds: 180,
      ratings: { not_satisfied: 1 },
    });
    expect(body.total).toMatchObject({
      label: 'Tổng cộng',
      called: 4,
      served: 2,
      noShows: 1,
      transfers: 1,
      avgWaitSeconds: 795,
    });
  });

  it('per area, counter and day', async () => {
    const areas = (await report('area')).body;
    expect(areas.rows.find((r: { key: string }) => r.key === 'ht')).toMatchObject({
      label: 'Hộ tịch',
      issued: 3,
      called: 3,
      served: 1,
      noShows: 1,
      transfers: 1,
    });
    expect(areas.rows.find((r: { key: string }) => r.key === 'ct')).toMatchObject({
      label: 'Chứng thực',
      issued: 0,
      called: 1,
      served: 1,
      avgWaitSeconds: 60,
    });
    const counters = (await report('counter')).body;
    expect(counters.rows.map((r: { label: string }) => r.label)).toEqual(['Quầy 1', 'Quầy 2']);
    const days = (await report('day')).body;
    expect(days.rows).toHaveLength(1);
    expect(days.rows[0]).toMatchObject({
      key: day,
      label: `${day.slice(8)}/${day.slice(5, 7)}/${day.slice(0, 4)}`,
      issued: 3,
      called: 4,
    });
  });

  it('exports CSV with a header, one line per row and the total', async () => {
    const res = await fetch(`${t.url}/api/centers/${NK}/reports.csv?from=${day}&to=${day}&by=officer`, {
      headers: { cookie: await t.cookieOf(manager) },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(`luot-${NK}-officer-${day}-${day}.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark spreadsheets need
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['Cán bộ', 'Mã', 'Số đã cấp', 'Số đã gọi']);
    expect(lines).toHaveLength(4);
    // Called 2, served 1, no-show 0, transferred 1, within target 1 (50%), waits 960/600/1320 s, services 300/120/480 s, ratings.
    expect(lines[1]).toBe(`Võ Thị Thu (${officer1}),${officer1},,2,1,0,1,1,50,960,600,1320,300,120,480,1,0,0,0,0`);
    expect(lines[3].startsWith('Tổng cộng,,')).toBe(true);
  });

  it('refuses a reversed or too long range', async () => {
    const bad = await t.requestAs(manager, 'GET', `/api/centers/${NK}/reports?from=2026-02-01&to=2026-01-01&by=day`);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'BAD_RANGE' });
    expect(
      (await t.requestAs(manager, 'GET', `/api/centers/${NK}/reports?from=2024-01-01&to=2026-01-01&by=day`)).body.code,
    ).toBe('BAD_RANGE');
    expect(
      (await t.requestAs(manager, 'GET', `/api/centers/${NK}/reports?from=yesterday&to=2026-01-01&by=day`)).status,
    ).toBe(400);
  });

  it('percentile and CSV cells', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11], 90)).toBe(10);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
  });
});

describe('board', () => {
  it('shows who holds each counter, what it serves and since when, and the areas today', async () => {
    await act(officer1, '1', 'call-next').catch(() => undefined);
    const { body } = await t.requestAs(manager, 'GET', `/api/centers/${NK}/board`);
    expect(body.counters.find((c: { id: string }) => c.id === '1')).toMatchObject({
      state: 'open',
      officer: { username: officer1, displayName: 'Võ Thị Thu' },
    });
    expect(body.counters.find((c: { id: string }) => c.id === '3')).toMatchObject({ officer: null });
    expect(body.areas.find((a: { id: string }) => a.id === 'ct')).toMatchObject({
      servedToday: 1,
      avgWaitSeconds: 60,
      avgServiceSeconds: 180,
      waiting: 0,
    });
    expect(body.officers.map((o: { username: string }) => o.username)).toEqual([officer1, officer2, `canbo3.${NK}`]);
    expect(body.at).toBe(new Date(base + minute * 60_000).toISOString());
  });
});

describe('sessions on the injected clock', () => {
  it('a session signed in at 00:05 lasts 12 hours of the server clock, not of the wall clock', async () => {
    expect((await t.requestAs(manager, 'GET', '/api/auth/me')).status).toBe(200);
    at(30 + 11 * 60);
    expect((await t.requestAs(manager, 'GET', '/api/auth/me')).status).toBe(200);
    at(30 + 13 * 60);
    expect((await t.requestAs(manager, 'GET', '/api/auth/me')).status).toBe(401);
  });
});
