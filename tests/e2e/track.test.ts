// The tracking page a ticket's QR opens, in headless Chromium on a phone-sized screen (390×844): it follows the
// ticket live over Socket.IO (no reload): the place in line, "Mời Quý khách đến quầy số 3" within a second of the
// call with a chime and a vibration, the no-show guidance with the grace period, the English toggle, Web Push
// opt-in with one tap (the service worker at /track/sw.js), then the dossier's status and history; a clear
// "not found" for an unknown code or a wrong secret. Screenshots of each state.
//
// Headless Chromium cannot make a real PushManager subscription here: subscribing goes through the browser
// vendor's push service (FCM), unreachable without network (it hangs, or is refused as "permission denied"). The
// page's PushManager.subscribe is therefore replaced by one returning a subscription whose keys the test holds
// and whose endpoint is a push service on loopback; everything else is real: the page's opt-in, the service
// worker, the server's encrypted push (decrypted here), and the push delivered to the service worker (CDP).
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingUrlOf } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { birthRegistration, eventually, type Linked, receiveAt, startLinked } from '../helpers/province.ts';
import { buildReferenceGateway, type ReferenceGateway } from '../../server/src/reference-gateway/gateway.ts';
import { decryptPush, newSubscription, type PushService, startPushService } from '../helpers/push.ts';
import { newKey } from '../helpers/server.ts';

const PHONE = { width: 390, height: 844 };

let linked: Linked;
let browser: Browser;
let push: PushService;
let gateway: ReferenceGateway;

