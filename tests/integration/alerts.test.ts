// Alerts against the real server (both stores), on an injected clock: a wait above the area's target and a line
// while counters are idle raise and clear; a print agent's printer out of paper (the fake TCP printer, a real
// agent) and a display whose heartbeat stops raise and clear; acknowledgements are recorded and audited; rules are
// validated; the province dashboard is for administrators only and counts what the centers hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Alert, type AlertRulesView, DEFAULT_ALERT_RULES, type ProvinceDashboard } from '@luot/contract';
import { PrintAgent } from '../../printer/src/agent.ts';
import { targetOf } from '../../printer/src/connection.ts';
import { startFakePrinter } from '../../printer/src/fake-printer.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { waitFor } from '../helpers/wait.ts';
import { subscribe } from '../helpers/realtime.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const CR = 'cai-rang';
const NK = 'ninh-kieu';

/** The server's clock, moved by the tests. */
let offset = 0;
const clock = () => new Date(Date.now() + offset);

let t: TestServer;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  t = await startTestServer({ clock, deviceSweepMs: 100, alertEvaluateMs: 200, config: { deviceOfflineMs: 90_000 } });
  dir = mkdtempSync(join(tmpdir(), 'luot-alerts-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const open = async (centerId: string): Promise<Alert[]> =>
  (await t.request('GET', `/api/centers/${centerId}/alerts`)).body as Alert[];
const openOf = async (centerId: string, kind: Alert['kind'], subject?: string) =>
  (await open(centerId)).find((a) => a.kind === kind && (subject === undefined || a.subject === subject));
const issue = async (centerId: string, areaId: string) => {
  const res = await t.request('POST', `/api/centers/${centerId}/tickets`, { areaId }, { 'idempotency-key': newKey() });
  expect(res.status).toBe(201);
  return res.body;
};

describe('lines', () => {
  it('a wait above the area target and a line while counters are idle raise, reach the board, and clear', async () => {
    const staff = await t.socketAs(`quanly.${CR}`);
    const raised: Alert[] = [];
    const cleared: Alert[] = [];
    staff.on('alert:raised', (a) => raised.push(a));
    staff.on('alert:cleared', (a) => cleared.push(a));
    const board = subscribe(staff, CR);
    cleanups.push(() => board.close());
    await board.until(() => true);

    // Đất đai (target 20 minutes) is served by counter 3 only, open and idle.
    await issue(CR, 'dd');
    await t.server.alerts.evaluate();
    expect(await openOf(CR, 'line_idle_counters', 'dd')).toBeUndefined();

    offset += 6 * 60_000;
    await t.server.alerts.evaluate();
    const idle = await openOf(CR, 'line_idle_counters', 'dd');
    expect(idle).toMatchObject({ severity: 'warning', clearedAt: null, ackedAt: null });
    expect(idle?.messageVi).toMatch(/Đất đai: 1 người chờ hơn 5 phút, quầy 3/);
    expect(await openOf(CR, 'wait_over_target', 'dd')).toBeUndefined();
    await waitFor(() => raised.find((a) => a.id === idle?.id), 'alert:raised on the board');

    offset += 15 * 60_000;
    await t.server.alerts.evaluate();
    const late = await openOf(CR, 'wait_over_target', 'dd');
    expect(late?.messageVi).toMatch(/Đất đai: 1 người chờ, lâu nhất 21 phút \(chỉ tiêu 20 phút\)/);
    // Evaluated again (the timer runs too), still one open alert of each.
    await t.server.alerts.evaluate();
    expect((await open(CR)).filter((a) => a.subject === 'dd')).toHaveLength(2);

    expect((await t.request('POST', `/api/centers/${CR}/counters/3/call-next`)).status).toBe(200);
    await t.server.alerts.evaluate();
    expect(await openOf(CR, 'wait_over_target', 'dd')).toBeUndefined();
    expect(await openOf(CR, 'line_idle_counters', 'dd')).toBeUndefined();
    await waitFor(() => cleared.find((a) => a.id === late?.id), 'alert:cleared on the board');
    const history = (await t.request('GET', `/api/centers/${CR}/alerts?state=all`)).body as Alert[];
    expect(history.find((a) => a.id === late?.id)?.clearedAt).not.toBeNull();
    await t.request('POST', `/api/centers/${CR}/counters/3/complete`);
  }, 90_000);

  it('acknowledgement keeps who and when, is audited, and is for the center manager or administrator', async () => {
    await issue(NK, 'ht');
    offset += 40 * 60_000;
    await t.server.alerts.evaluate();
    const alert = await waitFor(() => openOf(NK, 'wait_over_target', 'ht'), 'wait alert');
    const path = `/api/centers/${NK}/alerts/${alert.id}/ack`;
    expect((await t.requestAs(`quanly.${CR}`, 'POST', path)).status).toBe(403);
    expect((await t.requestAs(`canbo1.${NK}`, 'POST', path)).status).toBe(403);
    expect((await t.requestAs(`quanly.${NK}`, 'POST', `/api/centers/${NK}/alerts/nope/ack`)).body.code).toBe(
      'ALERT_NOT_FOUND',
    );
    const acked = await t.requestAs(`quanly.${NK}`, 'POST', path);
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ id: alert.id, ackedBy: `quanly.${NK}`, clearedAt: null });
    expect(Date.parse(acked.body.ackedAt)).toBeGreaterThan(Date.now() + offset - 60_000);
    // A second acknowledgement leaves the first.
    expect((await t.request('POST', path)).body.ackedBy).toBe(`quanly.${NK}`);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_kind', '=', 'alert')
      .where('entity_id', '=', alert.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `quanly.${NK}`, action: 'acknowledge', center_id: NK });
    // Still open (acknowledged) until the line is served.
    expect((await openOf(NK, 'wait_over_target', 'ht'))?.ackedBy).toBe(`quanly.${NK}`);
  }, 90_000);

  it('rules are validated, audited, and a rule turned off clears its alerts', async () => {
    const path = `/api/centers/${NK}/alert-rules`;
    const view = (await t.requestAs(`quanly.${NK}`, 'GET', path)).body as AlertRulesView;
    expect(view).toMatchObject({ centerId: NK, rules: DEFAULT_ALERT_RULES, updatedAt: null });
    for (const bad of [
      { ...DEFAULT_ALERT_RULES, waitFactor: 0 },
      { ...DEFAULT_ALERT_RULES, idleMinutes: 1.5 },
      { ...DEFAULT_ALERT_RULES, notifyPhones: ['call me'] },
      { ...DEFAULT_ALERT_RULES, extra: true },
      { waitOverTarget: false },
    ]) {
      const res = await t.requestAs(`quanly.${NK}`, 'PUT', path, bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
    }
    expect((await t.requestAs(`quanly.${NK}`, 'GET', path)).body.updatedAt).toBeNull();
    expect((await t.requestAs(`quanly.${CR}`, 'PUT', path, DEFAULT_ALERT_RULES)).status).toBe(403);
    expect((await t.requestAs(`canbo1.${NK}`, 'GET', path)).status).toBe(403);

    const put = await t.requestAs(`quanly.${NK}`, 'PUT', path, { ...DEFAULT_ALERT_RULES, waitOverTarget: false });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ rules: { waitOverTarget: false }, updatedBy: `quanly.${NK}` });
    await t.server.alerts.evaluate();
    expect(await openOf(NK, 'wait_over_target', 'ht')).toBeUndefined();
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_kind', '=', 'alert_rules')
      .where('entity_id', '=', NK)
      .execute();
    expect(audit).toHaveLength(1);
    await t.requestAs(`quanly.${NK}`, 'PUT', path, DEFAULT_ALERT_RULES);
  }, 90_000);
});

