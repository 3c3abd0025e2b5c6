// The hand-off to the provincial system, end to end over real HTTP: our server, the reference province,
// the webhook back. Faults are injected in the province; every dossier must arrive exactly once and end in
// the status the province holds.
import { afterEach, describe, expect, it } from 'vitest';
import type { Dossier } from '@luot/contract';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../../server/src/handoff/province-contract.ts';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  SECRET,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';

let linked: Linked | null = null;
// Closing waits for an attempt in flight (a slow province): generous on a busy machine.
afterEach(async () => {
  await linked?.close();
  linked = null;
}, 120_000);

const dossierOf = async (l: Linked, code: string): Promise<Dossier> =>
  (await l.t.request('GET', `/api/dossiers/${encodeURIComponent(code)}`)).body.dossier;

/** Both sides agree: the province holds the dossier once, and our copy has its final status. */
async function settled(l: Linked, code: string, status = 'result_ready'): Promise<Dossier> {
  const record = await eventually(`province finishes ${code}`, () => {
    const r = l.province.records.get(code);
    return r && r.script.length === 0 && r;
  });
  expect(record.status).toBe(status);
  const ours = await eventually(`our copy of ${code} reaches ${status}`, async () => {
    const d = await dossierOf(l, code);
    return d.status === status && d;
  });
  expect(record.receipts).toBe(1);
  expect(ours.provinceVersion).toBe(record.version);
  return ours;
}

