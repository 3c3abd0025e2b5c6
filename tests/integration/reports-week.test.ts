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
import { FROM, manager, NK, o1, o2, scriptedWeek, TO, type Week } from '../helpers/report-week.ts';
import type { TestServer } from '../helpers/server.ts';

let week: Week;
let t: TestServer;

beforeAll(async () => {
  week = await scriptedWeek();
  t = week.t;
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
    expect(rowOf(procedures, '1.001193')).toMatchObject({
      label: 'Đăng ký khai sinh (1.001193)',
      issued: 3,
      called: 4,
    });
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
    // The script's other tickets are issued by staff at the desk.
    expect(rowOf(channels, 'counter')).toMatchObject({ issued: 4, called: 5 });
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
    expect(Date.parse(week.dossiers.E.dueAt)).toBeLessThan(week.now()); // E is past due on Sunday evening
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
