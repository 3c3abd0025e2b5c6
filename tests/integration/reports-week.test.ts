// A scripted week at one center (Monday 02/03/2026 – Sunday 08/03/2026, injected clock) and every report figure
// against the numbers worked out by hand from the script: groups, percentiles, the share within the area's target,
// the heatmap, counters' busy/idle/away time by pause reason, dossiers on time by authority, the five-level
// satisfaction; the Excel workbook read back; the monthly PDF's text; the province roll-up. Both stores.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportRow } from '@luot/contract';
import { toProvinceDate } from '../../server/src/handoff/province-contract.ts';
import { birthRegistration } from '../helpers/province.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const NK = 'ninh-kieu';
const o1 = `canbo1.${NK}`;
const o2 = `canbo2.${NK}`;
const manager = `quanly.${NK}`;
const FROM = '2026-03-02';
const TO = '2026-03-08';

let clock = Date.parse('2026-03-02T08:00:00+07:00');
/** Sets the clock to a day of March 2026 and a time, Vietnam time. */
const at = (day: number, time: string) => {
  const next = Date.parse(`2026-03-${String(day).padStart(2, '0')}T${time}:00+07:00`);
  // Sessions last 12 hours of the server's clock: sign in again on another day.
  if (next - clock > 6 * 3_600_000) t.forgetSessions();
  clock = next;
};
let t: TestServer;
const ids: Record<string, string> = {};
const dossiers: Record<string, { code: string; dueAt: string }> = {};

const act = async (user: string, counter: string, action: string, body?: unknown) => {
  const res = await t.requestAs(user, 'POST', `/api/centers/${NK}/counters/${counter}/${action}`, body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
};
const issue = async (name: string, areaId: string, priority = 'none') => {
  const res = await t.request('POST', `/api/centers/${NK}/tickets`, { areaId, priority }, { 'idempotency-key': newKey() });
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

beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date(clock) });
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
  await t.db().updateTable('tickets').set({ channel: 'online' }).where('id', '=', ids.D).execute();
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
}, 120_000);
afterAll(() => t.close());