describe('devices', () => {
  it('a printer out of paper (fake TCP printer, real print agent) raises a printer alert, cleared when refilled', async () => {
    const printer = await startFakePrinter({ paperOut: true });
    cleanups.push(() => printer.close());
    const agent = new PrintAgent({
      serverUrl: t.url,
      credential: (await t.enrollDevice(CR, 'cai-rang-printer-1')).credential,
      centerId: CR,
      kioskId: 'cai-rang-kiosk-1',
      target: targetOf(printer.url),
      paper: 80,
      profile: profileOf('epson'),
      stateDir: join(dir, 'agent'),
      retryMs: 100,
      pollMs: 100,
      timeoutMs: 1_000,
      heartbeatMs: 200,
    });
    agent.start();
    cleanups.push(() => agent.stop());
    const alert = await waitFor(async () => {
      await t.server.alerts.evaluate();
      return openOf(CR, 'printer_problem', 'cai-rang-printer-1');
    }, 'printer alert');
    expect(alert).toMatchObject({ severity: 'critical', messageVi: 'Máy in của Kiosk sảnh chính hết giấy' });
    printer.paperOut = false;
    await waitFor(async () => {
      await t.server.alerts.evaluate();
      return !(await openOf(CR, 'printer_problem', 'cai-rang-printer-1'));
    }, 'printer alert cleared');
  }, 90_000);

  it('a display whose heartbeat stops raises display offline; its heartbeat clears it; a revoked device raises', async () => {
    const display = await t.enrollDevice(CR, 'cai-rang-hall');
    const socket = t.deviceSocket(display.credential);
    cleanups.push(() => void socket.disconnect());
    expect(await socket.emitWithAck('device:heartbeat', { version: '0.1.0', condition: 'ok' })).toEqual({ ok: true });
    await t.server.alerts.evaluate();
    expect(await openOf(CR, 'display_offline', 'cai-rang-hall')).toBeUndefined();
    offset += 95_000;
    await t.server.alerts.evaluate();
    expect(await openOf(CR, 'display_offline', 'cai-rang-hall')).toMatchObject({ severity: 'warning' });
    expect((await openOf(CR, 'display_offline', 'cai-rang-hall'))?.messageVi).toMatch(
      /^Màn hình sảnh: mất kết nối từ \d\d:\d\d$/,
    );
    await socket.emitWithAck('device:heartbeat', { version: '0.1.0', condition: 'ok' });
    await t.server.alerts.evaluate();
    expect(await openOf(CR, 'display_offline', 'cai-rang-hall')).toBeUndefined();

    expect((await t.request('POST', `/api/centers/${CR}/devices/cai-rang-hall/revoke`)).status).toBe(204);
    await t.server.alerts.evaluate();
    expect(await openOf(CR, 'device_revoked', 'cai-rang-hall')).toMatchObject({
      messageVi: 'Màn hình sảnh: đã thu hồi quyền kết nối, cần ghép nối lại',
    });
  }, 90_000);
});

