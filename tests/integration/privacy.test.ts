// Personal data (Law 91/2025/QH15, Decree 356/2025) through the real server, the reference province and the
// reference message gateway, on the run's store (SQLite, then PostgreSQL), with a clock that can jump ahead:
// - a day's flow: tickets, an online number with a phone, dossiers with applicants' names, ID numbers and phones,
//   a phone given for notifications, results returned to a named recipient;
// - staff's views of personal data recorded (dossier detail, receipt PDF, lists); who may see the register;
// - consents kept as proof (notifications, online numbers) and withdrawn from the console;
// - a person's requests with their legal deadlines on the province calendar, overdue flags, audit;
// - a deletion request removes the person from every table it reached (an open dossier is kept, by law);
// - after the retention period personal fields are gone and the counts (reports) remain;
// - the server's whole log of it holds no name, ID number or phone.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, type Dossier, type PersonalDataRegister, type PrivacyRequest } from '@luot/contract';
import { serviceDayOf } from '../../server/src/engine/service-day.ts';
import { buildReferenceGateway, type ReferenceGateway } from '../../server/src/reference-gateway/gateway.ts';
import type { Database } from '../../server/src/store/schema.ts';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';
import { newKey } from '../helpers/server.ts';

const GATEWAY_SECRET = 'test-gateway-secret';
const DAY_MS = 86_400_000;

// The people of the day: every one of these values must stay out of the log.
const A = { name: 'Lê Hoàng Phúc', idNumber: '092085004321', phone: '0903111222' };
const B = { name: 'Phạm Thị Bích Ngọc', idNumber: '092301009876', phone: '0987654321' };
const C = { name: 'Võ Minh Tâm', idNumber: '092199007777', phone: '0934555666' };
const ONLINE_PHONE = '0977888999';
const NOTIFY_PHONE_B = '0966111333';
const CHILD = 'Trần Gia Bảo';
const PERSONAL = [A, B, C].flatMap((p) => [p.name, p.idNumber, p.phone]).concat(ONLINE_PHONE, NOTIFY_PHONE_B, CHILD);