const report = async (by: string): Promise<Report> => {
  const res = await t.requestAs(manager, 'GET', `/api/centers/${NK}/reports?from=${FROM}&to=${TO}&by=${by}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const rowOf = (r: Report, key: string): ReportRow => {
  const row = r.rows.find((x) => x.key === key);
  if (!row) throw new Error(`no row ${key} in ${r.rows.map((x) => x.key).join(', ')}`);
  return row;
};
const noRatings = { very_satisfied: 0, satisfied: 0, neutral: 0, not_satisfied: 0, very_dissatisfied: 0 };

describe('a scripted week', () => {
  it('totals: six calls of five tickets, waits and services with their percentiles, the share within target', async () => {
    const r = await report('day');
    // Waits 300, 900, 240, 600, 180, 240 s; services 600, 420, 180, 120 (before the transfer), 240 s.
    expect(r.total).toEqual({
      key: '',
      label: 'Tổng cộng',
      issued: 5,
      called: 6,
      served: 4,
      noShows: 1,
      transfers: 1,
      withinTarget: 4, // A 5 ≤ 10, C 4 ≤ 10, E 3 ≤ 10 and 4 ≤ 5 minutes; B 15 > 10, D 10 > 5
      withinTargetPercent: 66.7,
      avgWaitSeconds: 410,
      p50WaitSeconds: 240,
      p90WaitSeconds: 900,
      avgServiceSeconds: 312,
      p50ServiceSeconds: 240,
      p90ServiceSeconds: 600,
      ratings: { very_satisfied: 1, satisfied: 1, neutral: 1, not_satisfied: 0, very_dissatisfied: 1 },
    });
    expect(r.rows.map((x) => [x.label, x.issued, x.called])).toEqual([
      ['02/03/2026', 2, 2],
      ['04/03/2026', 2, 2],
      ['06/03/2026', 1, 2],
    ]);
  });

  it('by officer, area, procedure, priority and channel', async () => {
    const officers = await report('officer');
    expect(rowOf(officers, o1)).toMatchObject({
      issued: null,
      called: 3,
      served: 1,
      noShows: 1,
      transfers: 1,
      withinTarget: 2,
      avgWaitSeconds: 460,
      p50WaitSeconds: 300,
      p90WaitSeconds: 900,
      avgServiceSeconds: 360,
      p50ServiceSeconds: 120,
      p90ServiceSeconds: 600,
      ratings: { ...noRatings, very_satisfied: 1 },
    });
    expect(rowOf(officers, o2)).toMatchObject({
      called: 3,
      served: 3,
      withinTarget: 2,
      avgWaitSeconds: 360,
      p50WaitSeconds: 240,
      p90WaitSeconds: 600,
      avgServiceSeconds: 280,
      p90ServiceSeconds: 420,
      ratings: { ...noRatings, satisfied: 1, neutral: 1, very_dissatisfied: 1 },
    });
    const areas = await report('area');
    expect(rowOf(areas, 'ht')).toMatchObject({ issued: 4, called: 4, served: 2, noShows: 1, transfers: 1 });
    expect(rowOf(areas, 'ct')).toMatchObject({
      issued: 1,
      called: 2,
      served: 2,
      withinTarget: 1,
      withinTargetPercent: 50,
      avgWaitSeconds: 420,
    });
    const procedures = await report('procedure');
    expect(rowOf(procedures, '1.001193')).toMatchObject({ label: 'Đăng ký khai sinh (1.001193)', issued: 3, called: 4 });
    expect(rowOf(procedures, '')).toMatchObject({ label: 'Không tiếp nhận hồ sơ', issued: 2, called: 2 });
    const priorities = await report('priority');
    expect(rowOf(priorities, 'elderly')).toMatchObject({ label: 'Người cao tuổi', issued: 1, called: 1, served: 1 });
    expect(rowOf(priorities, 'none')).toMatchObject({ issued: 4, called: 5 });
    const channels = await report('channel');
    expect(rowOf(channels, 'online')).toMatchObject({
      label: 'Lấy số trực tuyến',
      issued: 1,
      served: 1,
      avgWaitSeconds: 600,
      withinTarget: 0,
    });
    expect(rowOf(channels, 'kiosk')).toMatchObject({ issued: 4, called: 5 });
  });

  it('the heatmap: tickets by weekday and hour, and their first wait', async () => {
    const { heatmap } = await report('day');
    const cells = heatmap.issued.flatMap((row, d) => row.flatMap((n, h) => (n ? [[d, h, n]] : [])));
    expect(cells).toEqual([
      [0, 8, 2], // Monday 08:00, 08:01
      [2, 14, 2], // Wednesday 14:00, 14:02
      [4, 9, 1], // Friday 09:00
    ]);
    expect([heatmap.avgWaitSeconds[0][8], heatmap.avgWaitSeconds[2][14], heatmap.avgWaitSeconds[4][9]]).toEqual([
      600, 420, 180,
    ]);
    expect(heatmap.avgWaitSeconds[1][8]).toBeNull();
  });

  it('counters’ time: busy, idle and away by reason', async () => {
    const r = await report('counter');
    const counter = (id: string) => r.counters.find((c) => c.key === id);
    // Counter 1: Monday 60 min (busy 08:05–08:18, away 08:20–08:50), Friday 20 min (busy 09:03–09:06).
    expect(counter('1')).toEqual({
      key: '1',
      label: 'Quầy 1',
      openSeconds: 4800,
      busySeconds: 960,
      idleSeconds: 2040,
      awaySeconds: 1800,
      away: [{ reason: 'Họp', pauses: 1, seconds: 1800 }],
    });
    // Counter 2: Monday 60 min (away 08:30–08:40), Wednesday 20 min (busy 14:04–14:16), Friday 20 (busy 09:10–09:15).
    expect(counter('2')).toMatchObject({
      openSeconds: 6000,
      busySeconds: 1020,
      idleSeconds: 4380,
      awaySeconds: 600,
      away: [{ reason: 'Nghỉ giữa giờ', pauses: 1, seconds: 600 }],
    });
    expect(r.officers.find((o) => o.key === o1)).toMatchObject({ openSeconds: 4800, idleSeconds: 2040 });
    expect(r.time).toMatchObject({
      openSeconds: 10800,
      busySeconds: 1980,
      idleSeconds: 6420,
      awaySeconds: 2400,
      away: [
        { reason: 'Họp', pauses: 1, seconds: 1800 },
        { reason: 'Nghỉ giữa giờ', pauses: 1, seconds: 600 },
      ],
    });
  });

  it('dossiers by authority: on time, late, open and overdue', async () => {
    const r = await report('day');
    expect(Date.parse(dossiers.E.dueAt)).toBeLessThan(clock); // E is past due on Sunday evening
    expect(r.dossiers).toHaveLength(1);
    expect(r.dossiers[0]).toMatchObject({
      received: 3,
      finished: 2,
      onTime: 1,
      late: 1,
      open: 1,
      overdue: 1,
      onTimePercent: 50,
    });
    expect(r.dossierTotal).toMatchObject({ label: 'Tổng cộng', received: 3, onTime: 1, late: 1 });
  });

  it('satisfaction on the five-level scale, with the shares of the service index', async () => {
    const { satisfaction } = await report('day');
    expect(satisfaction).toEqual({
      counts: { very_satisfied: 1, satisfied: 1, neutral: 1, not_satisfied: 0, very_dissatisfied: 1 },
      total: 4,
      satisfiedPercent: 50,
      neutralPercent: 25,
      dissatisfiedPercent: 25,
      indexPoints: 9,
    });
  });

  it('the Excel workbook holds the same numbers', async () => {
    const json = await report('officer');
    const res = await fetch(`${t.url}/api/centers/${NK}/reports.xlsx?from=${FROM}&to=${TO}&by=officer`, {
      headers: { cookie: await t.cookieOf(manager) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Tổng hợp',
      'Theo giờ',
      'Thời gian quầy',
      'Lý do tạm dừng',
      'Hồ sơ',
      'Hài lòng',
    ]);
    const values = (sheet: string, row: number) =>
      // exceljs gives a sparse array from index 1: an empty cell is a hole.
      Array.from((book.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1), (v) => v ?? null);
    const summary = book.getWorksheet('Tổng hợp')!;
    expect(summary.getCell('A1').value).toBe('Trung tâm Phục vụ hành chính công phường Ninh Kiều');
    expect(summary.getCell('A3').value).toBe('Từ ngày 02/03/2026 đến ngày 08/03/2026');
    expect(values('Tổng hợp', 5).slice(0, 4)).toEqual(['Cán bộ', 'Mã', 'Số đã cấp', 'Số đã gọi']);
    const o1Row = rowOf(json, o1);
    expect(values('Tổng hợp', 6)).toEqual([
      o1Row.label,
      o1,
      null,
      3,
      1,
      1,
      1,
      2,
      66.7,
      460,
      300,
      900,
      360,
      120,
      600,
      1,
      0,
      0,
      0,
      0,
    ]);
    expect(values('Tổng hợp', 8).slice(0, 8)).toEqual(['Tổng cộng', '', null, 6, 4, 1, 1, 4]);
    expect(values('Theo giờ', 6).slice(0, 10)).toEqual(['Thứ Hai', 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(values('Thời gian quầy', 10)).toEqual(['Tổng cộng', 10800, 1980, 6420, 2400]);
    expect(values('Hồ sơ', 7)).toEqual(['Tổng cộng', 3, 2, 1, 1, 1, 1, 50]);
    expect(values('Hài lòng', 6)).toEqual(['Rất hài lòng', 1, 25]);
    expect(values('Hài lòng', 12)).toEqual(['Tỉ lệ hài lòng (Rất hài lòng + Hài lòng)', null, 50]);
    expect(values('Hài lòng', 14)).toEqual(['Điểm nhóm hài lòng quy đổi (trên 18)', 9]);
  });

  it('the monthly PDF prints the month’s figures', async () => {
    const res = await fetch(`${t.url}/api/centers/${NK}/reports/monthly.pdf?month=2026-03`, {
      headers: { cookie: await t.cookieOf(manager) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'luot-report-pdf-'));
    // LUOT_KEEP_PDF=path keeps the file, to render it (pdftoppm) and look at it.
    const file = process.env.LUOT_KEEP_PDF ?? join(dir, 'month.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      'BÁO CÁO THÁNG 03/2026',
      'Từ ngày 01/03/2026 đến ngày 31/03/2026 · in ngày 08/03/2026',
      'Hộ tịch',
      'Chứng thực',
      'Rất không hài lòng',
      'Nghỉ giữa giờ',
      'Họp',
      '4 (66,7%)', // called within target
      '6,8 phút / 4,0 phút / 15,0 phút', // waits: 410, 240, 900 s
      '5,2 phút / 4,0 phút / 10,0 phút', // services: 312, 240, 600 s
      'Thứ Hai',
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/Số thứ tự đã cấp\s+5\n/);
    expect(text).toMatch(/Điểm nhóm hài lòng quy đổi \(trên 18\)\s+9\s/);
  });

  it('the province roll-up for administrators', async () => {
    const res = await t.request('GET', `/api/province/reports?from=${FROM}&to=${TO}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mine = res.body.centers.find((c: { centerId: string }) => c.centerId === NK);
    expect(mine.figures).toMatchObject({ issued: 5, called: 6, p90WaitSeconds: 900, withinTargetPercent: 66.7 });
    expect(mine.dossiers).toMatchObject({ received: 3, onTime: 1, late: 1, overdue: 1 });
    expect(mine.time).toMatchObject({ idleSeconds: 6420, awaySeconds: 2400 });
    expect(mine.satisfaction.satisfiedPercent).toBe(50);
    expect(res.body.centers.length).toBeGreaterThan(1);
    expect(res.body.total.figures).toMatchObject({ label: 'Toàn tỉnh', issued: 5, called: 6, avgWaitSeconds: 410 });
    const denied = await t.requestAs(manager, 'GET', `/api/province/reports?from=${FROM}&to=${TO}`);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('PROVINCE_ADMIN_ONLY');
    const xlsx = await fetch(`${t.url}/api/province/reports.xlsx?from=${FROM}&to=${TO}`, {
      headers: { cookie: await t.cookieOf('admin.cantho') },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('Toàn tỉnh')!;
    const last = Array.from((sheet.getRow(sheet.rowCount).values as unknown[]).slice(1), (v) => v ?? null);
    expect(last.slice(0, 5)).toEqual(['Toàn tỉnh', '', 5, 6, 4]);
  });
});