describe('province dashboard', () => {
  it('is for administrators only and counts each center', async () => {
    expect((await t.requestAs(`quanly.${NK}`, 'GET', '/api/province/dashboard')).body.code).toBe('PROVINCE_ADMIN_ONLY');
    expect((await t.requestAs(`canbo1.${NK}`, 'GET', '/api/province/dashboard')).status).toBe(403);
    expect((await t.requestAs(null, 'GET', '/api/province/dashboard')).status).toBe(401);
    await issue(CR, 'kd');
    await issue(CR, 'kd');
    const res = await t.request('GET', '/api/province/dashboard');
    expect(res.status).toBe(200);
    const d = res.body as ProvinceDashboard;
    expect(d.centers.map((c) => c.centerId).sort()).toEqual(['cai-rang', 'ninh-kieu', 'tphcc-can-tho']);
    const cr = d.centers.find((c) => c.centerId === CR)!;
    const waiting = await t
      .db()
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('center_id', '=', CR)
      .where('state', '=', 'waiting')
      .executeTakeFirstOrThrow();
    expect(cr.waiting).toBe(Number(waiting.n));
    // The print agent stopped after its test and has been silent past the offline delay since.
    expect(cr).toMatchObject({ counters: 5, servedToday: 0, devicesOffline: 1, outboxDead: 0 });
    expect(cr.unackedAlerts).toBe((await open(CR)).filter((a) => !a.ackedAt).length);
    expect(d.link).toBe('closed');
  }, 90_000);
});