describe('hand-off to the provincial system', () => {
  it('routes a commune procedure received at two different centers to the right commune', async () => {
    linked = await startLinked();
    const { t, province } = linked;
    // Filed at Cái Răng for Ninh Kiều's commune (regardless of boundaries), and at Ninh Kiều itself.
    const a = await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const atCaiRang = await receiveAt(t, 'cai-rang', '1', birthRegistration({ authorityId: 'ubnd-ninh-kieu' }));
    const b = await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const atNinhKieu = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    // A province-level procedure filed at a ward goes to the department.
    await ticketAtCounter(t, 'cai-rang', 'ld', '4');
    const lld = await receiveAt(t, 'cai-rang', '4', {
      procedureCode: '1.001978',
      applicant: { name: 'Lê Văn Tư', type: 'citizen', idNumber: '092080004321' },
      documents: [{ name: 'Đề nghị hưởng trợ cấp thất nghiệp', copies: 1, original: true }],
      fields: { insuranceNumber: '9212345678' },
    });

    expect(atCaiRang.dossier.code).toBe(a.ticket.dossierCode);
    expect(atCaiRang.dossier.code.startsWith('000.31.02.H13-')).toBe(true);
    expect(atNinhKieu.dossier.code).toBe(b.ticket.dossierCode);
    expect(atCaiRang.dossier.receivingCenter.id).toBe('cai-rang');
    expect(atCaiRang.dossier.authority.id).toBe('ubnd-ninh-kieu');
    expect(atNinhKieu.dossier.authority.id).toBe('ubnd-ninh-kieu');

    for (const r of [atCaiRang, atNinhKieu, lld]) await settled(linked, r.dossier.code);
    const ninhKieu = { code: '000.31.11.H13', name: 'Ủy ban nhân dân phường Ninh Kiều', level: 'commune' };
    expect(province.records.get(atCaiRang.dossier.code)!.routedTo).toEqual(ninhKieu);
    expect(province.records.get(atNinhKieu.dossier.code)!.routedTo).toEqual(ninhKieu);
    expect(province.records.get(atCaiRang.dossier.code)!.dossier.receivingUnit.code).toBe('000.31.02.H13');
    expect(province.records.get(lld.dossier.code)!.routedTo.name).toBe('Sở Nội vụ thành phố Cần Thơ');

    const final = await dossierOf(linked, atCaiRang.dossier.code);
    expect(final.history.map((h) => h.status)).toEqual([
      'received',
      'forwarded',
      'accepted',
      'in_process',
      'result_ready',
    ]);
  });

  it('keeps every dossier while the province is down, then delivers each exactly once', async () => {
    linked = await startLinked();
    const { t, province } = linked;
    province.setFaults({ mode: 'down' });
    const codes: string[] = [];
    for (const counter of ['1', '2']) {
      await ticketAtCounter(t, 'ninh-kieu', 'ht', counter);
      codes.push((await receiveAt(t, 'ninh-kieu', counter, birthRegistration())).dossier.code);
    }
    // Attempts fail and the circuit opens; the dossiers wait in the outbox, received but not forwarded.
    await eventually(
      'the circuit to open',
      async () => (await t.request('GET', '/api/centers/ninh-kieu/handoff/status')).body.circuit !== 'closed',
    );
    const outbox = (await t.request('GET', '/api/centers/ninh-kieu/handoff/outbox?state=pending')).body as {
      attempts: number;
      lastError: string | null;
    }[];
    expect(outbox).toHaveLength(2);
    expect(outbox.some((m) => m.attempts > 0 && m.lastError)).toBe(true);
    expect((await dossierOf(linked, codes[0])).status).toBe('received');
    expect(province.records.size).toBe(0);

    province.setFaults({ mode: 'up' });
    for (const code of codes) await settled(linked, code);
    expect((await t.request('GET', '/api/centers/ninh-kieu/handoff/status')).body).toMatchObject({
      circuit: 'closed',
      pending: 0,
      dead: 0,
      delivered: 2,
    });
    // Delivered messages no longer hold the applicant's data (the dossier row does).
    const db = t.db();
    expect(await db.selectFrom('outbox').select(['state', 'payload']).orderBy('id').execute()).toEqual([
      { state: 'delivered', payload: '{}' },
      { state: 'delivered', payload: '{}' },
    ]);
    expect(
      await db.selectFrom('dossiers').select('code').where('applicant', 'like', '%092190001234%').execute(),
    ).toHaveLength(2);
  });

  it('retries through 500s, including replies lost after the province processed the dossier', async () => {
    linked = await startLinked();
    const { t, province } = linked;
    province.setFaults({ mode: 'error500' });
    await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const first = await receiveAt(t, 'cai-rang', '1', birthRegistration());
    await eventually(
      'a failed attempt',
      async () => (await t.request('GET', '/api/centers/cai-rang/handoff/outbox')).body[0].attempts >= 2,
    );
    // Now the province does the work but the reply is lost: our retry must not create a second dossier.
    province.setFaults({ mode: 'lose_replies' });
    await eventually('the province to hold the dossier', () => province.records.get(first.dossier.code));
    await eventually(
      'a retry of the processed dossier',
      () => province.records.get(first.dossier.code)!.deliveries >= 2,
    );
    province.setFaults({ mode: 'up' });
    const record = province.records.get(first.dossier.code)!;
    await settled(linked, first.dossier.code);
    expect(record.receipts).toBe(1);
    expect(province.records.size).toBe(1);
  });

  it('gives up on an answer slower than the timeout and retries with the same idempotency key', async () => {
    linked = await startLinked({ timeoutMs: 300 });
    const { t, province } = linked;
    province.setFaults({ mode: 'slow', slowMs: 1_000 });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const r = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    await eventually('a timed-out attempt', async () => {
      const [m] = (await t.request('GET', '/api/centers/ninh-kieu/handoff/outbox')).body;
      return m.attempts >= 1 && m.lastError?.includes('no answer within 300 ms');
    });
    // The slow request was still processed by the province after we gave up on it.
    await eventually('the slow request to land', () => province.records.get(r.dossier.code));
    province.setFaults({ mode: 'up' });
    const ours = await settled(linked, r.dossier.code);
    expect(province.records.get(r.dossier.code)!.deliveries).toBeGreaterThanOrEqual(2);
    expect(ours.history.filter((h) => h.status === 'forwarded')).toHaveLength(1);
  });

  it('applies duplicate and out-of-order webhooks once and in order', async () => {
    linked = await startLinked({
      // The supplement is handled at the province's own desk: it does not wait for ours.
      province: {
        script: ['accepted', 'in_process', 'needs_documents', 'in_process', 'result_ready'],
        waitForCenter: false,
      },
    });
    const { t, province } = linked;
    province.setFaults({ duplicateWebhooks: true, reorderWebhooks: true });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const r = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    const ours = await settled(linked, r.dossier.code);
    expect(ours.history.map((h) => h.status)).toEqual([
      'received',
      'forwarded',
      'accepted',
      'in_process',
      'needs_documents',
      'in_process',
      'result_ready',
    ]);
    expect(ours.provinceVersion).toBe(5);
    // Every event went out at least twice, and some arrived before the one they follow.
    expect(province.webhookStats.sent).toBeGreaterThanOrEqual(10);
  });

  it('catches up by polling when webhooks never arrive', async () => {
    linked = await startLinked({ handoff: { reconcilePeriodMs: 100 } });
    const { t, province } = linked;
    province.setFaults({ dropWebhooks: true });
    await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const r = await receiveAt(t, 'cai-rang', '1', birthRegistration());
    await settled(linked, r.dossier.code);
    expect(province.webhookStats.sent).toBe(0);
  });

  it('loses nothing when our server is killed between the commit and the delivery', async () => {
    linked = await startLinked();
    const { t, province } = linked;
    province.setFaults({ mode: 'down' });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const a = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    // Committed, not delivered: stop the server right away.
    await t.stop();
    province.setFaults({ mode: 'up' });
    expect(province.records.size).toBe(0);
    await t.start();
    await settled(linked, a.dossier.code);

    // Killed after the province processed it but before we recorded the acknowledgement.
    province.setFaults({ mode: 'lose_replies' });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '2');
    const b = await receiveAt(t, 'ninh-kieu', '2', birthRegistration());
    await eventually('the province to hold it', () => province.records.get(b.dossier.code));
    await t.stop();
    province.setFaults({ mode: 'up' });
    await t.start();
    await settled(linked, b.dossier.code);
    // The province's webhooks may settle the status before our retry is due: wait for the acknowledgement.
    await eventually('the message acknowledged after the restart', async () =>
      ((await t.request('GET', '/api/centers/ninh-kieu/handoff/outbox?limit=500')).body as { state: string }[]).every(
        (m) => m.state === 'delivered',
      ),
    );
    expect(province.records.get(b.dossier.code)!.deliveries).toBeGreaterThanOrEqual(2);
    expect(province.records.size).toBe(2);
  });

  it('survives a storm of faults and a restart: every dossier exactly once, same status on both sides', async () => {
    linked = await startLinked({
      handoff: { reconcilePeriodMs: 300 },
      timeoutMs: 300,
      province: { webhookRetryMs: 20 },
    });
    const { t, province } = linked;
    province.setFaults({ duplicateWebhooks: true, reorderWebhooks: true, slowMs: 500, mode: 'down' });
    const codes: string[] = [];
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '3');
    codes.push((await receiveAt(t, 'ninh-kieu', '3', birthRegistration())).dossier.code);
    await eventually(
      'a failed attempt',
      async () => (await t.request('GET', '/api/centers/ninh-kieu/handoff/outbox')).body[0].attempts >= 1,
    );
    const modes = ['up', 'down', 'error500', 'slow', 'lose_replies'] as const;
    let storming = true;
    const storm = (async () => {
      for (let i = 0; storming; i++) {
        province.setFaults({ mode: modes[i % modes.length] });
        await new Promise((r) => setTimeout(r, 120));
      }
    })();
    const desks: [string, string][] = [
      ['ninh-kieu', '1'],
      ['ninh-kieu', '2'],
      ['cai-rang', '1'],
      ['cai-rang', '2'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [center, counter] of desks) {
        await ticketAtCounter(t, center, 'ht', counter);
        codes.push((await receiveAt(t, center, counter, birthRegistration())).dossier.code);
        await t.request('POST', `/api/centers/${center}/counters/${counter}/complete`, {});
      }
      if (round === 1) await t.restart();
    }
    storming = false;
    await storm;
    province.setFaults({ mode: 'up' });
    for (const code of codes) await settled(linked, code);
    expect(province.records.size).toBe(codes.length);
    expect([...province.records.values()].every((r) => r.receipts === 1)).toBe(true);
    const outboxOf = async (center: string) =>
      (await t.request('GET', `/api/centers/${center}/handoff/outbox?limit=500`)).body as {
        attempts: number;
        state: string;
      }[];
    const outboxNow = async () => [...(await outboxOf('ninh-kieu')), ...(await outboxOf('cai-rang'))];
    // A reply lost after the province took the dossier is retried (and deduplicated) later: wait for it.
    await eventually('every message acknowledged', async () =>
      (await outboxNow()).every((m) => m.state === 'delivered'),
    );
    const outbox = await outboxNow();
    expect(outbox).toHaveLength(codes.length);
    expect(outbox.every((m) => m.state === 'delivered')).toBe(true);
    const attempts = outbox.reduce((n, m) => n + m.attempts, 0);
    expect(attempts).toBeGreaterThan(codes.length);
    console.log(
      `storm: ${codes.length} dossiers, ${attempts} delivery attempts, ${[...province.records.values()].reduce((n, r) => n + r.deliveries, 0)} requests reached the province, ${province.webhookStats.sent} webhook calls`,
    );
  }, 120_000);

  it('dead-letters a message once its maximum age passes, and a manager sends it again', async () => {
    // Long enough for several attempts on a busy machine (backoff 20–200 ms), short enough to wait for.
    linked = await startLinked({ handoff: { maxAgeMs: 2_000, breakerThreshold: 100 } });
    const { t, province } = linked;
    province.setFaults({ mode: 'error500' });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const r = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    const [dead] = await eventually('the dead letter', async () => {
      const list = (await t.request('GET', '/api/centers/ninh-kieu/handoff/outbox?state=dead')).body;
      return list.length > 0 && list;
    });
    expect(dead).toMatchObject({ dossierCode: r.dossier.code, state: 'dead' });
    expect(dead.attempts).toBeGreaterThanOrEqual(2);
    expect(dead.lastError).toContain('HTTP 500');
    // Another center's managers cannot see or send it: its id is unknown to them.
    expect((await t.requestAs('quanly.cai-rang', 'GET', '/api/centers/ninh-kieu/handoff/outbox')).body.code).toBe(
      'WRONG_CENTER',
    );
    expect(
      (await t.requestAs('quanly.cai-rang', 'POST', `/api/centers/cai-rang/handoff/outbox/${dead.id}/retry`)).status,
    ).toBe(404);
    expect((await t.request('GET', '/api/centers/cai-rang/handoff/outbox?state=dead')).body).toEqual([]);
    // The province is back before the resend, so the resent message cannot die again before the second press.
    province.setFaults({ mode: 'up' });
    expect((await t.request('POST', `/api/centers/ninh-kieu/handoff/outbox/${dead.id}/retry`)).status).toBe(200);
    expect((await t.request('POST', `/api/centers/ninh-kieu/handoff/outbox/${dead.id}/retry`)).body.code).toMatch(
      /OUTBOX_NOT_DEAD/,
    );
    expect((await t.request('POST', '/api/centers/ninh-kieu/handoff/outbox/999/retry')).status).toBe(404);
    await settled(linked, r.dossier.code);
  }, 90_000);

  it('tells the province when the result is returned, so both end in the same status', async () => {
    linked = await startLinked();
    const { t, province } = linked;
    await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const r = await receiveAt(t, 'cai-rang', '1', birthRegistration());
    const code = encodeURIComponent(r.dossier.code);
    expect((await t.request('POST', `/api/dossiers/${code}/return`, {})).status).toBe(409);
    await settled(linked, r.dossier.code);
    const returned = await t.request('POST', `/api/dossiers/${code}/return`, { note: 'Công dân đã nhận bản chính' });
    expect(returned.body.status).toBe('returned');
    await eventually('the province to know', () => province.records.get(r.dossier.code)!.status === 'returned');
    expect(province.records.get(r.dossier.code)!.progress).toHaveLength(1);
  });
});

