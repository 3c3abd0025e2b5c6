// The manager's hand-off panel in real headless Chromium: with the reference province down, dossiers are
// dead-lettered; the manager of Ninh Kiều sees their center's (not Cái Răng's), is told plainly when another
// manager got there first, and sends one again with "Gửi lại" once the province is back: it reaches the province.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '@luot/contract';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';
import { TEST_PASSWORD } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const MANAGER = `quanly.${CENTER}`;
const LAPTOP = { width: 1366, height: 768 };

let linked: Linked;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The circuit opens after two failures in a row and stays open longer than a message may live: each message's
  // second attempt (after the cooldown) finds it too old, and it is dead-lettered.
  [linked, browser] = await Promise.all([
    startLinked({ handoff: { maxAgeMs: 1_000, breakerThreshold: 2, breakerCooldownMs: 2_000 } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await linked?.close();
});

async function receive(centerId: string, counterId: string): Promise<string> {
  await ticketAtCounter(linked.t, centerId, 'ht', counterId);
  return (await receiveAt(linked.t, centerId, counterId, birthRegistration())).dossier.code;
}

const outboxOf = async (centerId: string, query = '') =>
  (await linked.t.request<OutboxEntry[]>('GET', `/api/centers/${centerId}/handoff/outbox${query}`)).body;
const deadLetters = async () => [
  ...(await outboxOf(CENTER, '?state=dead')),
  ...(await outboxOf('cai-rang', '?state=dead')),
];

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${linked.t.url}/console/?center=${CENTER}#board`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

describe('console: hand-off to the province', () => {
  it('a manager sees the center’s dead letters and sends one again once the province is back', async () => {
    const { t, province } = linked;
    province.setFaults({ mode: 'down' });
    const first = await receive(CENTER, '1');
    const second = await receive(CENTER, '2');
    const elsewhere = await receive('cai-rang', '1');
    await eventually('three dead letters', async () => (await deadLetters()).length === 3, 30_000);

    const board = await signIn(MANAGER);
    const panel = board.getByTestId('handoff-panel');
    await panel.getByRole('heading', { name: 'Hồ sơ chuyển lên hệ thống tỉnh' }).waitFor();
    const row = (code: string) => panel.getByTestId(`dead-${code}`);
    await row(first).waitFor();
    await row(second).waitFor();
    // Cái Răng's dead letter belongs on Cái Răng's board: this manager's server never sends it.
    expect(await row(elsewhere).count()).toBe(0);
    const cells = await row(second).locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual([second, 'Chuyển hồ sơ']);
    // One attempt, or two if the first came before the message was a second old.
    expect(['1', '2']).toContain(cells[2]);
    expect(cells[3]).toContain('Không kết nối được hệ thống tỉnh');
    expect(cells[4]).toMatch(/^\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);
    expect(await panel.getByTestId('handoff-dead').textContent()).toBe('2');
    await board.getByText('2 hồ sơ chưa chuyển được lên hệ thống tỉnh.').waitFor();
    await board.screenshot({ path: `${SCREENSHOTS}console-handoff-banner-1366x768.png` });
    await panel.scrollIntoViewIfNeeded();
    await board.screenshot({ path: `${SCREENSHOTS}console-handoff-dead-1366x768.png` });

    province.setFaults({ mode: 'up' });
    // Another manager sends the first one again behind this screen's back: a clear refusal, and the list catches up.
    const [stale] = (await deadLetters()).filter((m) => m.dossierCode === first);
    expect((await t.request('POST', `/api/centers/${CENTER}/handoff/outbox/${stale.id}/retry`)).status).toBe(200);
    await row(first).getByRole('button', { name: 'Gửi lại' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      `Không gửi lại được hồ sơ ${first}: Chỉ gửi lại được bản tin đã gửi thất bại (có thể đã có người gửi lại).`,
    );
    await row(first).waitFor({ state: 'detached' });
    await board.screenshot({ path: `${SCREENSHOTS}console-handoff-error-1366x768.png` });

    await row(second).getByRole('button', { name: 'Gửi lại' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: `Đã đưa hồ sơ ${second} vào hàng gửi lại` })
      .waitFor();
    await row(second).waitFor({ state: 'detached' });
    await eventually('the province holds the dossier sent again', () => province.records.get(second));
    await eventually('the message delivered', async () => {
      const outbox = await outboxOf(CENTER);
      return outbox
        .filter((m) => m.dossierCode === first || m.dossierCode === second)
        .every((m) => m.state === 'delivered');
    });
    expect(province.records.get(first)).toBeDefined();
    expect(province.records.has(elsewhere)).toBe(false);

    await panel.getByRole('button', { name: 'Làm mới' }).click();
    await panel.getByText('Không có hồ sơ nào gửi thất bại.').waitFor();
    await panel.getByTestId('handoff-delivered').filter({ hasText: /^2$/ }).waitFor();
    expect(await panel.getByTestId('handoff-circuit').textContent()).toBe('Thông suốt');
    expect(await panel.getByTestId('handoff-dead').textContent()).toBe('0');
    expect(await board.getByText(/hồ sơ chưa chuyển được lên hệ thống tỉnh/).count()).toBe(0);
    // The sync log shows the attempts: the failures, and the deliveries after "Gửi lại".
    const log = panel.getByTestId('handoff-log');
    await log.getByText('Đã nhận').first().waitFor();
    expect(await log.getByText('Gửi thất bại').count()).toBeGreaterThanOrEqual(2);
    await panel.scrollIntoViewIfNeeded();
    await board.screenshot({ path: `${SCREENSHOTS}console-handoff-sent-1366x768.png` });
    await board.context().close();
  }, 90_000);
});
