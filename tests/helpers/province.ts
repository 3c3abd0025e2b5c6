// The reference provincial system next to a test server, with fast timings, and dossier helpers.
import type { DossierReceipt, ReceiveDossierBody } from '@luot/contract';
import type { HandoffOptions } from '../../server/src/handoff/worker.ts';
import {
  buildReferenceProvince,
  type ProvinceOptions,
  type ReferenceProvince,
} from '../../server/src/reference-province/province.ts';
import { DEMO_AUTHORITIES, DEMO_PROCEDURES } from '../../server/src/seed/procedures.ts';
import type { StartOptions } from '../../server/src/server.ts';
import { newKey, startTestServer, type TestServer } from './server.ts';

export const SECRET = 'test-webhook-secret';
const CREDENTIALS = { username: 'luot-test', password: 'pw-test' };

/** Fast enough for tests, slow enough for the faults to matter. Never asserted as durations. */
export const FAST_HANDOFF: Partial<HandoffOptions> = {
  backoff: { baseMs: 20, maxMs: 200 },
  breakerThreshold: 3,
  breakerCooldownMs: 100,
  reconcilePeriodMs: 0,
  idleMs: 100,
};

export interface Linked {
  province: ReferenceProvince;
  provinceUrl: string;
  t: TestServer;
  close(): Promise<void>;
}

export async function startLinked(
  options: {
    province?: Partial<ProvinceOptions>;
    handoff?: Partial<HandoffOptions>;
    timeoutMs?: number;
    config?: Partial<StartOptions['config']>;
    clock?: StartOptions['clock'];
    logStream?: StartOptions['logStream'];
  } = {},
): Promise<Linked> {
  const province = buildReferenceProvince({
    ...CREDENTIALS,
    webhookSecret: SECRET,
    authorities: DEMO_AUTHORITIES,
    procedures: DEMO_PROCEDURES,
    stepMs: 100,
    script: ['accepted', 'in_process', 'result_ready'],
    defaultCallbackUrl: null,
    webhookRetryMs: 50,
    ...options.province,
  });
  const provinceUrl = await province.listen(0);
  const t = await startTestServer({
    clock: options.clock,
    logStream: options.logStream,
    config: {
      provinceSystemUrl: provinceUrl,
      provinceSystemUser: CREDENTIALS.username,
      provinceSystemPassword: CREDENTIALS.password,
      provinceWebhookSecret: SECRET,
      provinceTimeoutMs: options.timeoutMs ?? 2_000,
      ...options.config,
    },
    handoff: { ...FAST_HANDOFF, ...options.handoff },
  });
  return {
    province,
    provinceUrl,
    t,
    async close() {
      await t.close();
      await province.close();
    },
  };
}

/** Issues a ticket at a center and brings it to a counter: what happens before an officer receives a dossier. */
export async function ticketAtCounter(t: TestServer, centerId: string, areaId: string, counterId: string) {
  const issued = await t.request(
    'POST',
    `/api/centers/${centerId}/tickets`,
    { areaId },
    { 'idempotency-key': newKey() },
  );
  if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
  // Others may wait in this line: call until ours comes (tests keep their lines short).
  for (;;) {
    const called = await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/call-next`);
    if (called.status !== 200) throw new Error(`call-next: ${called.status} ${JSON.stringify(called.body)}`);
    if (called.body.id === issued.body.ticket.id) break;
    await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/complete`, {});
  }
  await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/start`);
  return issued.body as { ticket: { id: string; dossierCode: string; trackingSecret: string; number: number } };
}

export const birthRegistration = (extra: Partial<ReceiveDossierBody> = {}): ReceiveDossierBody => ({
  procedureCode: '1.001193',
  applicant: { name: 'Nguyễn Thị Lan', type: 'citizen', idNumber: '092190001234', phone: '0912345678' },
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', copies: 1, original: true },
    { name: 'Giấy chứng sinh', copies: 1, original: true },
  ],
  fields: { childName: 'Trần Minh Khang', birthDate: '2026-11-20', relation: 'Mẹ' },
  ...extra,
});

/** Receives a dossier for the ticket at the counter. */
export async function receiveAt(
  t: TestServer,
  centerId: string,
  counterId: string,
  body: ReceiveDossierBody,
): Promise<DossierReceipt> {
  const res = await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/dossiers`, body);
  if (res.status !== 201) throw new Error(`receive: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Waits until `check` returns a value (not undefined/false), polling; fails with `what` after `ms`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
