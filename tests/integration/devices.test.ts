// Enrolled devices against the real server (both stores): pairing codes are one-time and expire, issuance needs an
// enrolled kiosk or a staff session, a revoked kiosk stops at once, a print agent prints only for its kiosk, the
// kiosk budget holds, heartbeats keep each device's health, and a silent device goes offline (injected clock).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_HEADER, type DeviceStatusEvent, type DeviceView } from '@luot/contract';
import { PrintAgent } from '../../printer/src/agent.ts';
import { targetOf } from '../../printer/src/connection.ts';
import { startFakePrinter } from '../../printer/src/fake-printer.ts';
import { pairAgent, savedPairing } from '../../printer/src/pairing.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { waitFor } from '../helpers/wait.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';
import { subscribe } from '../helpers/realtime.ts';

const NK = 'ninh-kieu';
const CR = 'cai-rang';
const KIOSK = 'ninh-kieu-kiosk-1';
const AGENT = 'ninh-kieu-printer-1';

/** The server's clock, moved by the tests. */
let offset = 0;
const clock = () => new Date(Date.now() + offset);

let t: TestServer;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  t = await startTestServer({
    clock,
    deviceSweepMs: 100,
    config: { kioskTicketsPerMinute: 3, devicePairingMs: 5 * 60_000, deviceOfflineMs: 90_000 },
  });
  dir = mkdtempSync(join(tmpdir(), 'luot-devices-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ticketCount = async () =>
  Number(
    (
      await t
        .db()
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const listed = async (centerId: string, deviceId: string): Promise<DeviceView | undefined> =>
  ((await t.request('GET', `/api/centers/${centerId}/devices`)).body as DeviceView[]).find((d) => d.id === deviceId);

const connected = (socket: ReturnType<TestServer['socket']>) =>
  new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

describe('issuance', () => {
  it('refuses anonymous issuance with 401 and a code, and issues nothing', async () => {
    const before = await ticketCount();
    const res = await t.requestAs(
      null,
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'DEVICE_CREDENTIAL_REQUIRED' });
    expect(res.body.messageVi).toMatch(/kiosk/);
    const forged = await t.requestAs(
      null,
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey(), [DEVICE_HEADER]: 'made-up' },
    );
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'DEVICE_CREDENTIAL_INVALID' });
    // The kiosk id never comes from the body.
    const named = await t.request(
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId: 'ht', kioskId: KIOSK },
      { 'idempotency-key': newKey() },
    );
    expect(named.status).toBe(400);
    expect(await ticketCount()).toBe(before);
  });

  it('an enrolled kiosk issues at its own center only (its id from its credential); a display cannot issue', async () => {
    const kiosk = await t.enrollDevice(NK, KIOSK);
    expect(kiosk.device).toMatchObject({ id: KIOSK, centerId: NK, kind: 'kiosk' });
    const res = await t.issueAsKiosk(kiosk.credential, NK, { areaId: 'ht' });
    expect(res.status).toBe(201);
    expect(res.body.ticket.kioskId).toBe(KIOSK);
    expect((await t.issueAsKiosk(kiosk.credential, CR, { areaId: 'ht' })).body).toMatchObject({ code: 'WRONG_CENTER' });
    const hall = await t.enrollDevice(NK, 'ninh-kieu-hall');
    const refused = await t.issueAsKiosk(hall.credential, NK, { areaId: 'ht' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('DEVICE_WRONG_KIND');
  });

  it('a staff session issues for a citizen at the desk, with no print job', async () => {
    const res = await t.requestAs(
      'canbo1.cai-rang',
      'POST',
      `/api/centers/${CR}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    expect(res.status).toBe(201);
    expect(res.body.ticket.kioskId).toBeNull();
    expect(
      await t.db().selectFrom('print_jobs').select('id').where('ticket_id', '=', res.body.ticket.id).execute(),
    ).toEqual([]);
    // Staff of another center cannot.
    const other = await t.requestAs(
      'canbo1.cai-rang',
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    expect(other.status).toBe(403);
  });

  it('caps a kiosk at its budget per minute with a clear 429, and lets it go on the next minute', async () => {
    const kiosk = await t.enrollDevice(CR, { kind: 'kiosk', name: 'Kiosk thử giới hạn' });
    for (let i = 0; i < 3; i++) expect((await t.issueAsKiosk(kiosk.credential, CR, { areaId: 'ht' })).status).toBe(201);
    const before = await ticketCount();
    const res = await t.issueAsKiosk(kiosk.credential, CR, { areaId: 'ht' });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'KIOSK_RATE_LIMITED' });
    expect(await ticketCount()).toBe(before);
    offset += 61_000;
    expect((await t.issueAsKiosk(kiosk.credential, CR, { areaId: 'ht' })).status).toBe(201);
  });
});

describe('pairing and revocation', () => {
  it('a pairing code works once and not after it expires', async () => {
    const added = await t.request('POST', `/api/centers/${NK}/devices`, {
      kind: 'hall_display',
      name: 'Màn hình tầng 2',
    });
    expect(added.status).toBe(201);
    const { code, pairingUrl } = added.body.pairing;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(pairingUrl).toBe(`${t.url}/display/?pair=${code}`);
    const first = await t.requestAs(null, 'POST', '/api/devices/pair', { code: code.toLowerCase().replace('-', ' ') });
    expect(first.status).toBe(200);
    expect(first.body.device).toMatchObject({ kind: 'hall_display', centerId: NK });
    const again = await t.requestAs(null, 'POST', '/api/devices/pair', { code });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('PAIRING_CODE_INVALID');

    // Only the digest is kept.
    const row = await t
      .db()
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', added.body.device.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(first.body.credential);

    const late = await t.request('POST', `/api/centers/${NK}/devices/${added.body.device.id}/pairing-code`);
    offset += 5 * 60_000 + 1_000;
    const expired = await t.requestAs(null, 'POST', '/api/devices/pair', { code: late.body.code });
    expect(expired.body.code).toBe('PAIRING_CODE_INVALID');
  });

  it('a revoked kiosk cannot issue, its socket is dropped, and pairing again gives it a new credential', async () => {
    const kiosk = await t.enrollDevice(CR, { kind: 'kiosk', name: 'Kiosk sẽ thu hồi' });
    const socket = t.deviceSocket(kiosk.credential);
    await connected(socket);
    expect(await socket.emitWithAck('kiosk:watch', { centerId: CR, kioskId: kiosk.device.id })).toMatchObject({
      ok: true,
    });
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const revoked = await t.request('POST', `/api/centers/${CR}/devices/${kiosk.device.id}/revoke`);
    expect(revoked.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    const res = await t.issueAsKiosk(kiosk.credential, CR, { areaId: 'ht' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('DEVICE_CREDENTIAL_INVALID');
    // Its handshake is refused too.
    const again = t.deviceSocket(kiosk.credential);
    await expect(connected(again)).rejects.toThrow('DEVICE_CREDENTIAL_INVALID');
    again.disconnect();
    expect((await listed(CR, kiosk.device.id))?.revokedAt).not.toBeNull();
    // The audit log has it.
    const audit = await t.request('GET', `/api/audit?entityKind=device&centerId=${CR}`);
    expect(JSON.stringify(audit.body)).toContain('revoke');
  });

  it('only a manager of the center or an administrator adds devices', async () => {
    const body = { kind: 'kiosk', name: 'Kiosk phụ' };
    expect((await t.requestAs('quanly.cai-rang', 'POST', `/api/centers/${CR}/devices`, body)).status).toBe(201);
    expect((await t.requestAs('quanly.cai-rang', 'POST', `/api/centers/${NK}/devices`, body)).status).toBe(403);
    expect((await t.requestAs('canbo1.cai-rang', 'POST', `/api/centers/${CR}/devices`, body)).status).toBe(403);
    expect((await t.requestAs(null, 'GET', `/api/centers/${CR}/devices`)).status).toBe(401);
    const bad = await t.request('POST', `/api/centers/${CR}/devices`, {
      kind: 'print_agent',
      name: 'Máy in',
      kioskId: KIOSK,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('DEVICE_INVALID');
  });
});

describe('print agents', () => {
  it('refuses an anonymous printer:attach', async () => {
    const socket = t.socket();
    cleanups.push(() => void socket.disconnect());
    expect(await socket.emitWithAck('printer:attach', { centerId: NK, kioskId: KIOSK })).toMatchObject({
      ok: false,
      code: 'DEVICE_CREDENTIAL_REQUIRED',
    });
    expect(await socket.emitWithAck('kiosk:watch', { centerId: NK, kioskId: KIOSK })).toMatchObject({
      ok: false,
      code: 'DEVICE_CREDENTIAL_REQUIRED',
    });
  });

  it('a print agent cannot attach to another kiosk, nor can a kiosk attach as a printer', async () => {
    const agent = await t.enrollDevice(NK, AGENT);
    const socket = t.deviceSocket(agent.credential);
    cleanups.push(() => void socket.disconnect());
    const second = await t.request('POST', `/api/centers/${NK}/devices`, { kind: 'kiosk', name: 'Kiosk 2' });
    for (const [centerId, kioskId] of [
      [NK, second.body.device.id],
      [CR, 'cai-rang-kiosk-1'],
    ])
      expect(await socket.emitWithAck('printer:attach', { centerId, kioskId })).toMatchObject({
        ok: false,
        code: 'DEVICE_WRONG_KIND',
      });
    const kiosk = t.deviceSocket((await t.enrollDevice(NK, KIOSK)).credential);
    cleanups.push(() => void kiosk.disconnect());
    expect(await kiosk.emitWithAck('printer:attach', { centerId: NK, kioskId: KIOSK })).toMatchObject({
      ok: false,
      code: 'DEVICE_WRONG_KIND',
    });
  });

  it('pairs with --pair (kept in the state dir), and its printer running out of paper reaches the device list', async () => {
    const printer = await startFakePrinter();
    cleanups.push(() => printer.close());
    const added = await t.request('POST', `/api/centers/${CR}/devices`, {
      kind: 'print_agent',
      name: 'Máy in kiosk',
      kioskId: 'cai-rang-kiosk-1',
    });
    expect(added.body.pairing.pairingUrl).toBeNull();
    const stateDir = join(dir, 'agent');
    const paired = await pairAgent(t.url, added.body.pairing.code, stateDir);
    expect(savedPairing(stateDir)).toEqual(paired);
    const staff = await t.socketAs('quanly.cai-rang');
    const events: DeviceStatusEvent[] = [];
    staff.on('device:status', (e) => events.push(e));
    const board = subscribe(staff, CR);
    cleanups.push(() => board.close());
    await board.until(() => true);

    const agent = new PrintAgent({
      serverUrl: t.url,
      credential: paired.credential,
      centerId: paired.device.centerId,
      kioskId: paired.device.kioskId!,
      target: targetOf(printer.url),
      paper: 80,
      profile: profileOf('epson'),
      stateDir,
      retryMs: 100,
      pollMs: 200,
      timeoutMs: 1_000,
    });
    agent.start();
    cleanups.push(() => agent.stop());
    const id = paired.device.id;
    const ok = await waitFor(async () => {
      const d = await listed(CR, id);
      return d?.status === 'ok' && d;
    }, 'agent ok');
    expect(ok.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(ok.enrolledAt).not.toBeNull();

    printer.paperNearEnd = true;
    await waitFor(async () => (await listed(CR, id))?.status === 'paper_near_end', 'paper near end');
    printer.paperOut = true;
    const out = await waitFor(async () => {
      const d = await listed(CR, id);
      return d?.status === 'paper_out' && d;
    }, 'paper out');
    expect(out.statusMessage).toMatch(/hết giấy/);
    expect(out.history.map((h) => h.status).slice(0, 3)).toEqual(['paper_out', 'paper_near_end', 'ok']);
    await waitFor(() => events.find((e) => e.deviceId === id && e.status === 'paper_out'), 'device:status event');
    expect(events.find((e) => e.status === 'paper_out')).toMatchObject({
      centerId: CR,
      kind: 'print_agent',
      previous: 'paper_near_end',
    });

    printer.coverOpen = true;
    printer.paperOut = false;
    await waitFor(async () => (await listed(CR, id))?.status === 'cover_open', 'cover open');
  });
});

describe('health', () => {
  it('a display whose heartbeat stops is offline after the configured time; the staff room hears it', async () => {
    const display = await t.enrollDevice(CR, 'cai-rang-hall');
    const socket = t.deviceSocket(display.credential);
    await connected(socket);
    expect(await socket.emitWithAck('device:heartbeat', { version: '0.1.0', condition: 'ok' })).toEqual({ ok: true });
    expect(await socket.emitWithAck('device:heartbeat', { version: 'x', condition: 'melted' })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    const seen = await listed(CR, 'cai-rang-hall');
    expect(seen).toMatchObject({ status: 'ok', version: '0.1.0' });

    const staff = await t.socketAs('admin.cantho');
    const events: DeviceStatusEvent[] = [];
    staff.on('device:status', (e) => events.push(e));
    const board = subscribe(staff, CR);
    cleanups.push(() => board.close());
    await board.until(() => true);

    // 80 s later it is still online; past 90 s without a heartbeat it is offline.
    offset += 80_000;
    await new Promise((r) => setTimeout(r, 400));
    expect((await listed(CR, 'cai-rang-hall'))?.status).toBe('ok');
    expect(events.filter((e) => e.deviceId === 'cai-rang-hall')).toEqual([]);
    offset += 15_000;
    const event = await waitFor(() => events.find((e) => e.deviceId === 'cai-rang-hall'), 'offline event');
    expect(event).toMatchObject({ status: 'offline', previous: 'ok', kind: 'hall_display' });
    const off = await listed(CR, 'cai-rang-hall');
    expect(off?.status).toBe('offline');
    expect(off?.history[0]).toMatchObject({ status: 'offline' });
    // A heartbeat brings it back.
    await socket.emitWithAck('device:heartbeat', { version: '0.1.0', condition: 'ok' });
    expect((await listed(CR, 'cai-rang-hall'))?.status).toBe('ok');
    socket.disconnect();
  });
});