describe('webhook from the province', () => {
  it('applies each version once when duplicate webhooks and polls arrive together', async () => {
    linked = await startLinked({ province: { script: [] } });
    const { t } = linked;
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const r = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    await eventually('forwarded', async () => (await dossierOf(linked!, r.dossier.code)).status === 'forwarded');
    const unit = { code: 'x', name: 'x' };
    const events = [
      {
        eventId: 'v1',
        code: r.dossier.code,
        version: 1,
        status: 'accepted' as const,
        statusCode: 4,
        date: '20261123100000',
        unit,
        note: null,
      },
      {
        eventId: 'v2',
        code: r.dossier.code,
        version: 2,
        status: 'in_process' as const,
        statusCode: 5,
        date: '20261123110000',
        unit,
        note: null,
      },
    ];
    const webhook = (event: (typeof events)[number]) => {
      const body = JSON.stringify(event);
      const now = String(Date.now());
      return t.request('POST', '/api/province/webhook', body, {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: now,
        [SIGNATURE_HEADER]: signBody(SECRET, now, body),
      });
    };
    // A repeated webhook of each version, in both orders, and polls that bring both versions at once: all together
    // (on PostgreSQL they run in parallel transactions).
    const replies = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => webhook(events[i % 2])),
      ...Array.from({ length: 6 }, () => t.server.handoff.dossiers.applyProgress(events).then(() => ({ status: 200 }))),
    ]);
    expect(replies.map((x) => x.status)).toEqual(Array(12).fill(200));
    const ours = await dossierOf(linked, r.dossier.code);
    expect(ours.history.map((h) => h.status)).toEqual(['received', 'forwarded', 'accepted', 'in_process']);
    expect(ours.provinceVersion).toBe(2);
  }, 120_000);

  it('refuses unsigned, wrongly signed and stale calls, and ignores a replayed event', async () => {
    linked = await startLinked({ province: { script: [] } });
    const { t } = linked;
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const r = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    const event = {
      eventId: 'e1',
      code: r.dossier.code,
      version: 1,
      status: 'accepted',
      statusCode: 4,
      date: '20261123100000',
      unit: { code: 'x', name: 'x' },
      note: null,
    };
    const body = JSON.stringify(event);
    const post = (headers: Record<string, string>, payload = body) =>
      t.request('POST', '/api/province/webhook', payload, { 'content-type': 'application/json', ...headers });
    const now = String(Date.now());
    expect((await post({})).status).toBe(401);
    expect(
      (await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signBody('wrong-secret', now, body) })).status,
    ).toBe(401);
    const old = String(Date.now() - 60 * 60_000);
    expect((await post({ [TIMESTAMP_HEADER]: old, [SIGNATURE_HEADER]: signBody(SECRET, old, body) })).status).toBe(401);
    // Signed over other bytes than those sent.
    expect(
      (
        await post(
          { [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signBody(SECRET, now, body) },
          body.replace('accepted', 'rejected'),
        )
      ).status,
    ).toBe(401);

    const ok = await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signBody(SECRET, now, body) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ errorCode: '00', recorded: 1, applied: 1 });
    const again = await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signBody(SECRET, now, body) });
    expect(again.body).toMatchObject({ recorded: 0, applied: 0 });

    const unknown = JSON.stringify({ ...event, code: '000.31.01.H13-261123-9999' });
    expect(
      (await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signBody(SECRET, now, unknown) }, unknown)).status,
    ).toBe(404);
    const ours = await dossierOf(linked, r.dossier.code);
    expect(ours.history.map((h) => h.status)).toEqual(['received', 'forwarded', 'accepted']);
  });
});
