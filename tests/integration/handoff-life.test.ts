// Hand-off 2.0 over real HTTP, on both stores: the dossier's whole life sent to the province by dossier code,
// each update once and in order; the national status codes and channels; dead-lettering by age only (a 4-hour
// outage on an injected clock loses nothing); a dead letter corrected and sent again, with its sync log; and
// reconciliation that pages through every open dossier, repairing a lost webhook of the 5,000th.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditPage, Dossier, HandoffAttempt, OutboxEntry } from '@luot/contract';
import { DEMO_AUTHORITIES } from '../../server/src/seed/procedures.ts';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';
import { newKey } from '../helpers/server.ts';

let linked: Linked | null = null;
afterEach(async () => {
  await linked?.close();
  linked = null;
}, 120_000);

const dossierOf = async (l: Linked, code: string): Promise<Dossier> =>
  (await l.t.request('GET', `/api/dossiers/${encodeURIComponent(code)}`)).body.dossier;
const reaches = (l: Linked, code: string, status: Dossier['status']) =>
  eventually(`${code} reaches ${status}`, async () => {
    const d = await dossierOf(l, code);
    return d.status === status && d;
  });
const outbox = (l: Linked) =>
  l.t.server.handoff.dossiers.store.transaction((tx) => tx.dossiers.outbox('ninh-kieu', null, 500));