describe('personal data and retention', { timeout: 120_000 }, () => {
  let linked: Linked;
  let gateway: ReferenceGateway;
  let offset = 0;
  const lines: string[] = [];

  beforeAll(async () => {
    gateway = buildReferenceGateway({ secret: GATEWAY_SECRET });
    const gatewayUrl = `${await gateway.listen(0, '127.0.0.1')}/messages`;
    linked = await startLinked({
      clock: () => new Date(Date.now() + offset),
      logStream: new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
      config: {
        logLevel: 'trace',
        notifyGatewayUrl: gatewayUrl,
        notifyGatewaySecret: GATEWAY_SECRET,
        onlineRatePerMinute: 10_000,
        onlineCodesPer10Minutes: 10_000,
        retention: { days: { ticketLinks: 2, phones: 2, applicant: 3, documents: 3, logs: 3 }, hour: 2 },
      },
    });
  });
  afterAll(async () => {
    await linked?.close();
    await gateway?.close();
  });

  const t = () => linked.t;
  const db = () => t().db();
  const enc = encodeURIComponent;
  const dossierOf = async (code: string): Promise<Dossier> =>
    (await t().request('GET', `/api/dossiers/${enc(code)}`)).body.dossier;

  /** A citizen at the counter, their dossier received, the result made ready by the province and handed back. */
  async function dossierFor(p: typeof A, fields: Record<string, string> = {}, counter = '2') {
    const issued = await ticketAtCounter(t(), 'ninh-kieu', 'ht', counter);
    const receipt = await receiveAt(
      t(),
      'ninh-kieu',
      counter,
      birthRegistration({
        applicant: { name: p.name, type: 'citizen', idNumber: p.idNumber, phone: p.phone },
        fields: { childName: CHILD, birthDate: '2026-11-20', relation: 'Mẹ', ...fields },
        notes: `Người nộp ${p.name}`,
      }),
    );
    await t().request('POST', `/api/centers/ninh-kieu/counters/${counter}/complete`, {});
    return { issued, code: receipt.dossier.code };
  }
  const returnTo = async (code: string, p: typeof A) => {
    await eventually(`${code} ready`, async () => (await dossierOf(code)).status === 'result_ready', 20_000);
    const res = await t().request('POST', `/api/dossiers/${enc(code)}/return`, {
      method: 'in_person',
      recipientName: p.name,
      recipientIdNumber: p.idNumber,
    });
    expect(res.status).toBe(200);
  };
  const optInPhone = async (ticket: { dossierCode: string; trackingSecret: string }, phone: string) => {
    const res = await t().requestAs(null, 'POST', '/api/track/phone', {
      code: ticket.dossierCode,
      s: ticket.trackingSecret,
      phone,
      consent: true,
      consentVersion: 1,
      lang: 'vi',
    });
    expect(res.status).toBe(201);
  };
  const onlineNumber = async (phone: string) => {
    const code = await t().requestAs(null, 'POST', '/api/online/codes', { phone, lang: 'vi' });
    expect(code.status).toBe(201);
    const text = gateway.messages.filter((m) => m.to === phone).at(-1)?.text ?? '';
    const otp = /\b(\d{6})\b/.exec(text)?.[1];
    const res = await t().requestAs(null, 'POST', '/api/online/centers/ninh-kieu/tickets', {
      areaId: 'ht',
      phone,
      requestId: code.body.requestId,
      code: otp,
    });
    expect(res.status).toBe(201);
    return res.body.ticket.id as string;
  };
  const newRequest = (body: Record<string, unknown>, as = 'quanly.ninh-kieu') =>
    t().requestAs<PrivacyRequest>(as, 'POST', '/api/privacy/requests', { centerId: 'ninh-kieu', ...body });

  /** Every row of every table, as text: where a person's data could be. */
  /** `except`: a dossier whose rows (its own and those naming its code) are left out. */
  async function everything(except: string | null = null): Promise<Record<string, string>> {
    const tables = [
      'tickets',
      'events',
      'dossiers',
      'dossier_steps',
      'outbox',
      'province_updates',
      'handoff_attempts',
      'print_jobs',
      'ratings',
      'audit_log',
      'notify_subscriptions',
      'notify_consents',
      'citizen_codes',
      'citizen_tickets',
      'appointments',
      'privacy_consents',
      'privacy_requests',
      'personal_data_views',
      'retention_runs',
      'dossier_files',
      'feedback',
    ] as const satisfies readonly (keyof Database)[];
    const out: Record<string, string> = {};
    for (const table of tables) out[table] = JSON.stringify(await db().selectFrom(table).selectAll().execute());
    if (except !== null) {
      out.dossiers = JSON.stringify(
        await db().selectFrom('dossiers').selectAll().where('code', '<>', except).execute(),
      );
      for (const table of ['dossier_steps', 'outbox', 'province_updates', 'handoff_attempts'] as const)
        out[table] = JSON.stringify(
          await db().selectFrom(table).selectAll().where('dossier_code', '<>', except).execute(),
        );
    }
    return out;
  }

  let bTicket: { id: string; dossierCode: string; trackingSecret: string };
  let bCode = '';
  let bOnline = '';
  const today = () => serviceDayOf(new Date(Date.now() + offset));

  it("records every staff view of a dossier's personal data, and only managers see the records", async () => {
    const { issued, code } = await dossierFor(B, {}, '2');
    bTicket = issued.ticket;
    bCode = code;
    await optInPhone(bTicket, NOTIFY_PHONE_B);
    bOnline = await onlineNumber(ONLINE_PHONE);

    const officer = 'canbo1.ninh-kieu';
    expect((await t().requestAs(officer, 'GET', `/api/dossiers/${enc(code)}`)).status).toBe(200);
    const pdf = await fetch(`${t().url}/api/dossiers/${enc(code)}/receipt.pdf`, {
      headers: { cookie: await t().cookieOf('quanly.ninh-kieu') },
    });
    expect(pdf.status).toBe(200);
    expect((await t().requestAs(officer, 'GET', '/api/centers/ninh-kieu/dossiers')).status).toBe(200);

    const views = await t().requestAs('quanly.ninh-kieu', 'GET', `/api/privacy/views?ref=${enc(code)}`);
    expect(views.status).toBe(200);
    expect(views.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: officer, role: 'officer', what: 'dossier', ref: code, centerId: 'ninh-kieu' }),
        expect.objectContaining({ actor: 'quanly.ninh-kieu', what: 'receipt_pdf', ref: code }),
      ]),
    );
    const lists = await t().requestAs('quanly.ninh-kieu', 'GET', '/api/privacy/views?ref=ninh-kieu');
    expect(
      lists.body.some((v: { what: string; actor: string }) => v.what === 'dossier_list' && v.actor === officer),
    ).toBe(true);
    // Officers see none of it; another center's manager not this center's.
    expect((await t().requestAs(officer, 'GET', '/api/privacy/views')).status).toBe(403);
    expect((await t().requestAs(officer, 'GET', '/api/privacy/register')).status).toBe(403);
    expect((await t().requestAs('quanly.cai-rang', 'GET', '/api/privacy/views?centerId=ninh-kieu')).status).toBe(403);
    expect((await t().requestAs('quanly.cai-rang', 'GET', '/api/privacy/views')).body).toEqual([]);
    expect((await t().requestAs(null, 'GET', '/api/privacy/register')).status).toBe(401);
  });

  it('serves the register of personal data with its purposes, legal bases, places and retention', async () => {
    const res = await t().requestAs<PersonalDataRegister>('quanly.ninh-kieu', 'GET', '/api/privacy/register');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.entries.map((e) => [e.id, e]));
    expect(byId.applicant).toMatchObject({ basis: 'legal_obligation', retention: 'applicant', retentionDays: 3 });
    expect(byId.applicant.where).toContain('dossiers.applicant');
    expect(byId.applicant.held).toBeGreaterThanOrEqual(1);
    expect(byId.phones).toMatchObject({ basis: 'consent', retentionDays: 2 });
    expect(byId.phones.held).toBeGreaterThanOrEqual(1);
    expect(byId.ticketLinks.held).toBeGreaterThanOrEqual(1);
    expect(res.body.retentionDays).toEqual({ ticketLinks: 2, phones: 2, applicant: 3, documents: 3, logs: 3 });
    expect(byId.applicant.purpose.vi).toMatch(/Tiếp nhận/);
  });

  it('keeps consents as proof (what, when, the words and their version, channel) and withdraws them', async () => {
    const list = await t().requestAs('quanly.ninh-kieu', 'GET', '/api/privacy/consents');
    expect(list.status).toBe(200);
    const notify = list.body.find(
      (c: { ref: string; source: string }) => c.source === 'notify' && c.ref === bTicket.id,
    );
    expect(notify).toMatchObject({ channel: 'sms', textVersion: 1, endedAt: null });
    expect(notify.textShown).toContain('Tôi đồng ý');
    expect(notify.givenAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const online = list.body.find((c: { ref: string; source: string }) => c.source === 'online' && c.ref === bOnline);
    expect(online).toMatchObject({ purpose: 'online_number', textVersion: 1, endedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(NOTIFY_PHONE_B);

    // Another center's manager cannot withdraw it; this one can, and the phone it allowed goes.
    expect((await t().requestAs('quanly.cai-rang', 'POST', `/api/privacy/consents/${notify.id}/withdraw`)).status).toBe(
      404,
    );
    const withdrawn = await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/consents/${notify.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ endedReason: 'withdrawn' });
    expect(
      await db().selectFrom('notify_subscriptions').selectAll().where('ticket_id', '=', bTicket.id).execute(),
    ).toHaveLength(0);
    expect(
      (await db().selectFrom('notify_consents').selectAll().where('id', '=', notify.id).executeTakeFirstOrThrow())
        .ended_reason,
    ).toBe('withdrawn');
    expect(
      (await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/consents/${notify.id}/withdraw`)).status,
    ).toBe(409);
    const audit = await t().request('GET', '/api/audit?entityKind=consent');
    expect(audit.body.entries[0]).toMatchObject({ action: 'consent.withdraw', actor: 'quanly.ninh-kieu' });
  });

  it("records a person's request with its deadlines on the province calendar, flags overdue ones, audits it", async () => {
    // Wednesday 29/04/2026: 30/04 and 01/05 are holidays, then a weekend: the 2 working days end Tuesday 05/05.
    const r = await newRequest({ kind: 'access', idNumber: B.idNumber, receivedAt: '2026-04-29T03:00:00.000Z' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'access',
      state: 'open',
      replyDue: '2026-05-05',
      completeDue: '2026-05-14',
      replyOverdue: true,
      completeOverdue: true,
      idNumberMasked: '*********876',
    });
    expect(JSON.stringify(r.body)).not.toContain(B.idNumber);
    // Received today: nothing overdue yet.
    const fresh = await newRequest({ kind: 'withdraw', phone: ONLINE_PHONE });
    expect(fresh.body).toMatchObject({ replyOverdue: false, completeOverdue: false, phoneMasked: '097****999' });
    // Refusals change nothing.
    expect((await newRequest({ kind: 'delete' })).body).toMatchObject({
      statusCode: 400,
      code: 'PRIVACY_SUBJECT_REQUIRED',
    });
    expect((await newRequest({ kind: 'delete', idNumber: 'x' })).status).toBe(400);
    expect((await newRequest({ kind: 'access', idNumber: B.idNumber }, 'canbo1.ninh-kieu')).status).toBe(403);
    expect((await newRequest({ kind: 'access', idNumber: B.idNumber }, 'quanly.cai-rang')).status).toBe(403);

    const list = await t().requestAs('quanly.ninh-kieu', 'GET', '/api/privacy/requests?state=open');
    expect(list.body.map((x: PrivacyRequest) => x.id)).toEqual(expect.arrayContaining([r.body.id, fresh.body.id]));
    expect((await t().requestAs('quanly.cai-rang', 'GET', `/api/privacy/requests/${r.body.id}`)).status).toBe(404);

    // "See my data": the person's dossier and online number, and the staff view of it is recorded.
    const data = await t().requestAs('quanly.ninh-kieu', 'GET', `/api/privacy/requests/${r.body.id}/data`);
    expect(data.status).toBe(200);
    expect(data.body.dossiers.map((d: { code: string }) => d.code)).toContain(bCode);
    const replied = await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/requests/${r.body.id}/reply`, {
      note: 'Đã gửi bản sao dữ liệu',
    });
    expect(replied.body).toMatchObject({ state: 'replied', replyOverdue: false, handledBy: 'quanly.ninh-kieu' });
    const done = await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/requests/${r.body.id}/complete`, {});
    expect(done.body).toMatchObject({
      state: 'completed',
      completeOverdue: false,
      outcome: { counts: { dossiers: 1 } },
    });
    expect(
      (await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/requests/${r.body.id}/complete`, {})).status,
    ).toBe(409);

    // Withdrawal of consent: the phone kept for the online number goes, the consent ends.
    const withdrawn = await t().requestAs(
      'quanly.ninh-kieu',
      'POST',
      `/api/privacy/requests/${fresh.body.id}/complete`,
      {},
    );
    expect(withdrawn.body.outcome.counts).toMatchObject({ citizen_tickets: 1, privacy_consents: 1 });
    expect(
      (await db().selectFrom('citizen_tickets').selectAll().where('ticket_id', '=', bOnline).executeTakeFirstOrThrow())
        .phone_digest,
    ).toBe('erased');
    expect(
      (
        await db()
          .selectFrom('privacy_consents')
          .selectAll()
          .where('subject_ref', '=', bOnline)
          .executeTakeFirstOrThrow()
      ).withdrawn_reason,
    ).toBe('withdrawn');

    // Correction: the applicant's name as the person gives it.
    const fix = await newRequest({ kind: 'correct', idNumber: B.idNumber });
    expect(
      (await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/requests/${fix.body.id}/complete`, {})).body,
    ).toMatchObject({ code: 'PRIVACY_CORRECTION_REQUIRED' });
    const corrected = await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/requests/${fix.body.id}/complete`, {
      correction: { name: `${B.name} Sửa` },
    });
    expect(corrected.body.outcome.counts).toEqual({ dossiers: 1 });
    expect((await dossierOf(bCode)).applicant.name).toBe(`${B.name} Sửa`);

    const audit = await t().request('GET', '/api/audit?entityKind=privacy_request');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['privacy_request.create', 'privacy_request.reply', 'privacy_request.complete']),
    );
    expect(JSON.stringify(audit.body)).not.toContain(B.idNumber);
    const views = await t().requestAs('quanly.ninh-kieu', 'GET', `/api/privacy/views?ref=${r.body.id}`);
    expect(views.body[0]).toMatchObject({ what: 'privacy_request', actor: 'quanly.ninh-kieu' });
  });

  it("a deletion request removes the person's data from every table it reached; an open dossier is kept", async () => {
    const closed = await dossierFor(A, { childName: 'Lê Hoàng An' }, '2');
    await optInPhone(closed.issued.ticket, A.phone);
    await onlineNumber(A.phone);
    await returnTo(closed.code, A);
    const open = await dossierFor(A, { childName: 'Lê Hoàng Anh' }, '3');
    const digest = (await db().selectFrom('citizen_tickets').select('phone_digest').orderBy('ticket_id').execute()).map(
      (r) => r.phone_digest,
    );
    const before = JSON.stringify(await everything());
    expect(before).toContain(A.idNumber);

    const req = await newRequest({ kind: 'delete', idNumber: A.idNumber, phone: A.phone });
    const done = await t().requestAs('quanly.ninh-kieu', 'POST', `/api/privacy/requests/${req.body.id}/complete`, {});
    expect(done.status).toBe(200);
    expect(done.body.outcome.counts).toMatchObject({ dossiers: 1, dossiersKeptInProcess: 1 });
    expect(done.body.outcome.counts.citizen_tickets).toBe(1);
    expect(done.body.outcome.note).toContain(open.code);

    // The open dossier (kept by law) is the one place left.
    const after = await everything(open.code);
    for (const [table, text] of Object.entries(after))
      for (const value of [A.idNumber, A.phone, 'Lê Hoàng An"', `Người nộp ${A.name}`])
        expect(text.includes(value), `${value} in ${table}`).toBe(false);
    const gone = await db()
      .selectFrom('dossiers')
      .selectAll()
      .where('code', '=', closed.code)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(gone.applicant)).toEqual({ name: 'Đã ẩn danh', type: 'citizen', idNumber: 'ANONYMISED' });
    expect(gone.anonymised_at).not.toBeNull();
    expect(gone.fields).toBe('{}');
    expect(gone.delivery).toBeNull();
    // The dossier itself, its ticket and its history stay: they are counted.
    expect(gone.status).toBe('returned');
    expect(digest.length).toBeGreaterThan(0);
    expect(after.citizen_tickets).toContain('erased');
    expect(done.body.idNumberMasked).toBe('*********321');
  });

  it('after the retention period personal fields are gone and the counts remain', async () => {
    // C's dossier returned today; a rating comment; reports of today before retention.
    const c = await dossierFor(C, {}, '2');
    // A ticket without a dossier whose holder gave a phone for "your turn is near".
    const walkIn = await t().request(
      'POST',
      '/api/centers/ninh-kieu/tickets',
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    await optInPhone(walkIn.body.ticket, C.phone);
    await onlineNumber(C.phone);
    // A scan of C's papers and a feedback naming C, attached to the dossier.
    const scanBytes = Buffer.from(`%PDF-1.7\n${C.name} ${C.idNumber}\n`, 'utf8');
    const scan = await fetch(`${t().url}/api/dossiers/${enc(c.code)}/files?name=${enc('CCCD.pdf')}`, {
      method: 'POST',
      headers: {
        cookie: await t().cookieOf('quanly.ninh-kieu'),
        [CSRF_HEADER]: '1',
        'content-type': 'application/pdf',
      },
      body: new Uint8Array(scanBytes),
    });
    expect(scan.status).toBe(201);
    const feedback = await t().requestAs('quanly.ninh-kieu', 'POST', `/api/dossiers/${enc(c.code)}/feedback`, {
      kind: 'recommendation',
      content: `Ông ${C.name} đề nghị gọi lại số ${C.phone}.`,
    });
    expect(feedback.status).toBe(201);
    await returnTo(c.code, C);
    await returnTo(bCode, B);
    const day = today();
    const report = async () =>
      (await t().request('GET', `/api/centers/ninh-kieu/reports?from=${day}&to=${day}&by=day`)).body;
    const figuresBefore = await report();
    const ticketsBefore = (await db().selectFrom('tickets').select('id').execute()).length;
    const dossiersBefore = (await db().selectFrom('dossiers').select('code').execute()).length;

    // Too early: nothing of today goes.
    const early = await t().request('POST', '/api/privacy/retention/run');
    expect(early.status).toBe(200);
    expect(early.body['dossiers.applicant'] ?? 0).toBe(0);
    expect(
      JSON.stringify(await db().selectFrom('dossiers').selectAll().where('code', '=', c.code).execute()),
    ).toContain(C.idNumber);
    expect((await t().requestAs('quanly.ninh-kieu', 'POST', '/api/privacy/retention/run')).status).toBe(403);

    // Four days later (past every period), the nightly run: only by the injected clock.
    offset = 4 * DAY_MS;
    t().forgetSessions();
    const run = await t().request('POST', '/api/privacy/retention/run');
    expect(run.body['dossiers.applicant']).toBeGreaterThanOrEqual(2);
    expect(run.body.notify_subscriptions).toBeGreaterThanOrEqual(1);
    expect(run.body.citizen_tickets).toBeGreaterThanOrEqual(1);

    const all = JSON.stringify(await everything());
    for (const value of [C.name, C.idNumber, C.phone, B.idNumber, B.phone, ONLINE_PHONE, CHILD])
      expect(all.includes(value), value).toBe(false);
    expect(await db().selectFrom('dossier_files').selectAll().where('dossier_code', '=', c.code).execute()).toEqual([]);
    const scanSha = createHash('sha256').update(scanBytes).digest('hex');
    expect(await db().selectFrom('file_blobs').select('sha256').where('sha256', '=', scanSha).execute()).toEqual([]);
    // The feedback stays as a count, its words gone.
    expect(await db().selectFrom('feedback').select('content').where('dossier_code', '=', c.code).execute()).toEqual([
      { content: 'erased' },
    ]);
    const rows = await db().selectFrom('outbox').select('payload').where('state', '<>', 'pending').execute();
    expect(rows.every((r) => r.payload === '{}')).toBe(true);

    // Counts stay: every ticket and dossier row, and the same figures for that day.
    expect((await db().selectFrom('tickets').select('id').execute()).length).toBe(ticketsBefore);
    expect((await db().selectFrom('dossiers').select('code').execute()).length).toBe(dossiersBefore);
    expect(await report()).toEqual(figuresBefore);
    const register = await t().requestAs<PersonalDataRegister>('quanly.ninh-kieu', 'GET', '/api/privacy/register');
    expect(register.body.entries.find((e) => e.id === 'applicant')!.anonymised).toBeGreaterThanOrEqual(3);
    expect(register.body.lastRuns[0].counts['dossiers.applicant']).toBe(run.body['dossiers.applicant']);

    // The nightly timer runs once per night, at its hour: tick() decides by the clock.
    const privacy = t().server.privacy;
    const ticked = await privacy.tick();
    const again = await privacy.tick();
    expect(again).toBeNull();
    expect(ticked === null || typeof ticked === 'object').toBe(true);
  });

  it("the server's log of the whole day holds no applicant name, ID number or phone", async () => {
    // A staff ticket and a rejected body with a phone in it also go through the log.
    await t().request('POST', '/api/centers/ninh-kieu/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() });
    await t().requestAs(null, 'POST', '/api/online/codes', { phone: `x${A.phone}` });
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(50);
    expect(log).toContain('incoming request');
    for (const value of PERSONAL) expect(log.includes(value), `"${value}" in the log`).toBe(false);
  });
});
