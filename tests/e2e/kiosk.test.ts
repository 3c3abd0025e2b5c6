// The kiosk in real headless Chromium against the real server: a tap sequence gives one committed ticket,
// double taps and lost answers never give two, the kiosk says so when the server, an area or the center is
// unavailable, and idle screens return to start. Screenshots of every screen in portrait and landscape.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QR_OPTIONS } from '../../ui/src/qr.ts';
import { PrintAgent } from '../../printer/src/agent.ts';
import { targetOf } from '../../printer/src/connection.ts';
import { startFakePrinter } from '../../printer/src/fake-printer.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { ticketLayout } from '../../printer/src/layout.ts';
import {
  trackingUrlOf,
  type CenterEvent,
  type CenterSnapshot,
  type PrintJob,
  type TicketReceipt,
  type TicketWithHistory,
} from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { openPaired } from '../helpers/devices.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const KIOSK = 'ninh-kieu-kiosk-1';
/** The seeded print agent of KIOSK. */
const AGENT = 'ninh-kieu-printer-1';

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  if (!existsSync(new URL('../../kiosk/dist/index.html', import.meta.url)))
    throw new Error('Build the kiosk first: npm run build -w @luot/kiosk');
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openKiosk(center: string, query = '', viewport = PORTRAIT): Promise<Page> {
  const page = await browser.newPage({ viewport, hasTouch: true });
  pages.push(page);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on(
    'console',
    (msg) => msg.type() === 'error' && !msg.text().includes('Failed to load resource') && errors.push(msg.text()),
  );
  (page as Page & { errors: string[] }).errors = errors;
  await openPaired(page, server, center, `${center}-kiosk-1`, query.replace(/^&/, ''));
  return page;
}
const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;

const areaButton = (page: Page, areaId: string) => page.locator(`button[data-area="${areaId}"]`);
const visible = (page: Page, testid: string, timeout = 15_000) =>
  page.getByTestId(testid).waitFor({ state: 'visible', timeout });
const gone = (page: Page, testid: string, timeout = 15_000) =>
  page.getByTestId(testid).waitFor({ state: 'detached', timeout });

/** What breaks a kiosk layout: a button smaller than a fingertip, or anything spilling out of the content area. */
function layoutProblems() {
  const problems: string[] = [];
  const main = document.querySelector('main')!.getBoundingClientRect();
  for (const el of document.querySelectorAll('main *, header button')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const label = `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    if (el.tagName === 'BUTTON' && (r.width < 64 || r.height < 64)) problems.push(`${label} is ${r.width}×${r.height}`);
    if (
      el.closest('main') &&
      (r.top < main.top - 1 || r.bottom > main.bottom + 1 || r.left < main.left - 1 || r.right > main.right + 1)
    )
      problems.push(`${label} leaves the screen area`);
  }
  return problems;
}

/** Both orientations of the same screen, after the fonts have loaded; the layout must hold in each. */
async function shoot(page: Page, name: string) {
  for (const viewport of [PORTRAIT, LANDSCAPE]) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(layoutProblems), `${name} at ${viewport.width}×${viewport.height}`).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}kiosk-${name}-${viewport.width}x${viewport.height}.png` });
  }
  await page.setViewportSize(PORTRAIT);
}

async function issuedTickets(center: string) {
  const res = await server.request<CenterEvent[]>('GET', `/api/centers/${center}/events?after=0&limit=1000`);
  expect(res.status).toBe(200);
  return res.body.filter((e) => e.type === 'ticket:issued').map((e) => e.ticket!);
}
const areaOf = async (center: string, areaId: string) =>
  (await server.request<CenterSnapshot>('GET', `/api/centers/${center}/snapshot`)).body.areas.find(
    (a) => a.id === areaId,
  )!;

/** Every ticket POST the page sends, with its answer (or failure) awaited before counting tickets. */
function recordIssues(page: Page) {
  const requests: Request[] = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/tickets') && requests.push(r));
  return { requests, settled: () => Promise.all(requests.map((r) => r.response().catch(() => null))) };
}

