// The hall never lies, in real headless Chromium against the real server: a called ticket that becomes a
// no-show, is transferred, cancelled or parked leaves the live rows at once; a recall's badge stays in its row;
// the table of what each counter serves; the manager's text line; the "sound blocked" banner off the clock; a
// counter display with nobody at it says it is closed.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CenterSnapshot, Ticket } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { displayDevice, openPaired } from '../helpers/devices.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const FULL_HD = { width: 1920, height: 1080 };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function issue(areaId: string): Promise<Ticket> {
  const res = await server.request(
    'POST',
    `/api/centers/${CENTER}/tickets`,
    { areaId },
    { 'Idempotency-Key': newKey() },
  );
  expect(res.status).toBe(201);
  return res.body.ticket;
}
async function act(counterId: string, action: string, body?: unknown): Promise<Ticket> {
  const res = await server.request('POST', `/api/centers/${CENTER}/counters/${counterId}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const snapshot = async () => (await server.request<CenterSnapshot>('GET', `/api/centers/${CENTER}/snapshot`)).body;

async function openDisplay(context: BrowserContext, query: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  const { device, query: rest } = displayDevice(query);
  await openPaired(page, server, CENTER, device, rest);
  await page.waitForSelector('[data-online="true"]');
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** Waits until the page has applied every event the server has logged. */
async function caughtUp(page: Page) {
  const seq = (await snapshot()).seq;
  await page.waitForFunction((s) => Number(document.querySelector('[data-seq]')?.getAttribute('data-seq')) === s, seq);
}
const rows = (page: Page) => page.$$eval('[data-call]', (els) => els.map((e) => Number(e.getAttribute('data-number'))));
const box = async (page: Page, selector: string) => (await (await page.$(selector))!.boundingBox())!;

describe('the hall display', () => {
  it('drops a called ticket at once when it is absent, transferred, cancelled or parked', async () => {
    const context = await browser.newContext({ viewport: FULL_HD });
    // A browser that holds audio back until someone touches the screen.
    await context.addInitScript(() => {
      Object.defineProperty(BaseAudioContext.prototype, 'state', { get: () => 'suspended' });
    });
    const hall = await openDisplay(context, '&counters=1');
    // Its own browser profile: a page keeps its credential in localStorage, and the hall reloads below.
    const counter5 = await openDisplay(await browser.newContext({ viewport: FULL_HD }), '&counter=5');

    const [h1, h2, h3, h4] = [await issue('ht'), await issue('ht'), await issue('ht'), await issue('ht')];
    const c1 = await issue('ct');
    expect((await act('1', 'call-next')).id).toBe(h1.id);
    expect((await act('2', 'call-next')).id).toBe(h2.id);
    expect((await act('3', 'call-next')).id).toBe(c1.id);
    await act('1', 'recall');
    await act('1', 'recall');
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([h1.number, c1.number, h2.number]);
    // "Gọi lần 3" sits inside its own row.
    const badge = await box(hall, `[data-call][data-number="${h1.number}"] [data-recall]`);
    const row = await box(hall, `[data-call][data-number="${h1.number}"]`);
    expect(await hall.textContent('[data-recall]')).toBe('Gọi lần 3');
    expect(badge.y).toBeGreaterThanOrEqual(row.y);
    expect(badge.y + badge.height).toBeLessThanOrEqual(row.y + row.height);
    // The sound banner never covers the clock.
    await hall.waitForSelector('[data-sound-blocked]');
    const banner = await box(hall, '[data-sound-blocked]');
    const clock = await box(hall, '[data-clock]');
    expect(
      banner.y >= clock.y + clock.height ||
        banner.y + banner.height <= clock.y ||
        banner.x >= clock.x + clock.width ||
        banner.x + banner.width <= clock.x,
    ).toBe(true);
    await hall.screenshot({ path: `${SCREENSHOTS}display-hall-recall-1920x1080.png` });

    // No-show: gone.
    await act('1', 'no-show');
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([c1.number, h2.number]);
    // Transferred: gone (it waits again elsewhere).
    await act('2', 'transfer', { areaId: 'dd' });
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([c1.number]);
    // Parked: gone; called back: on top again.
    await act('3', 'hold');
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([]);
    // Cancelled while called: gone, and the counter is free.
    const called = await act('1', 'call-next');
    expect(called.id).toBe(h3.id);
    expect((await server.request('POST', `/api/tickets/${h3.id}/cancel`, { note: 'Công dân bỏ về' })).status).toBe(200);
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([]);
    expect((await snapshot()).counters.find((c) => c.id === '1')?.current).toBeNull();
    await act('3', 'unhold', { ticketId: c1.id });
    expect((await act('2', 'call-next')).id).toBe(h4.id);
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([h4.number, c1.number]);
    // A reload shows the same: the snapshot keeps only live calls.
    await hall.reload();
    await hall.waitForSelector('[data-online="true"]');
    await caughtUp(hall);
    expect(await rows(hall)).toEqual([h4.number, c1.number]);

    // What each counter serves, and closed where nobody is.
    await hall.waitForSelector(`[data-counter-cell="2"][data-ticket="${h4.number}"]`);
    expect(await hall.textContent('[data-counter-cell="5"]')).toContain('Đóng');
    expect(await counter5.textContent('[data-closed]')).toBe('Quầy đóng');

    // The manager's text line.
    const set = await server.requestAs(`quanly.${CENTER}`, 'PUT', `/api/centers/${CENTER}/announcement`, {
      text: 'Từ 11 giờ 30 đến 13 giờ 30 trung tâm nghỉ trưa.',
    });
    expect(set).toMatchObject({ status: 200, body: { text: 'Từ 11 giờ 30 đến 13 giờ 30 trung tâm nghỉ trưa.' } });
    await hall.waitForSelector('[data-announcement]');
    expect(await hall.textContent('[data-announcement]')).toBe('Từ 11 giờ 30 đến 13 giờ 30 trung tâm nghỉ trưa.');
    await hall.screenshot({ path: `${SCREENSHOTS}display-hall-table-1920x1080.png` });
    await counter5.screenshot({ path: `${SCREENSHOTS}display-counter-closed-1920x1080.png` });
    await server.requestAs(`quanly.${CENTER}`, 'PUT', `/api/centers/${CENTER}/announcement`, { text: '' });
    await hall.waitForSelector('[data-announcement]', { state: 'detached' });
    await context.close();
  }, 90_000);
});
