// Live tracking and notifications, through the real server on 127.0.0.1 (the run's store: SQLite, then PostgreSQL):
// - track:subscribe with code + secret (a wrong secret answers exactly as an unknown code), updates after commits;
// - Web Push to a push service on loopback, decrypted here with the subscription's private key (RFC 8291), the
//   VAPID JWT checked; "còn N người nữa" once at the threshold, "đến lượt … quầy số N", the no-show grace period,
//   dossier statuses; a subscription answered 404/410 is deleted;
// - the HTTP message gateway: signed JSON received by the reference gateway, bad signatures refused; a phone
//   number kept only with recorded consent and deleted on withdrawal.
import { createHmac } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CenterSocket } from '@luot/contract';
import type { TrackSubscribeReply, TrackView } from '@luot/contract';
import { SIGNATURE_HEADER, signGatewayBody, TIMESTAMP_HEADER } from '../../server/src/notify/gateway-signature.ts';
import { buildReferenceGateway, type ReferenceGateway } from '../../server/src/reference-gateway/gateway.ts';
import { toProvinceDate } from '../../server/src/handoff/province-contract.ts';
import { birthRegistration, eventually, receiveAt, ticketAtCounter } from '../helpers/province.ts';
import { checkVapid, decryptPush, newSubscription, type PushService, startPushService } from '../helpers/push.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const GATEWAY_SECRET = 'test-gateway-secret';

interface Issued {
  ticket: { id: string; number: number; dossierCode: string; trackingSecret: string };
}