beforeAll(async () => {
  if (!existsSync(new URL('../../track/dist/index.html', import.meta.url)))
    throw new Error('Build the tracking page first: npx vite build track');
  mkdirSync(SCREENSHOTS, { recursive: true });
  push = await startPushService();
  gateway = buildReferenceGateway({ secret: 'e2e-gateway-secret' });
  const gatewayUrl = `${await gateway.listen(0, '127.0.0.1')}/messages`;
  // The province moves a dossier only when the test says so.
  [linked, browser] = await Promise.all([
    startLinked({
      province: { stepMs: 3_600_000 },
      config: {
        pushServices: ['http://127.0.0.1'],
        notifyGatewayUrl: gatewayUrl,
        notifyGatewaySecret: 'e2e-gateway-secret',
      },
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await linked?.close();
  await push?.close();
  await gateway?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, locale: 'vi-VN' });
  await page.goto(url);
  return page;
}

describe('tracking page', () => {
  it('follows a ticket live: place, the call to counter 3 within a second, the no-show guidance, notifications, then the dossier', async () => {
    const { t, province } = linked;
    // An officer at counter 1 (its areas include ht): only a staffed counter makes a wait estimate.
    expect((await t.requestAs('canbo1.ninh-kieu', 'POST', '/api/centers/ninh-kieu/counters/1/open')).status).toBe(200);
    const first = (
      await t.request('POST', '/api/centers/ninh-kieu/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() })
    ).body;
    const mine = (
      await t.request('POST', '/api/centers/ninh-kieu/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() })
    ).body;
    const url = trackingUrlOf(t.url, mine.ticket.dossierCode, mine.ticket.trackingSecret);

    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, locale: 'vi-VN' });
    await context.grantPermissions(['notifications'], { origin: t.url });
    const sub = newSubscription(`${push.url}/e2e/${mine.ticket.id}`);
    await context.addInitScript((json) => {
      const w = window as unknown as { vibrations: unknown[]; tones: number; pushKey: unknown };
      w.vibrations = [];
      w.tones = 0;
      navigator.vibrate = (pattern: VibratePattern | Iterable<number>) => (w.vibrations.push(pattern), true);
      const osc = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.tones++;
        return osc.call(this);
      };
      // See the header: the vendor's push service is out of reach, the subscription is the test's.
      let current: PushSubscriptionJSON | null = null;
      const asSubscription = (j: PushSubscriptionJSON) => ({
        endpoint: j.endpoint,
        expirationTime: null,
        options: {},
        toJSON: () => j,
        unsubscribe: async () => true,
        getKey: () => null,
      });
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        w.pushKey = options?.applicationServerKey;
        current = json;
        return asSubscription(json) as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async () =>
        current ? (asSubscription(current) as unknown as PushSubscription) : null;
    }, sub.json);
    const page = await context.newPage();
    await page.goto(url);

    await expect.poll(() => page.getByTestId('number').textContent()).toBe(String(mine.ticket.number));
    expect(await page.getByTestId('ticket-state').textContent()).toBe('Đang chờ đến lượt');
    expect(await page.getByTestId('ahead').textContent()).toBe('Còn 1 người phía trước');
    expect(await page.getByTestId('wait').textContent()).not.toMatch(/khoảng 0 phút/);
    await page.screenshot({ path: `${SCREENSHOTS}track-waiting.png`, fullPage: true });

    // One tap: notifications on (permission, service worker at /track/sw.js, subscription sent to the server).
    await page.getByTestId('push').click();
    await expect.poll(() => page.getByTestId('push-on').textContent()).toContain('Đã bật thông báo');
    const registration = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration('/track/'))?.scope ?? null,
    );
    expect(registration).toBe(`${t.url}/track/`);
    const subs = await t.server.queue.store.transaction((tx) => tx.notify.subscriptionsOfTicket(mine.ticket.id));
    expect(subs.map((s) => s.address)).toEqual([sub.json.endpoint]);
    await page.screenshot({ path: `${SCREENSHOTS}track-notify-on.png`, fullPage: true });
    const pushes = () =>
      push.requests
        .filter((r) => r.path === `/e2e/${mine.ticket.id}`)
        .map((r) => JSON.parse(decryptPush(r.body, sub)) as { kind: string; title: string; body: string; url: string });

    // Counter 1 calls the first ticket: ours is next, shown without a reload, and "near" is pushed.
    await t.request('POST', '/api/centers/ninh-kieu/counters/1/call-next');
    await expect.poll(() => page.getByTestId('ahead').textContent()).toBe('Quý khách là người tiếp theo');
    expect(await page.getByTestId('wait').textContent()).toBe('Sắp đến lượt Quý khách');
    await eventually('the near push', () =>
      pushes().some((p) => p.kind === 'near' && p.body.startsWith('Sắp đến lượt Quý khách')),
    );

    // Counter 3 calls ours: within a second, without reload, with a chime and a vibration.
    expect((await t.request('POST', '/api/centers/ninh-kieu/counters/3/call-next')).body.id).toBe(mine.ticket.id);
    await expect
      .poll(() => page.getByTestId('counter').textContent(), { timeout: 1_000, interval: 50 })
      .toContain('Mời Quý khách đến quầy số 3');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length))
      .toBe(1);
    expect(await page.evaluate(() => (window as unknown as { tones: number }).tones)).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}track-called.png`, fullPage: true });
    const called = await eventually('the call push', () => pushes().find((p) => p.kind === 'called'));
    expect(called).toMatchObject({ title: `Số thứ tự ${mine.ticket.number}`, body: 'Đến lượt Quý khách — quầy số 3' });
    expect(called.url).toBe(url);

    // The service worker shows the push it receives (delivered through the DevTools protocol).
    const cdp = await context.newCDPSession(page);
    const registrations = new Promise<{ registrationId: string; scopeURL: string }[]>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => resolve(e.registrations)),
    );
    await cdp.send('ServiceWorker.enable');
    const reg = (await registrations).find((r) => r.scopeURL === `${t.url}/track/`)!;
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: t.url,
      registrationId: reg.registrationId,
      data: JSON.stringify(called),
    });
    const shown = await eventually('the notification shown', async () => {
      const list = await page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body })),
      );
      return list.length > 0 && list;
    });
    expect(shown).toContainEqual({ title: `Số thứ tự ${mine.ticket.number}`, body: 'Đến lượt Quý khách — quầy số 3' });

    // English, at one tap.
    await page.getByTestId('lang').click();
    expect(await page.getByTestId('counter').textContent()).toContain('Please go to counter 3');
    await page.screenshot({ path: `${SCREENSHOTS}track-called-en.png`, fullPage: true });
    await page.getByTestId('lang').click();

    // Absent: until when the citizen may come back (noShowGraceMinutes, 30 by default).
    await t.request('POST', '/api/centers/ninh-kieu/counters/3/no-show');
    await expect
      .poll(() => page.getByTestId('grace').textContent())
      .toMatch(/Quý khách có thể quay lại đến \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/);
    expect(await page.getByTestId('ticket-state').textContent()).toBe('Quý khách đã vắng mặt khi được gọi');
    const until = (await page.getByTestId('grace').textContent())!.match(/(\d\d):(\d\d)/)!;
    const nowVn = new Date(Date.now() + 7 * 3_600_000);
    const minutes =
      (Number(until[1]) * 60 + Number(until[2]) - (nowVn.getUTCHours() * 60 + nowVn.getUTCMinutes()) + 1440) % 1440;
    expect(minutes).toBeGreaterThanOrEqual(28);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(await page.getByTestId('grace').textContent()).toContain(`báo cán bộ số thứ tự ${mine.ticket.number}`);
    await page.screenshot({ path: `${SCREENSHOTS}track-no-show.png`, fullPage: true });
    await eventually('the no-show push', () => pushes().some((p) => p.kind === 'no_show'));

    // Back within the grace period, called again and served.
    expect((await t.request('POST', `/api/tickets/${mine.ticket.id}/requeue`)).status).toBe(200);
    await expect.poll(() => page.getByTestId('ticket-state').textContent()).toBe('Đang chờ đến lượt');
    expect((await t.request('POST', '/api/centers/ninh-kieu/counters/3/call-next')).body.id).toBe(mine.ticket.id);
    await t.request('POST', '/api/centers/ninh-kieu/counters/3/start');
    await expect
      .poll(() => page.getByTestId('serving').textContent())
      .toBe('Quý khách đang được phục vụ tại quầy số 3');
    await page.screenshot({ path: `${SCREENSHOTS}track-serving.png`, fullPage: true });
    expect(first.ticket.id).not.toBe(mine.ticket.id);

    // The dossier is received: the page turns to it by itself, and follows the province.
    const receipt = await receiveAt(t, 'ninh-kieu', '3', birthRegistration({ authorityId: 'ubnd-cai-rang' }));
    await expect
      .poll(() => page.getByTestId('status').textContent())
      .toMatch(/Đã tiếp nhận|Đã chuyển hệ thống giải quyết của tỉnh/);
    await eventually('the province to hold it', () => province.records.get(receipt.dossier.code));
    province.advance(receipt.dossier.code);
    province.advance(receipt.dossier.code);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 15_000 }).toBe('Đang giải quyết');
    expect(await page.getByTestId('procedure').textContent()).toBe('Đăng ký khai sinh');
    expect(await page.getByTestId('authority').textContent()).toBe('Ủy ban nhân dân phường Cái Răng');
    expect(await page.getByTestId('due').textContent()).toBe(receipt.dossier.dueDate.split('-').reverse().join('/'));
    const steps = await page.getByTestId('history').locator('li').allTextContents();
    expect(steps.map((s) => s.replace(/^\d\d\/\d\d\/\d{4} \d\d:\d\d/, '').trim())).toEqual([
      'Đang giải quyết',
      'Cơ quan có thẩm quyền đã nhận',
      'Đã chuyển hệ thống giải quyết của tỉnh',
      'Đã tiếp nhận',
    ]);
    // Nothing personal on the page.
    const text = await page.locator('body').innerText();
    for (const personal of ['Nguyễn Thị Lan', '092190001234', '0912345678', 'Trần Minh Khang'])
      expect(text).not.toContain(personal);
    await page.screenshot({ path: `${SCREENSHOTS}track-dossier.png`, fullPage: true });

    province.advance(receipt.dossier.code);
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 15_000 })
      .toBe('Đã có kết quả, mời nhận tại quầy');
    await eventually('the dossier push', () =>
      pushes().some((p) => p.kind === 'dossier' && p.body === 'Đã có kết quả, mời nhận tại quầy'),
    );
    await context.close();
  });

  it('says clearly when a code is unknown or the secret is wrong, and lets the citizen type them', async () => {
    const { t } = linked;
    const unknown = await open(trackingUrlOf(t.url, '000.31.01.H13-261123-9999', 'ABCD'));
    await expect.poll(() => unknown.getByTestId('problem').textContent()).toContain('Không tìm thấy hồ sơ');
    await unknown.screenshot({ path: `${SCREENSHOTS}track-not-found.png`, fullPage: true });

    const issued = (
      await t.request('POST', '/api/centers/cai-rang/tickets', { areaId: 'ct' }, { 'idempotency-key': newKey() })
    ).body;
    const wrong = await open(
      trackingUrlOf(t.url, issued.ticket.dossierCode, issued.ticket.trackingSecret === 'ZZZZ' ? 'YYYY' : 'ZZZZ'),
    );
    await expect.poll(() => wrong.getByTestId('problem').textContent()).toContain('Không tìm thấy hồ sơ');

    // The form, with the right secret typed in lower case.
    await wrong.locator('input[name=secret]').fill(issued.ticket.trackingSecret.toLowerCase());
    await wrong.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => wrong.getByTestId('number').textContent()).toBe(String(issued.ticket.number));
    expect(new URL(wrong.url()).searchParams.get('s')).toBe(issued.ticket.trackingSecret);

    const blank = await open(`${t.url}/track/`);
    expect(await blank.locator('form').isVisible()).toBe(true);
    await blank.screenshot({ path: `${SCREENSHOTS}track-form.png`, fullPage: true });
    await Promise.all([unknown.close(), wrong.close(), blank.close()]);
  });

  it('takes a phone number only with the consent ticked, and reconnects by itself after the server restarts', async () => {
    const { t } = linked;
    const mine = (
      await t.request('POST', '/api/centers/cai-rang/tickets', { areaId: 'dd' }, { 'idempotency-key': newKey() })
    ).body;
    const page = await open(trackingUrlOf(t.url, mine.ticket.dossierCode, mine.ticket.trackingSecret));
    await expect.poll(() => page.getByTestId('number').textContent()).toBe(String(mine.ticket.number));
    await page.getByText('Hoặc nhận tin nhắn qua số điện thoại').click();
    await page.locator('input[name=phone]').fill('0912 345 678');
    await page.getByRole('button', { name: 'Đăng ký nhận tin nhắn' }).click();
    await expect.poll(() => page.locator('.phone').textContent()).toContain('Vui lòng đánh dấu đồng ý để đăng ký.');
    expect(
      await t.server.queue.store.transaction((tx) => tx.notify.subscriptionsOfTicket(mine.ticket.id)),
    ).toHaveLength(0);
    await page.screenshot({ path: `${SCREENSHOTS}track-phone-consent.png`, fullPage: true });
    await page.locator('input[name=consent]').check();
    await page.getByRole('button', { name: 'Đăng ký nhận tin nhắn' }).click();
    await expect.poll(() => page.getByTestId('phone-on').textContent()).toContain('Sẽ nhắn tin tới số 091 •••• 678');
    const [kept] = await t.server.queue.store.transaction((tx) => tx.notify.subscriptionsOfTicket(mine.ticket.id));
    expect(kept).toMatchObject({ channel: 'sms', address: '0912345678' });

    // The server goes away and comes back: the page says so, reconnects and follows again without a reload.
    await t.stop();
    await expect
      .poll(() => page.getByTestId('link').textContent(), { timeout: 15_000 })
      .toContain('Mất kết nối, đang thử lại…');
    await page.screenshot({ path: `${SCREENSHOTS}track-offline.png`, fullPage: true });
    await t.start();
    await expect.poll(() => page.getByTestId('link').textContent(), { timeout: 15_000 }).toContain('Tự động cập nhật');
    const before = gateway.messages.length;
    await eventually('our call', async () => {
      const called = await t.request('POST', '/api/centers/cai-rang/counters/3/call-next');
      if (called.body.id !== mine.ticket.id) await t.request('POST', '/api/centers/cai-rang/counters/3/complete');
      return called.body.id === mine.ticket.id;
    });
    await expect
      .poll(() => page.getByTestId('counter').textContent(), { timeout: 5_000 })
      .toContain('Mời Quý khách đến quầy số 3');
    const text = await eventually('the text message', () =>
      gateway.messages.slice(before).find((m) => m.to === '0912345678'),
    );
    expect(text.text).toBe(`Số thứ tự ${mine.ticket.number}: Đến lượt Quý khách — quầy số 3`);
    await page.close();
  });
});
