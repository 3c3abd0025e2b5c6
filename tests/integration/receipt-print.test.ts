// The dossier's receipt on the 80 mm thermal printer of the counter that received it: a print agent enrolled for
// the counter (the real agent) and a network printer on 127.0.0.1 (the fake one). The bytes the printer gets are
// the receipt's layout, their text the form's words with their diacritics; no printer, a 409 with its code; a job
// not printed within its validity is never printed when the agent comes back. On SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeviceConfig,
  type DeviceView,
  type DossierReceipt,
  type PairedDevice,
  type ProvinceFile,
  receiptForm,
} from '@luot/contract';
import { PrintAgent } from '../../printer/src/agent.ts';
import { targetOf } from '../../printer/src/connection.ts';
import { decode, textLines } from '../../printer/src/decode.ts';
import { startFakePrinter } from '../../printer/src/fake-printer.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { receiptBytes } from '../../printer/src/ticket-bytes.ts';
import { birthRegistration, type Linked, receiveAt, startLinked, ticketAtCounter } from '../helpers/province.ts';
import { waitFor } from '../helpers/wait.ts';

const CENTER = 'ninh-kieu';
const COUNTER = '2';
/** Text in Windows-1258 (EPSON code page 52): the decoded bytes are words, checked with their diacritics. */
const profile = profileOf('epson', { text: 'text:52' });
const TTL_MS = 2_500;