describe('hand-off 2.0: the dossier by its code', () => {
  it("sends a dossier's whole life, each update once and in order (the province does not deduplicate)", async () => {
    linked = await startLinked({ province: { script: ['accepted', 'needs_documents', 'fees_due', 'result_ready'] } });
    const { t, province } = linked;
    province.setFaults({ dedupe: false });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const r = await receiveAt(
      t,
      'ninh-kieu',
      '1',
      birthRegistration({
        filedVia: 'post',
        resultBy: 'post',
        applicant: { ...birthRegistration().applicant, address: '12 Hòa Bình, Ninh Kiều, Cần Thơ' },
      }),
    );
    const code = r.dossier.code;
    const path = `/api/dossiers/${encodeURIComponent(code)}`;
    expect(r.dossier.filedVia).toBe('post');

    await reaches(linked, code, 'needs_documents');
    // Nothing to pay yet, and no result to hand back.
    expect((await t.request('POST', `${path}/paid`, { amount: 8000, paymentRef: 'BL-1' })).body.code).toBe(
      'DOSSIER_STATE',
    );
    const added = await t.request('POST', `${path}/documents`, {
      documents: [{ name: 'Giấy xác nhận nơi cư trú', copies: 1, kind: 'certified_copy' }],
      note: 'Công dân bổ sung tại quầy',
    });
    expect(added.status).toBe(200);
    expect(added.body.status).toBe('in_process');
    expect(added.body.documents.map((d: { name: string }) => d.name)).toContain('Giấy xác nhận nơi cư trú');

    await reaches(linked, code, 'fees_due');
    expect((await t.request('POST', `${path}/paid`, { amount: 8000, paymentRef: 'BL-0001234' })).status).toBe(200);
    await reaches(linked, code, 'result_ready');
    const sent = await t.request('POST', `${path}/return`, { postalTrackingNumber: 'en123456789vn' });
    expect(sent.status).toBe(200);

    const record = await eventually('the province knows it was returned', () => {
      const rec = province.records.get(code);
      return rec?.status === 'returned' && rec;
    });
    // Without deduplication at the province, a repeat of ours would show here: each update came once, in order.
    expect(record.receipts).toBe(1);
    expect(record.updates).toBe(0);
    expect(record.progress.map((p) => [p.event, p.status, p.statusCode])).toEqual([
      ['documents_added', 'in_process', 4],
      ['paid', 'in_process', 4],
      ['returned', 'returned', 10],
    ]);
    expect(record.progress[0].documents).toEqual([
      { name: 'Giấy xác nhận nơi cư trú', copies: 1, kind: 'certified_copy', original: false },
    ]);
    expect(record.progress[1]).toMatchObject({ amount: 8000, paymentRef: 'BL-0001234' });
    expect(record.progress[2]).toMatchObject({ deliveryForm: 2, postalTrackingNumber: 'EN123456789VN' });
    // Filed by post (channel 3), result by post (delivery form 2).
    expect(record.dossier).toMatchObject({ channel: 3, deliveryForm: 2, statusCode: 2 });
    const final = await dossierOf(linked, code);
    expect(final.history.map((h) => h.status)).toEqual([
      'received',
      'forwarded',
      'accepted',
      'needs_documents',
      'in_process',
      'fees_due',
      'in_process',
      'result_ready',
      'returned',
    ]);
    const messages = (await outbox(linked)).filter((m) => m.dossierCode === code);
    expect(messages.map((m) => [m.kind, m.state])).toEqual([
      ['progress', 'delivered'],
      ['progress', 'delivered'],
      ['progress', 'delivered'],
      ['dossier', 'delivered'],
    ]);
  }, 90_000);

  it('maps not accepted (3), stopped (8), withdrawn (7), refused after processing (9 → 10) and new online (1)', async () => {
    linked = await startLinked({ province: { script: [] } });
    const { t, province } = linked;
    const receive = async (counter: string, extra = {}, center = 'ninh-kieu') => {
      await ticketAtCounter(t, center, 'ht', counter);
      const code = (await receiveAt(t, center, counter, birthRegistration({ authorityId: 'ubnd-ninh-kieu', ...extra })))
        .dossier.code;
      return { code, record: await eventually(`the province holds ${code}`, () => province.records.get(code)) };
    };
    const refused = await receive('1', { filedVia: 'online' });
    const stopped = await receive('2');
    const withdrawn = await receive('3');
    const rejected = await receive('1', {}, 'cai-rang');
    expect(refused.record.dossier).toMatchObject({ channel: 2, statusCode: 1 });
    expect(stopped.record.dossier).toMatchObject({ channel: 1, statusCode: 2, deliveryForm: 1 });

    refused.record.script = ['not_accepted'];
    stopped.record.script = ['accepted', 'stopped', 'result_ready'];
    rejected.record.script = ['accepted', 'in_process', 'rejected'];
    await reaches(linked, refused.code, 'not_accepted');
    await reaches(linked, stopped.code, 'stopped');
    await reaches(linked, rejected.code, 'rejected');
    expect(refused.record.history.map((e) => e.statusCode)).toEqual([3]);
    // Stopped ends the dossier at the province: its script goes no further.
    expect(stopped.record.history.map((e) => e.statusCode)).toEqual([4, 8]);
    expect(rejected.record.history.map((e) => e.statusCode)).toEqual([4, 4, 9]);

    const path = (code: string) => `/api/dossiers/${encodeURIComponent(code)}`;
    // A refusal after processing is a written answer, returned like any result.
    expect((await t.request('POST', `${path(rejected.code)}/return`, {})).body.status).toBe('returned');
    expect((await t.request('POST', `${path(withdrawn.code)}/withdraw`, { reason: 'Công dân xin rút' })).status).toBe(
      200,
    );
    expect((await t.request('POST', `${path(stopped.code)}/withdraw`, { reason: 'quá muộn' })).body.code).toBe(
      'DOSSIER_STATE',
    );
    await eventually('the province knows of the withdrawal', () => withdrawn.record.status === 'withdrawn');
    expect(withdrawn.record.progress.map((p) => [p.event, p.statusCode])).toEqual([['withdrawn', 7]]);
    expect(rejected.record.progress.map((p) => p.statusCode)).toEqual([10]);
    // Withdrawn ends the province's script as well.
    expect(withdrawn.record.script).toEqual([]);
  }, 90_000);

  it('receives only a ticket that reached a counter, and stops at the 9,999th dossier of a day', async () => {
    linked = await startLinked();
    const { t } = linked;
    const waiting = await t.request(
      'POST',
      '/api/centers/ninh-kieu/tickets',
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    const early = await t.request('POST', '/api/centers/ninh-kieu/dossiers', {
      ...birthRegistration(),
      dossierCode: waiting.body.ticket.dossierCode,
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'TICKET_NOT_CALLED', detail: 'waiting' });
    expect(early.body.messageVi).toBe('Chỉ tiếp nhận hồ sơ cho số thứ tự đã được gọi đến quầy');

    // The day's dossier numbers at their end: the next ticket is refused plainly, and nothing is issued.
    await t
      .db()
      .updateTable('day_sequences')
      .set({ value: 9_999 })
      .where('center_id', '=', 'ninh-kieu')
      .where('scope', '=', 'dossier')
      .execute();
    const before = await t.db().selectFrom('tickets').select('id').where('center_id', '=', 'ninh-kieu').execute();
    const full = await t.request(
      'POST',
      '/api/centers/ninh-kieu/tickets',
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('DOSSIER_SEQUENCE_FULL');
    expect(full.body.messageVi).toContain('9.999');
    const after = await t.db().selectFrom('tickets').select('id').where('center_id', '=', 'ninh-kieu').execute();
    expect(after).toHaveLength(before.length);
  });
});

describe('hand-off 2.0: resilience', () => {
  it('rides out a 4-hour outage on an injected clock: nothing dead-lettered, all delivered after', async () => {
    let offset = 0;
    // The default timings (config.ts): backoff 2 s … 10 min, breaker 5 failures / 30 s, maximum age 3 days.
    linked = await startLinked({
      clock: () => new Date(Date.now() + offset),
      province: { script: [] },
      handoff: {
        backoff: { baseMs: 2_000, maxMs: 600_000 },
        breakerThreshold: 5,
        breakerCooldownMs: 30_000,
        maxAgeMs: 3 * 24 * 3_600_000,
        idleMs: 50,
      },
    });
    const { t, province } = linked;
    province.setFaults({ mode: 'down' });
    const codes: string[] = [];
    for (const counter of ['1', '2', '3']) {
      await ticketAtCounter(t, 'ninh-kieu', 'ht', counter);
      codes.push((await receiveAt(t, 'ninh-kieu', counter, birthRegistration())).dossier.code);
    }
    const attemptsOf = async () => (await outbox(linked!)).map((m) => m.attempts);
    // Four hours in steps of five minutes: the worker wakes at each step and tries what is due.
    for (let minutes = 5; minutes <= 240; minutes += 5) {
      const before = (await attemptsOf()).reduce((a, b) => a + b, 0);
      offset = minutes * 60_000;
      t.server.handoff.worker.kick();
      await eventually('an attempt after the clock moved', async () => {
        const now = (await attemptsOf()).reduce((a, b) => a + b, 0);
        return now > before;
      });
    }
    const during = await outbox(linked);
    expect(during.map((m) => m.state)).toEqual(['pending', 'pending', 'pending']);
    // More attempts than the old count limit (12) allowed, and none given up.
    expect(during.reduce((a, m) => a + m.attempts, 0)).toBeGreaterThan(12 * 3);

    province.setFaults({ mode: 'up' });
    offset += 15 * 60_000;
    t.server.handoff.worker.kick();
    await eventually('all delivered after recovery', async () =>
      (await outbox(linked!)).every((m) => m.state === 'delivered'),
    );
    for (const code of codes) expect(province.records.get(code)!.receipts).toBe(1);
  }, 180_000);

  it('lets a manager correct a refused dead letter and send it again, audited and in the sync log', async () => {
    // This province does not know Cái Răng's commune: a dossier routed there is refused for good.
    linked = await startLinked({
      province: { authorities: DEMO_AUTHORITIES.filter((a) => a.id !== 'ubnd-cai-rang') },
    });
    const { t, province } = linked;
    await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const code = (await receiveAt(t, 'cai-rang', '1', birthRegistration({ authorityId: 'ubnd-cai-rang' }))).dossier
      .code;
    const base = '/api/centers/cai-rang/handoff';
    const [dead] = await eventually('the dead letter', async () => {
      const list = (await t.request<OutboxEntry[]>('GET', `${base}/outbox?state=dead`)).body;
      return list.length > 0 && list;
    });
    // A permanent refusal is dead at once: no retries of what cannot change.
    expect(dead).toMatchObject({ dossierCode: code, attempts: 1 });
    expect(dead.lastError).toContain('error 02');

    const message = (await t.request('GET', `${base}/outbox/${dead.id}`)).body;
    const ninhKieu = DEMO_AUTHORITIES.find((a) => a.id === 'ubnd-ninh-kieu')!;
    const corrected = {
      ...message.payload,
      handlingUnit: { code: ninhKieu.code, name: ninhKieu.name, level: 'commune', statsCode: ninhKieu.statsCode },
    };
    const reason = 'Hồ sơ thuộc thẩm quyền phường Ninh Kiều';
    const wrong = await t.request('POST', `${base}/outbox/${dead.id}/correct`, {
      payload: { ...corrected, code: 'khac' },
      reason,
    });
    expect(wrong.body.code).toBe('OUTBOX_INVALID');
    expect(
      (
        await t.requestAs('quanly.ninh-kieu', 'POST', `${base}/outbox/${dead.id}/correct`, {
          payload: corrected,
          reason,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.requestAs('quanly.cai-rang', 'POST', `${base}/outbox/${dead.id}/correct`, {
          payload: corrected,
          reason,
        })
      ).status,
    ).toBe(200);
    expect(
      (await t.request('POST', `${base}/outbox/${dead.id}/correct`, { payload: corrected, reason })).body.code,
    ).toBe('OUTBOX_NOT_DEAD');
    const record = await eventually('the province holds the corrected dossier', () => province.records.get(code));
    expect(record.routedTo.code).toBe(ninhKieu.code);
    const done = await reaches(linked, code, 'result_ready');
    // Our copy names the authority it was routed to after the correction.
    expect(done.authority.id).toBe('ubnd-ninh-kieu');

    const audit = (await t.requestAs<AuditPage>('quanly.cai-rang', 'GET', '/api/audit')).body;
    const entry = audit.entries.find((e) => e.entityKind === 'outbox_message' && e.entityId === String(dead.id));
    expect(entry).toMatchObject({ actor: 'quanly.cai-rang', action: `correct: ${reason}` });
    expect(entry!.before).toMatchObject({ handlingUnit: { code: message.payload.handlingUnit.code } });
    expect(entry!.after).toMatchObject({ handlingUnit: { code: ninhKieu.code } });

    const log = (await t.request<HandoffAttempt[]>('GET', `${base}/attempts?outboxId=${dead.id}`)).body;
    expect(log.map((a) => a.outcome)).toEqual(['delivered', 'dead']);
    expect(new Set(log.map((a) => a.requestId)).size).toBe(2);
    expect(log[1].detail).toContain('error 02');
  }, 90_000);

  it('reconciles every open dossier by pages: a lost webhook of the 5,000th is repaired', async () => {
    linked = await startLinked({ handoff: { reconcilePeriodMs: 3_000, reconcilePage: 500, concurrency: 8 } });
    const { t, province } = linked;
    // 4,999 older open dossiers, written through the store's tables in batches (not 4,999 receptions).
    const db = t.db();
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '2');
    const sample = await receiveAt(t, 'ninh-kieu', '2', birthRegistration());
    const ticketRow = await db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', sample.dossier.ticketId)
      .executeTakeFirstOrThrow();
    const row = await db
      .selectFrom('dossiers')
      .selectAll()
      .where('code', '=', sample.dossier.code)
      .executeTakeFirstOrThrow();
    for (let from = 1; from < 5_000; from += 500) {
      const n = Array.from({ length: Math.min(500, 5_000 - from) }, (_, i) => from + i);
      const id = (i: number) => `seed-${String(i).padStart(4, '0')}`;
      await db
        .insertInto('tickets')
        .values(
          n.map((i) => ({
            ...ticketRow,
            id: id(i),
            number: 5_000 + i,
            service_day: '2026-01-05',
            dossier_code: `SEED-${id(i)}`,
            idempotency_key: null,
            state: 'done' as const,
          })),
        )
        .execute();
      await db
        .insertInto('dossiers')
        .values(
          n.map((i) => ({
            ...row,
            code: `SEED-${id(i)}`,
            ticket_id: id(i),
            received_at: `2026-01-05T0${Math.floor(i / 1000)}:00:00.${String(i % 1000).padStart(3, '0')}Z`,
            status: 'forwarded' as const,
          })),
        )
        .execute();
    }
    // The newest open dossier, whose webhooks are lost.
    province.setFaults({ dropWebhooks: true });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const last = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    await reaches(linked, last.dossier.code, 'forwarded');
    const open = await t.server.handoff.dossiers.store.transaction((tx) => tx.dossiers.openDossierCount());
    expect(open).toBeGreaterThanOrEqual(5_000);
    await eventually('the province finishes it', () => province.records.get(last.dossier.code)?.script.length === 0);
    await eventually(
      'reconciliation repairs it',
      async () => (await dossierOf(linked!, last.dossier.code)).status === 'result_ready',
      90_000,
    );
    // No webhook of it was ever sent (they were dropped before it was received): the lookups repaired it.
    expect(province.records.get(last.dossier.code)!.history.length).toBe(3);
  }, 180_000);
});