async function shownNumber(page: Page): Promise<number> {
  await visible(page, 'ticket');
  return Number(await page.getByTestId('ticket-number').textContent());
}

describe('kiosk', () => {
  it('issues a ticket the server holds as waiting, with its QR and live counts', async () => {
    const page = await openKiosk('ninh-kieu');
    await visible(page, 'start');
    await expect
      .poll(() => page.getByTestId('center-name').textContent())
      .toBe('Trung tâm Phục vụ hành chính công phường Ninh Kiều');
    await expect.poll(() => areaButton(page, 'ht').textContent()).toContain('0 người đang chờ');
    expect(await areaButton(page, 'ld').textContent()).toContain('Lao động – Thương binh và Xã hội');
    await shoot(page, 'start');
    // The toned letters come from the kiosk's own Vietnamese subset, not a system fallback.
    const loaded = await page.evaluate(() =>
      [...document.fonts]
        .filter((f) => f.status === 'loaded' && f.family.includes('Be Vietnam Pro'))
        .map((f) => f.unicodeRange),
    );
    expect(loaded.some((range) => range.includes('U+1EA0-1EF9'))).toBe(true);

    await areaButton(page, 'ht').click();
    await visible(page, 'priority');
    await shoot(page, 'priority');
    await page.locator('[data-priority="none"]').click();

    const number = await shownNumber(page);
    const mine = (await issuedTickets('ninh-kieu')).find((t) => t.number === number && t.areaId === 'ht');
    expect(mine).toBeDefined();
    const held = await server.request<TicketWithHistory>('GET', `/api/tickets/${mine!.id}`);
    expect(held.body.ticket).toMatchObject({ state: 'waiting', number, kioskId: KIOSK, priority: 'none' });
    expect(await page.getByTestId('dossier-code').textContent()).toBe(held.body.ticket.dossierCode);
    expect(await page.getByTestId('tracking-secret').textContent()).toBe(held.body.ticket.trackingSecret);
    expect(await page.getByTestId('people-ahead').textContent()).toBe('0');
    expect(await page.getByTestId('issued-at').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

    // The QR on screen encodes exactly what the printed ticket carries.
    const payload = trackingUrlOf(server.url, held.body.ticket.dossierCode, held.body.ticket.trackingSecret);
    const expected = await QRCode.toString(payload, QR_OPTIONS);
    const pathOf = (svg: string) => svg.match(/<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/)?.[1];
    expect(pathOf(await page.getByTestId('qr').innerHTML())).toBe(pathOf(expected));

    // No print agent is attached to this kiosk: the screen says so, and the QR above stands in for the paper.
    expect(await page.getByTestId('print-status').getAttribute('data-print')).toBe('offline');
    expect(await page.getByTestId('print-status').textContent()).toBe(
      'Máy in không hoạt động. Vui lòng chụp ảnh màn hình này để giữ số thứ tự.',
    );

    await page.getByTestId('done').click();
    await visible(page, 'start');
    await expect.poll(() => areaButton(page, 'ht').textContent()).toContain('1 người đang chờ');
    // A ticket taken elsewhere shows up live.
    expect(
      (
        await server.request(
          'POST',
          '/api/centers/ninh-kieu/tickets',
          { areaId: 'ht' },
          { 'Idempotency-Key': newKey() },
        )
      ).status,
    ).toBe(201);
    await expect.poll(() => areaButton(page, 'ht').textContent()).toContain('2 người đang chờ');
    expect(errorsOf(page)).toEqual([]);
  });

  it('gives one ticket for a double tap on an area and on a priority', async () => {
    const page = await openKiosk('ninh-kieu');
    const issues = recordIssues(page);
    await visible(page, 'start');
    const before = (await issuedTickets('ninh-kieu')).length;

    // The second tap lands on the priority screen and must not pick a priority.
    await areaButton(page, 'ct').dblclick();
    await visible(page, 'priority');
    expect(issues.requests).toHaveLength(0);

    await page.locator('[data-priority="none"]').dblclick();
    const number = await shownNumber(page);
    await issues.settled();
    expect(issues.requests).toHaveLength(1);
    const after = await issuedTickets('ninh-kieu');
    expect(after.length - before).toBe(1);
    expect(after.at(-1)).toMatchObject({ number, areaId: 'ct' });
  });

  it('retries a lost answer with the same key and shows the one committed ticket', async () => {
    const page = await openKiosk('ninh-kieu');
    const issues = recordIssues(page);
    let committed: number | null = null;
    // The server commits the first request, but its answer never reaches the kiosk.
    await page.route('**/api/centers/*/tickets', async (route) => {
      if (committed !== null) return route.continue();
      const res = await route.fetch();
      committed = (await res.json()).ticket.number;
      await route.abort('connectionreset');
    });
    await visible(page, 'start');
    const before = (await issuedTickets('ninh-kieu')).length;
    await areaButton(page, 'kd').click();
    await page.locator('[data-priority="disabled"]').click();

    const number = await shownNumber(page);
    expect(number).toBe(committed);
    expect(await page.getByTestId('priority-mark').textContent()).toBe('ƯU TIÊN');
    expect(await page.getByTestId('ticket').textContent()).toContain('Người khuyết tật');
    await issues.settled();
    expect(issues.requests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(issues.requests.map((r) => r.headers()['idempotency-key'])).size).toBe(1);
    expect((await issuedTickets('ninh-kieu')).length - before).toBe(1);
  });

  it('says the server is unreachable, shows no number until one is committed, and recovers', async () => {
    const page = await openKiosk('ninh-kieu');
    await visible(page, 'start');
    await areaButton(page, 'tp').click();
    await visible(page, 'priority');

    await server.stop();
    await page.locator('[data-priority="none"]').click();
    await visible(page, 'issuing-retry');
    expect(await page.getByTestId('ticket-number').count()).toBe(0);
    await shoot(page, 'issuing-retry');

    await server.start();
    const number = await shownNumber(page);
    const tp = (await issuedTickets('ninh-kieu')).filter((t) => t.areaId === 'tp');
    expect(tp.map((t) => t.number)).toEqual([number]);

    await page.getByTestId('done').click();
    await visible(page, 'start');
    await server.stop();
    await visible(page, 'offline');
    expect(await page.getByTestId('start').count()).toBe(0);
    expect(await page.getByTestId('offline').textContent()).toContain('Mất kết nối với hệ thống');
    await shoot(page, 'offline');
    await server.start();
    await gone(page, 'offline');
    await visible(page, 'start');
    await expect.poll(() => areaButton(page, 'tp').textContent()).toContain('1 người đang chờ');
  }, 90_000);

  it('returns to start when left idle, in the default language', async () => {
    const page = await openKiosk('ninh-kieu', '&idle=2&ticket=2');
    await visible(page, 'start');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('start').textContent()).toContain('Please choose the service you need');
    await expect.poll(() => areaButton(page, 'ht').textContent()).toContain('Civil status');
    await shoot(page, 'start-en');

    await areaButton(page, 'ht').click();
    await visible(page, 'priority');
    await visible(page, 'start');
    expect(await page.getByTestId('start').textContent()).toContain('Mời quý khách chọn lĩnh vực cần giải quyết');

    // The ticket screen goes back by itself too.
    await areaButton(page, 'xd').click();
    await page.locator('[data-priority="none"]').click();
    await shownNumber(page);
    await visible(page, 'start');
  });

  it('shows what its own printer does: out of paper, printed, offline (real print agent, fake network printer)', async () => {
    const printer = await startFakePrinter({ paperOut: true });
    const stateDir = mkdtempSync(join(tmpdir(), 'luot-kiosk-agent-'));
    const agent = new PrintAgent({
      serverUrl: server.url,
      credential: (await server.enrollDevice('ninh-kieu', AGENT)).credential,
      centerId: 'ninh-kieu',
      kioskId: KIOSK,
      target: targetOf(printer.url),
      paper: 80,
      profile: profileOf('epson'),
      stateDir,
      retryMs: 100,
      pollMs: 200,
      timeoutMs: 1_000,
    });
    try {
      agent.start();
      const page = await openKiosk('ninh-kieu', '&lang=en');
      await expect.poll(() => page.getByTestId('printer').getAttribute('data-printer')).toBe('paper_out');
      expect(await page.getByTestId('printer').textContent()).toBe(
        'The printer is out of paper: your number will be shown on screen for you to photograph.',
      );
      await areaButton(page, 'dd').click();
      await page.locator('[data-priority="elderly"]').click();
      await shownNumber(page);
      expect(await page.getByTestId('print-status').getAttribute('data-print')).toBe('paper_out');
      expect(await page.getByTestId('print-status').textContent()).toContain(
        'out of paper. Please take a photo of this screen',
      );
      expect(printer.jobs).toHaveLength(0);
      await shoot(page, 'ticket-paper-out-en');
      await page.getByTestId('lang-toggle').click();
      await shoot(page, 'ticket-paper-out');

      // Paper loaded: the agent prints the held ticket and the screen says so.
      printer.paperOut = false;
      await printer.waitForJobs(1);
      await expect
        .poll(() => page.getByTestId('print-status').textContent())
        .toBe('Đã in phiếu. Mời quý khách nhận phiếu.');
      await shoot(page, 'ticket-printed');

      await agent.stop();
      await expect.poll(() => page.getByTestId('printer').getAttribute('data-printer')).toBe('offline');
      expect(errorsOf(page)).toEqual([]);
    } finally {
      await agent.stop();
      await printer.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('says so when an area or the whole center is closed, and refuses a number nobody will call', async () => {
    const page = await openKiosk('cai-rang');
    await visible(page, 'start');
    await areaButton(page, 'kd').click();
    await visible(page, 'priority');

    // The manager closes the area while the citizen is choosing: the server refuses, the kiosk explains.
    // (Manager actions go straight to the queue service: this test is about the kiosk, not staff sign-in.)
    const queue = server.server.queue;
    await queue.setAreaClosedToday('cai-rang', 'kd', true, 'test');
    await page.locator('[data-priority="none"]').click();
    await visible(page, 'refused');
    expect(await page.getByTestId('refused').textContent()).toContain(
      'Lĩnh vực Đăng ký kinh doanh đã ngừng nhận hồ sơ hôm nay.',
    );
    await shoot(page, 'refused');
    expect((await areaOf('cai-rang', 'kd')).waiting).toBe(0);
    await page.getByRole('button', { name: 'Về màn hình chính' }).click();

    await visible(page, 'start');
    await expect.poll(() => areaButton(page, 'kd').isDisabled()).toBe(true);
    expect(await areaButton(page, 'kd').textContent()).toContain('Hôm nay đã ngừng nhận hồ sơ');

    // Only counter 3 serves Đất đai: with it closed, the area says no counter is open.
    await queue.closeCounter('cai-rang', '3', 'test');
    await expect.poll(() => areaButton(page, 'dd').textContent()).toContain('Chưa có quầy nào mở');
    expect(await areaButton(page, 'dd').isDisabled()).toBe(true);
    await shoot(page, 'start-area-closed');

    for (const counter of ['1', '2', '4', '5']) await queue.closeCounter('cai-rang', counter, 'test');
    await visible(page, 'center-closed');
    expect(await page.getByTestId('center-closed').textContent()).toContain('Trung tâm chưa nhận hồ sơ lúc này');
    await shoot(page, 'center-closed');

    await queue.openCounter('cai-rang', '1', null, 'test');
    await visible(page, 'start');
    await expect.poll(() => areaButton(page, 'ht').isEnabled()).toBe(true);
  });

  it('asks to be paired without a credential, and stops at once when revoked', async () => {
    const page = await browser.newPage({ viewport: PORTRAIT });
    pages.push(page);
    await page.goto(`${server.url}/kiosk/?center=ninh-kieu&kiosk=${KIOSK}`);
    await visible(page, 'pairing');
    expect(await page.textContent('h1')).toBe('Ghép nối kiosk');
    const pairing = await openPaired(page, server, 'cai-rang', { kind: 'kiosk', name: 'Kiosk sẽ thu hồi' });
    await visible(page, 'start');
    expect((await server.request('POST', `/api/centers/cai-rang/devices/${pairing.deviceId}/revoke`)).status).toBe(204);
    await visible(page, 'pairing');
  });

  it('says on screen what the paper says, in the page’s language, and offers a reprint when the print expired', async () => {
    // A server whose print jobs are valid 2 s, with a print agent that is not there when the ticket is issued.
    const short = await startTestServer({ config: { printJobTtlMs: 2_000 } });
    const printer = await startFakePrinter();
    const stateDir = mkdtempSync(join(tmpdir(), 'luot-kiosk-agent-'));
    const agent = new PrintAgent({
      serverUrl: short.url,
      credential: (await short.enrollDevice('ninh-kieu', AGENT)).credential,
      centerId: 'ninh-kieu',
      kioskId: KIOSK,
      target: targetOf(printer.url),
      paper: 80,
      profile: profileOf('epson'),
      stateDir,
      retryMs: 100,
      pollMs: 200,
      timeoutMs: 1_000,
    });
    try {
      const page = await browser.newPage({ viewport: PORTRAIT, hasTouch: true });
      pages.push(page);
      await openPaired(page, short, 'ninh-kieu', KIOSK);
      await visible(page, 'start');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
      await page.getByTestId('lang-toggle').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByTestId('lang-toggle').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
      // No technical footer: the kiosk's id is nowhere on the citizen's screen.
      expect(await page.textContent('body')).not.toContain(KIOSK);

      await areaButton(page, 'ht').click();
      const answer = page.waitForResponse((r) => r.url().endsWith('/tickets') && r.request().method() === 'POST');
      await page.locator('[data-priority="elderly"]').click();
      const receipt = (await (await answer).json()) as TicketReceipt;
      await shownNumber(page);

      // Every line of the paper is on the screen, in the same words.
      const { ticket: _t, ...rest } = receipt;
      void _t;
      const job: PrintJob = {
        jobId: 'x',
        kioskId: KIOSK,
        issued: { ...rest, ticket: receipt.ticket },
        trackingUrl: receipt.trackingUrl,
        validFrom: '',
        expiresAt: '',
      };
      const screenText = (await page.getByTestId('ticket').locator('article').innerText()).replace(/\s+/g, ' ');
      for (const block of ticketLayout(job, 80).blocks) {
        if (block.kind === 'text' || block.kind === 'number') expect(screenText).toContain(block.text.trim());
        if (block.kind === 'pair') expect(screenText).toContain(`${block.label.replace(/:$/, '')} ${block.value}`);
        if (block.kind === 'qr') expect(await page.getByTestId('qr').getAttribute('data-payload')).toBe(block.data);
      }

      // Nobody printed it in time: the screen says so and offers to print again while the citizen is here.
      await expect
        .poll(() => page.getByTestId('print-status').getAttribute('data-print'), { timeout: 15_000 })
        .toBe('expired');
      await visible(page, 'reprint');
      await shoot(page, 'ticket-expired');
      agent.start();
      await expect.poll(() => page.getByTestId('printer').getAttribute('data-printer')).toBe('ready');
      await new Promise((r) => setTimeout(r, 500));
      expect(printer.jobs).toHaveLength(0);
      await page.getByTestId('reprint').click();
      await printer.waitForJobs(1);
      await expect.poll(() => page.getByTestId('print-status').getAttribute('data-print')).toBe('printed');
      expect(await page.getByTestId('reprint').count()).toBe(0);
      expect(printer.jobs).toHaveLength(1);
    } finally {
      await agent.stop();
      await printer.close();
      await short.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 180_000);
});