let linked: Linked;
let dir: string;
let agentDevice: PairedDevice;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  linked = await startLinked({ province: { script: [] }, config: { printJobTtlMs: TTL_MS } });
  dir = mkdtempSync(join(tmpdir(), 'luot-receipt-print-'));
  agentDevice = await linked.t.enrollDevice(CENTER, {
    kind: 'print_agent',
    name: 'Máy in biên nhận quầy 2',
    counterId: COUNTER,
  });
});
afterAll(async () => {
  await linked?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const enc = encodeURIComponent;
const printReceipt = (code: string, counterId = COUNTER, as: string | null = null) =>
  as
    ? linked.t.requestAs(as, 'POST', `/api/dossiers/${enc(code)}/receipt/print`, { counterId })
    : linked.t.request('POST', `/api/dossiers/${enc(code)}/receipt/print`, { counterId });

function startAgent(printer: string, stateDir: string) {
  const agent = new PrintAgent({
    serverUrl: linked.t.url,
    credential: agentDevice.credential,
    centerId: CENTER,
    counterId: COUNTER,
    target: targetOf(printer),
    paper: 80,
    profile,
    stateDir,
    retryMs: 100,
    pollMs: 200,
    timeoutMs: 1_000,
  });
  agent.start();
  cleanups.push(() => agent.stop());
  return agent;
}

async function fakePrinter(port?: number) {
  const printer = await startFakePrinter(port ? { port } : {});
  cleanups.push(() => printer.close());
  return printer;
}

/** The agent's device as the console lists it: its heartbeat says it is attached and how its printer is. */
const agentStatus = async () =>
  (await linked.t.request<DeviceView[]>('GET', `/api/centers/${CENTER}/devices`)).body.find(
    (d) => d.id === agentDevice.device.id,
  )?.status;

const jobsOf = (code: string) =>
  linked.t
    .db()
    .selectFrom('receipt_print_jobs')
    .select(['id', 'state', 'attempts', 'counter_id', 'requested_by'])
    .where('dossier_code', '=', code)
    .execute();

async function receivedDossier(): Promise<DossierReceipt> {
  await ticketAtCounter(linked.t, CENTER, 'ht', COUNTER);
  const received = await receiveAt(
    linked.t,
    CENTER,
    COUNTER,
    birthRegistration({
      applicant: {
        name: 'Phạm Thị Ngọc Ánh',
        type: 'citizen',
        idNumber: '092185004567',
        phone: '0912345678',
        address: 'Số 12 đường Hòa Bình, phường Ninh Kiều',
      },
    }),
  );
  await linked.t.request('POST', `/api/centers/${CENTER}/counters/${COUNTER}/complete`, {});
  return received;
}

describe('receipt on the counter’s thermal printer', () => {
  it('is refused with COUNTER_NO_PRINTER until the counter’s agent is attached, then printed as the layout draws it', async () => {
    const { dossier } = await receivedDossier();
    const none = await printReceipt(dossier.code);
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ statusCode: 409, code: 'COUNTER_NO_PRINTER' });
    expect(none.body.messageVi).toMatch(/chưa có máy in nhiệt/);
    expect(await jobsOf(dossier.code)).toEqual([]);

    const printer = await fakePrinter();
    startAgent(printer.url, join(dir, 'state-a'));
    await waitFor(async () => (await agentStatus()) === 'ok', 'agent attached with its printer ready');

    const res = await printReceipt(dossier.code);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'printed', message: null });
    const [bytes] = await printer.waitForJobs(1);

    // Exactly the receipt's layout, from the receipt as the desk reads it.
    const receipt = (await linked.t.request<DossierReceipt>('GET', `/api/dossiers/${enc(dossier.code)}`)).body;
    const form = receiptForm(receipt);
    expect(Buffer.compare(bytes, await receiptBytes(form, 80, profile))).toBe(0);
    const words = textLines(decode(bytes, { commands: 'epson', vietnamesePage: 52 }))
      .join(' ')
      .replace(/\s+/g, ' ');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${dossier.code}`,
      'Tiếp nhận hồ sơ của: Phạm Thị Ngọc Ánh',
      'Số CCCD/định danh cá nhân: 092185004567',
      'Địa chỉ: Số 12 đường Hòa Bình, phường Ninh Kiều',
      'Số điện thoại: 0912345678',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ])
      expect(words).toContain(expected);
    for (const item of form.items) expect(words).toContain(`${item.label}: ${item.value}`.replace(/\s+/g, ' '));
    for (const d of form.documents) expect(words).toContain(d.name);

    const [job] = await jobsOf(dossier.code);
    expect(job).toMatchObject({ state: 'printed', attempts: 1, counter_id: COUNTER });
    expect(job.requested_by).toContain('admin.cantho');

    // Printing again is a new job, printed once more; the first is never re-sent.
    expect((await printReceipt(dossier.code)).body.state).toBe('printed');
    expect(await printer.waitForJobs(2)).toHaveLength(2);
    expect((await jobsOf(dossier.code)).map((j) => j.state)).toEqual(['printed', 'printed']);
  });

  it('refuses other centers, unknown dossiers and counters, bad bodies, and agents of the wrong kind', async () => {
    const { dossier } = await receivedDossier();
    expect((await printReceipt(dossier.code, COUNTER, 'canbo1.cai-rang')).status).toBe(403);
    expect((await printReceipt(dossier.code, COUNTER, null)).status).toBe(409); // the administrator: no agent now
    const unknown = await printReceipt('000.00.00.H13-000000-0000');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'DOSSIER_NOT_FOUND' } });
    expect((await printReceipt(dossier.code, '99')).body.code).toBe('COUNTER_NOT_FOUND');
    const bad = await linked.t.request('POST', `/api/dossiers/${enc(dossier.code)}/receipt/print`, { counter: 2 });
    expect(bad.status).toBe(400);
    expect(
      (await linked.t.requestAs(null, 'POST', `/api/dossiers/${enc(dossier.code)}/receipt/print`, { counterId: '2' }))
        .status,
    ).toBe(401);
    expect(await jobsOf(dossier.code)).toEqual([]);

    // A print agent is bound to a kiosk or a counter of its own center, never both.
    const create = (body: object) => linked.t.request('POST', `/api/centers/${CENTER}/devices`, body);
    expect((await create({ kind: 'print_agent', name: 'x', counterId: '99' })).body.code).toBe('DEVICE_INVALID');
    expect(
      (await create({ kind: 'print_agent', name: 'x', counterId: '1', kioskId: 'ninh-kieu-kiosk-1' })).body.code,
    ).toBe('DEVICE_INVALID');

    // The counter's agent is no kiosk's printer, and a kiosk's agent no counter's.
    const counterAgent = linked.t.deviceSocket(agentDevice.credential);
    cleanups.push(() => void counterAgent.disconnect());
    expect(
      await counterAgent.emitWithAck('printer:attach', { centerId: CENTER, kioskId: 'ninh-kieu-kiosk-1' }),
    ).toMatchObject({ ok: false, code: 'DEVICE_WRONG_KIND' });
    expect(
      await counterAgent.emitWithAck('counter-printer:attach', { centerId: CENTER, counterId: '1' }),
    ).toMatchObject({ ok: false, code: 'DEVICE_WRONG_KIND' });
    const kioskAgent = linked.t.deviceSocket((await linked.t.enrollDevice(CENTER, 'ninh-kieu-printer-1')).credential);
    cleanups.push(() => void kioskAgent.disconnect());
    expect(
      await kioskAgent.emitWithAck('counter-printer:attach', { centerId: CENTER, counterId: COUNTER }),
    ).toMatchObject({ ok: false, code: 'DEVICE_WRONG_KIND' });
  });

  it('declares a counter’s print agent in the province file, and refuses one bound to an unknown counter or to both', async () => {
    const file = (await linked.t.request<ProvinceFile>('GET', '/api/admin/province-file?format=json')).body;
    const apply = (devices: DeviceConfig[]) =>
      linked.t.request('POST', '/api/admin/province-file', {
        text: JSON.stringify({
          ...file,
          centers: file.centers.map((c) =>
            c.id === CENTER ? { ...c, devices: [...(c.devices ?? []), ...devices] } : c,
          ),
        }),
        dryRun: false,
      });
    const declared = {
      id: 'ninh-kieu-receipt-printer-1',
      kind: 'print_agent',
      name: 'Máy in biên nhận quầy 1',
    } as const;
    for (const wrong of [
      { ...declared, counterId: '99', kioskId: null },
      { ...declared, counterId: '1', kioskId: 'ninh-kieu-kiosk-1' },
    ]) {
      const refused = await apply([wrong]);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('ninh-kieu-receipt-printer-1');
    }
    const applied = await apply([{ ...declared, counterId: '1', kioskId: null }]);
    expect(applied.status).toBe(200);
    expect(applied.body.changes).toEqual([
      expect.objectContaining({ entityKind: 'device', entityId: declared.id, action: 'create' }),
    ]);
    const listed = (await linked.t.request<DeviceView[]>('GET', `/api/centers/${CENTER}/devices`)).body;
    expect(listed.find((d) => d.id === declared.id)).toMatchObject({
      kind: 'print_agent',
      counterId: '1',
      kioskId: null,
    });
  });

  it('never prints a receipt job that expired when the agent reconnects', async () => {
    const { dossier } = await receivedDossier();
    // A port nothing listens on yet: the agent attaches, gets the job and cannot reach its printer.
    const probe = await startFakePrinter();
    await probe.close();
    const stateDir = join(dir, 'state-b');
    const first = startAgent(`tcp://127.0.0.1:${probe.port}`, stateDir);
    await waitFor(async () => (await agentStatus()) === 'printer_offline', 'agent attached, printer unreachable');

    const answer = printReceipt(dossier.code);
    await waitFor(async () => (await jobsOf(dossier.code))[0]?.state === 'printing', 'job sent to the agent');
    await first.stop();
    // The citizen has left the counter: past its validity the job is expired, whatever the agent does later.
    expect((await answer).body).toMatchObject({ state: 'expired' });
    expect((await jobsOf(dossier.code))[0].state).toBe('expired');

    const printer = await fakePrinter(probe.port);
    startAgent(printer.url, stateDir);
    await waitFor(async () => (await agentStatus()) === 'ok', 'agent back with its printer');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(printer.jobs).toHaveLength(0);
    expect((await jobsOf(dossier.code))[0]).toMatchObject({ state: 'expired', attempts: 1 });
  });
});