describe('live tracking and notifications', () => {
  let t: TestServer;
  let push: PushService;
  let gateway: ReferenceGateway;
  let gatewayUrl: string;

  beforeAll(async () => {
    push = await startPushService();
    gateway = buildReferenceGateway({ secret: GATEWAY_SECRET });
    gatewayUrl = `${await gateway.listen(0, '127.0.0.1')}/messages`;
    t = await startTestServer({
      config: { pushServices: ['http://127.0.0.1'], notifyGatewayUrl: gatewayUrl, notifyGatewaySecret: GATEWAY_SECRET },
    });
  });
  afterAll(async () => {
    await t?.close();
    await push?.close();
    await gateway?.close();
  });

  const issue = async (centerId: string, areaId: string): Promise<Issued> => {
    const res = await t.request(
      'POST',
      `/api/centers/${centerId}/tickets`,
      { areaId },
      { 'idempotency-key': newKey() },
    );
    expect(res.status).toBe(201);
    return res.body as Issued;
  };
  const call = async (centerId: string, counterId: string) => {
    const res = await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/call-next`);
    expect(res.status).toBe(200);
    return res.body as { id: string };
  };
  const finish = async (centerId: string, counterId: string) => {
    expect((await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/start`)).status).toBe(200);
    expect((await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/complete`)).status).toBe(200);
  };
  const subscriptionsOf = (ticketId: string) =>
    t.server.queue.store.transaction((tx) => tx.notify.subscriptionsOfTicket(ticketId));
  /** The consent records of a ticket, read from the tables themselves. */
  const consentsOf = (ticketId: string) =>
    t.db().selectFrom('notify_consents').selectAll().where('ticket_id', '=', ticketId).orderBy('given_at').execute();
  const settle = async () => {
    await t.server.notifications.idle();
    await t.server.tracking.idle();
  };

  it('follows a ticket over Socket.IO: same refusal for a wrong secret and an unknown code, updates after each commit', async () => {
    const first = await issue('tphcc-can-tho', 'dd');
    const mine = await issue('tphcc-can-tho', 'dd');
    const socket = t.socket();
    const ask = (code: string, secret: string) =>
      socket.timeout(10_000).emitWithAck('track:subscribe', { code, secret }) as Promise<TrackSubscribeReply>;

    const wrong = await ask(mine.ticket.dossierCode, mine.ticket.trackingSecret === 'ZZZZ' ? 'YYYY' : 'ZZZZ');
    const unknown = await ask('000.00.00.H13-991231-9999', 'ABCD');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, code: 'DOSSIER_NOT_FOUND' });
    expect(await ask('x', '')).toMatchObject({ ok: false, code: 'VALIDATION' });

    const updates: TrackView[] = [];
    socket.on('track:update', (v) => updates.push(v));
    const ok = await ask(mine.ticket.dossierCode, mine.ticket.trackingSecret.toLowerCase());
    expect(ok.ok).toBe(true);
    const view = (ok as { view: TrackView }).view;
    expect(view).toMatchObject({ phase: 'queue', state: 'waiting', number: mine.ticket.number, graceUntil: null });
    const aheadBefore = view.phase === 'queue' ? view.peopleAhead : -1;
    expect(aheadBefore).toBeGreaterThanOrEqual(1);
    // Nothing personal or secret in the feed.
    expect(JSON.stringify(view)).not.toContain(mine.ticket.trackingSecret);

    // Someone ahead is called: the place moves without asking.
    while ((await call('tphcc-can-tho', '1')).id !== first.ticket.id) await finish('tphcc-can-tho', '1');
    await eventually('one less ahead', () =>
      updates.some((u) => u.phase === 'queue' && u.peopleAhead === aheadBefore - 1),
    );
    await finish('tphcc-can-tho', '1');
    // Ours is called at counter 1, then marked absent: the grace period comes with the view.
    await eventually('our call', async () => {
      const called = await call('tphcc-can-tho', '1');
      if (called.id !== mine.ticket.id) await finish('tphcc-can-tho', '1');
      return called.id === mine.ticket.id;
    });
    await eventually('called to counter 1', () =>
      updates.some((u) => u.phase === 'queue' && u.state === 'called' && u.counterNumber === 1),
    );
    expect((await t.request('POST', '/api/centers/tphcc-can-tho/counters/1/no-show')).status).toBe(200);
    const noShow = await eventually('no-show with grace', () =>
      updates.find((u) => u.phase === 'queue' && u.state === 'no_show'),
    );
    expect(noShow.phase === 'queue' && noShow.graceUntil).toBeTruthy();
    const graceMs = noShow.phase === 'queue' ? Date.parse(noShow.graceUntil!) - Date.now() : 0;
    expect(graceMs).toBeGreaterThan(25 * 60_000);
    expect(graceMs).toBeLessThanOrEqual(30 * 60_000);
    socket.disconnect();
  });

  it('sends Web Push encrypted for the subscription and signed with VAPID: near at the threshold, the call, the no-show', async () => {
    const config = (await t.requestAs(null, 'GET', '/api/notify/config')).body as {
      webPushKey: string;
      phone: boolean;
    };
    expect(config.phone).toBe(true);
    // Four people before ours, in an area only counter 4 serves.
    const before = await Promise.all([1, 2, 3, 4].map(() => issue('ninh-kieu', 'dd')));
    const mine = await issue('ninh-kieu', 'dd');
    const sub = newSubscription(`${push.url}/push/${mine.ticket.id}`);
    const optIn = await t.requestAs(null, 'POST', '/api/track/push', {
      code: mine.ticket.dossierCode,
      s: mine.ticket.trackingSecret,
      subscription: sub.json,
      lang: 'vi',
    });
    expect(optIn.status).toBe(201);
    // A wrong secret changes nothing and looks like an unknown code.
    const bad = await t.requestAs(null, 'POST', '/api/track/push', {
      code: mine.ticket.dossierCode,
      s: 'ZZZZ',
      subscription: newSubscription(`${push.url}/other`).json,
    });
    expect(bad).toMatchObject({ status: 404, body: { code: 'DOSSIER_NOT_FOUND' } });
    // A push service that is not allowed (the server would POST there) is refused.
    const ssrf = await t.requestAs(null, 'POST', '/api/track/push', {
      code: mine.ticket.dossierCode,
      s: mine.ticket.trackingSecret,
      subscription: newSubscription('http://10.0.0.1/x').json,
    });
    expect(ssrf).toMatchObject({ status: 422, body: { code: 'PUSH_SERVICE_REFUSED' } });
    expect(await subscriptionsOf(mine.ticket.id)).toHaveLength(1);
    // The same subscription again replaces itself; at most 5 devices per ticket.
    expect(
      (
        await t.requestAs(null, 'POST', '/api/track/push', {
          code: mine.ticket.dossierCode,
          s: mine.ticket.trackingSecret,
          subscription: sub.json,
        })
      ).status,
    ).toBe(201);
    for (let i = 0; i < 4; i++) {
      const other = newSubscription(`${push.url}/other-device/${i}`).json;
      expect(
        (
          await t.requestAs(null, 'POST', '/api/track/push', {
            code: mine.ticket.dossierCode,
            s: mine.ticket.trackingSecret,
            subscription: other,
          })
        ).status,
      ).toBe(201);
    }
    const sixth = await t.requestAs(null, 'POST', '/api/track/push', {
      code: mine.ticket.dossierCode,
      s: mine.ticket.trackingSecret,
      subscription: newSubscription(`${push.url}/other-device/9`).json,
    });
    expect(sixth).toMatchObject({ status: 409, body: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(await subscriptionsOf(mine.ticket.id)).toHaveLength(5);

    const mineRequests = () => push.requests.filter((r) => r.path === `/push/${mine.ticket.id}`);
    const messages = () =>
      mineRequests().map(
        (r) => JSON.parse(decryptPush(r.body, sub)) as { kind: string; title: string; body: string; url: string },
      );

    await call('ninh-kieu', '4'); // 3 ahead now: the threshold (default 3)
    await settle();
    await eventually('the near push', () => messages().length === 1);
    const [near] = messages();
    expect(near).toMatchObject({
      kind: 'near',
      title: `Số thứ tự ${mine.ticket.number}`,
      body: expect.stringContaining('Còn 3 người nữa đến lượt Quý khách'),
    });
    expect(near.url).toContain(
      `/track/?code=${encodeURIComponent(mine.ticket.dossierCode)}&s=${mine.ticket.trackingSecret}`,
    );
    const request = mineRequests()[0];
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(request.headers.ttl)).toBeGreaterThan(0);
    const claims = checkVapid(request.headers.authorization, config.webPushKey);
    expect(claims.aud).toBe(push.url);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());

    // Further moves do not repeat "near".
    await finish('ninh-kieu', '4');
    await call('ninh-kieu', '4');
    await settle();
    expect(messages().filter((m) => m.kind === 'near')).toHaveLength(1);

    for (let i = 0; i < 3; i++) {
      await finish('ninh-kieu', '4');
      await call('ninh-kieu', '4');
    }
    await settle();
    await eventually('the call push', () => messages().some((m) => m.kind === 'called'));
    expect(messages().find((m) => m.kind === 'called')!.body).toBe('Đến lượt Quý khách — quầy số 4');
    expect(before).toHaveLength(4);

    expect((await t.request('POST', '/api/centers/ninh-kieu/counters/4/no-show')).status).toBe(200);
    await settle();
    const absent = await eventually('the no-show push', () => messages().find((m) => m.kind === 'no_show'));
    expect(absent.body).toMatch(
      /^Quý khách đã vắng mặt khi được gọi\. Quý khách có thể quay lại trước \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/,
    );

    // Withdrawal: the subscription goes.
    const out = await t.requestAs(null, 'POST', '/api/track/notifications/withdraw', {
      code: mine.ticket.dossierCode,
      s: mine.ticket.trackingSecret,
    });
    expect(out).toMatchObject({ status: 200, body: { removed: 5 } });
    expect(await subscriptionsOf(mine.ticket.id)).toHaveLength(0);
  });

  it("tells 'near' at the threshold the center set (notifyAheadThreshold)", async () => {
    // The center's setting, written where center settings live.
    const center = (await t.server.queue.store.centers()).find((c) => c.id === 'cai-rang')!;
    const settings = JSON.stringify({ ...center.settings, notifyAheadThreshold: 1 });
    await t.db().updateTable('centers').set({ settings }).where('id', '=', 'cai-rang').execute();
    const ahead = [await issue('cai-rang', 'ld'), await issue('cai-rang', 'ld'), await issue('cai-rang', 'ld')];
    const mine = await issue('cai-rang', 'ld');
    const sub = newSubscription(`${push.url}/threshold/${mine.ticket.id}`);
    expect(
      (
        await t.requestAs(null, 'POST', '/api/track/push', {
          code: mine.ticket.dossierCode,
          s: mine.ticket.trackingSecret,
          subscription: sub.json,
        })
      ).status,
    ).toBe(201);
    const messages = () =>
      push.requests
        .filter((r) => r.path === `/threshold/${mine.ticket.id}`)
        .map((r) => JSON.parse(decryptPush(r.body, sub)) as { kind: string; body: string });
    const next = async () => {
      const called = await call('cai-rang', '4');
      expect(ahead.map((a) => a.ticket.id)).toContain(called.id);
      await finish('cai-rang', '4');
      await settle();
    };
    await next(); // 2 ahead: above 1
    expect(messages()).toEqual([]);
    await next(); // 1 ahead
    await eventually('the near push', () => messages().length === 1);
    expect(messages()[0].body).toContain('Còn 1 người nữa đến lượt Quý khách');
    await next();
  });

  it('deletes a subscription the push service says is gone (410)', async () => {
    const mine = await issue('ninh-kieu', 'kd');
    const sub = newSubscription(`${push.url}/gone/${mine.ticket.id}`);
    push.status.set(`/gone/${mine.ticket.id}`, 410);
    expect(
      (
        await t.requestAs(null, 'POST', '/api/track/push', {
          code: mine.ticket.dossierCode,
          s: mine.ticket.trackingSecret,
          subscription: sub.json,
        })
      ).status,
    ).toBe(201);
    await eventually('our call', async () => {
      const called = await call('ninh-kieu', '5');
      if (called.id !== mine.ticket.id) await finish('ninh-kieu', '5');
      return called.id === mine.ticket.id;
    });
    await settle();
    expect(push.requests.some((r) => r.path === `/gone/${mine.ticket.id}`)).toBe(true);
    await eventually('the subscription deleted', async () => (await subscriptionsOf(mine.ticket.id)).length === 0);
    await finish('ninh-kieu', '5');
  });

  it('texts a phone number through the signed HTTP gateway, only with recorded consent, and forgets it on withdrawal', async () => {
    const mine = await issue('cai-rang', 'kd');
    const base = {
      code: mine.ticket.dossierCode,
      s: mine.ticket.trackingSecret,
      phone: '0912345678',
      consentVersion: 1,
    };
    // No consent, no number.
    expect(await t.requestAs(null, 'POST', '/api/track/phone', { ...base, consent: false })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION' },
    });
    expect(
      await t.requestAs(null, 'POST', '/api/track/phone', { ...base, consent: true, phone: '12345' }),
    ).toMatchObject({ status: 400 });
    expect(await subscriptionsOf(mine.ticket.id)).toHaveLength(0);
    expect(await t.requestAs(null, 'POST', '/api/track/phone', { ...base, consent: true })).toMatchObject({
      status: 201,
      body: { channel: 'sms', subscribed: true },
    });
    const [kept] = await subscriptionsOf(mine.ticket.id);
    expect(kept).toMatchObject({ channel: 'sms', address: '0912345678' });
    // The consent: who, when, for what, the words shown; without the number itself.
    const [consent] = await consentsOf(mine.ticket.id);
    expect(consent).toMatchObject({
      channel: 'sms',
      purpose: 'queue_and_dossier_notifications',
      text_version: 1,
      ended_at: null,
    });
    expect(consent.text_shown).toContain('Tôi đồng ý để Trung tâm lưu số điện thoại này');
    expect(consent.given_by).toContain(mine.ticket.dossierCode);
    expect(JSON.stringify(consent)).not.toContain('0912345678');

    const before = gateway.messages.length;
    await eventually('our call', async () => {
      const called = await call('cai-rang', '4');
      if (called.id !== mine.ticket.id) await finish('cai-rang', '4');
      return called.id === mine.ticket.id;
    });
    await settle();
    const text = await eventually('the text message', () =>
      gateway.messages.slice(before).find((m) => m.to === '0912345678' && m.kind === 'called'),
    );
    expect(text.text).toBe(`Số thứ tự ${mine.ticket.number}: Đến lượt Quý khách — quầy số 4`);

    // The gateway refuses a wrong signature, a stale timestamp and a replay; it accepts a right one.
    const body = JSON.stringify({
      id: `t-${newKey()}`,
      channel: 'sms',
      to: '0900000000',
      text: 'x',
      kind: 'called',
      lang: 'vi',
      sentAt: new Date().toISOString(),
    });
    const now = String(Math.floor(Date.now() / 1000));
    const post = (headers: Record<string, string>) =>
      fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const forged = `sha256=${createHmac('sha256', 'not-the-secret').update(`${now}.${body}`).digest('hex')}`;
    expect((await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: forged })).status).toBe(401);
    expect((await post({ [TIMESTAMP_HEADER]: now })).status).toBe(401);
    const stale = String(Number(now) - 3600);
    expect(
      (await post({ [TIMESTAMP_HEADER]: stale, [SIGNATURE_HEADER]: signGatewayBody(GATEWAY_SECRET, stale, body) }))
        .status,
    ).toBe(401);
    expect(
      (await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signGatewayBody(GATEWAY_SECRET, now, body) })).status,
    ).toBe(202);
    expect(
      (await post({ [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signGatewayBody(GATEWAY_SECRET, now, body) })).status,
    ).toBe(409);
    // The HMAC the adapter sent checks out with the shared secret (the gateway accepted it above; recompute here too).
    expect(signGatewayBody(GATEWAY_SECRET, now, body)).toBe(
      `sha256=${createHmac('sha256', GATEWAY_SECRET).update(`${now}.${body}`).digest('hex')}`,
    );

    // Withdrawal: the number goes, the consent record stays as proof, closed.
    expect(
      await t.requestAs(null, 'POST', '/api/track/notifications/withdraw', {
        code: mine.ticket.dossierCode,
        s: mine.ticket.trackingSecret,
        channel: 'sms',
      }),
    ).toMatchObject({
      status: 200,
      body: { removed: 1 },
    });
    expect(await subscriptionsOf(mine.ticket.id)).toHaveLength(0);
    expect((await consentsOf(mine.ticket.id))[0]).toMatchObject({ ended_reason: 'withdrawn' });
    await finish('cai-rang', '4');
  });

  it("tells the dossier's status changes, and forgets the number once the result is returned", async () => {
    const mine = await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const sub = newSubscription(`${push.url}/dossier/${mine.ticket.id}`);
    const auth = { code: mine.ticket.dossierCode, s: mine.ticket.trackingSecret };
    expect(
      (await t.requestAs(null, 'POST', '/api/track/push', { ...auth, subscription: sub.json, lang: 'en' })).status,
    ).toBe(201);
    expect(
      (
        await t.requestAs(null, 'POST', '/api/track/phone', {
          ...auth,
          phone: '+84987654321',
          consent: true,
          consentVersion: 1,
        })
      ).status,
    ).toBe(201);
    const receipt = await receiveAt(t, 'cai-rang', '1', birthRegistration());
    const code = receipt.dossier.code;
    const event = (version: number, status: 'accepted' | 'result_ready') => ({
      eventId: `e-${version}`,
      code,
      version,
      status,
      statusCode: 0,
      date: toProvinceDate(new Date().toISOString()),
      unit: { code: 'x', name: 'x' },
      note: null,
    });
    await t.server.handoff.dossiers.applyProgress([event(1, 'accepted'), event(2, 'result_ready')]);
    await settle();
    const messages = () =>
      push.requests
        .filter((r) => r.path === `/dossier/${mine.ticket.id}`)
        .map((r) => JSON.parse(decryptPush(r.body, sub)) as { kind: string; title: string; body: string });
    // Two versions applied together: one message, where the dossier is now; in the language chosen.
    await eventually('the dossier push', () => messages().length === 1);
    expect(messages()[0]).toEqual(
      expect.objectContaining({ kind: 'dossier', title: `Dossier ${code}`, body: 'Result ready for collection' }),
    );
    await eventually('the text', () =>
      gateway.messages.some(
        (m) => m.to === '0987654321' && m.text === `Hồ sơ ${code}: Đã có kết quả, mời nhận tại quầy`,
      ),
    );

    expect((await t.request('POST', `/api/dossiers/${encodeURIComponent(code)}/return`, {})).status).toBe(200);
    await settle();
    await eventually('the returned push', () => messages().some((m) => m.body === 'Result returned'));
    await eventually(
      'everything kept for it deleted',
      async () => (await subscriptionsOf(mine.ticket.id)).length === 0,
    );
    expect((await consentsOf(mine.ticket.id))[0]).toMatchObject({ ended_reason: 'purpose ended: result returned' });
    // Nothing more to tell: a new opt-in is refused.
    expect(await t.requestAs(null, 'POST', '/api/track/push', { ...auth, subscription: sub.json })).toMatchObject({
      status: 409,
      body: { code: 'TRACKING_ENDED' },
    });
  });

  it('shares one per-address budget between the live feed and GET /api/track', async () => {
    const mine = await issue('cai-rang', 'ld');
    const socket = t.socket();
    const replies: TrackSubscribeReply[] = [];
    for (let i = 0; i < 70; i++)
      replies.push(
        await socket
          .timeout(10_000)
          .emitWithAck('track:subscribe', { code: mine.ticket.dossierCode, secret: mine.ticket.trackingSecret }),
      );
    expect(replies.some((r) => !r.ok && r.code === 'RATE_LIMITED')).toBe(true);
    const http = await t.requestAs(
      null,
      'GET',
      `/api/track?code=${encodeURIComponent(mine.ticket.dossierCode)}&s=${mine.ticket.trackingSecret}`,
    );
    expect(http.status).toBe(429);
    socket.disconnect();
  });
});

describe('the live feed behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { trustProxy: ['loopback'] } });
  });
  afterAll(() => t?.close());

  it('counts the budget per forwarded client, as GET /api/track does, not once for the proxy', async () => {
    const res = await t.request(
      'POST',
      '/api/centers/cai-rang/tickets',
      { areaId: 'ld' },
      { 'idempotency-key': newKey() },
    );
    expect(res.status).toBe(201);
    const { dossierCode: code, trackingSecret: secret } = (res.body as Issued).ticket;
    const viaProxy = (client: string): CenterSocket =>
      connect(t.url, { transports: ['websocket'], extraHeaders: { 'x-forwarded-for': client } });
    const [a, b] = [viaProxy('203.0.113.7'), viaProxy('198.51.100.9')];
    try {
      const subscribe = (s: CenterSocket) => s.timeout(10_000).emitWithAck('track:subscribe', { code, secret });
      const repliesA: TrackSubscribeReply[] = [];
      for (let i = 0; i < 70; i++) repliesA.push(await subscribe(a));
      expect(repliesA.some((r) => !r.ok && r.code === 'RATE_LIMITED')).toBe(true);
      // The same client over HTTP has used its budget; another client behind the same proxy has its own.
      const track = (client: string) =>
        t.requestAs(null, 'GET', `/api/track?code=${encodeURIComponent(code)}&s=${secret}`, undefined, {
          'x-forwarded-for': client,
        });
      expect((await track('203.0.113.7')).status).toBe(429);
      expect(await subscribe(b)).toMatchObject({ ok: true });
      expect((await track('198.51.100.9')).status).toBe(200);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
