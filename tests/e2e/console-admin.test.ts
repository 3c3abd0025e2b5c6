// The console's administration in real headless Chromium: the province administrator creates a center with two
// service areas, three counters and a new officer from the screens; the officer signs in, must choose their own
// password, takes a counter and calls a ticket issued for that center (by staff over the API: enrolling the
// center's kiosk belongs to device enrollment). Screenshots of the screens are left in tests/screenshots/.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser.ts';
import { newKey, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
const LAPTOP = { width: 1366, height: 900 };

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

it('creates a center with two areas, three counters and an officer, who signs in and calls a ticket', async () => {
  const { page, errors } = await open('/console/#admin');
  await signIn(page, 'admin.cantho', TEST_PASSWORD);
  const admin = page.getByTestId('admin');
  await admin.getByTestId('center-form').waitFor();

  const form = admin.getByTestId('new-center');
  await form.getByLabel('Mã trung tâm').fill('phong-dien');
  await form.getByLabel('Mã định danh (QCVN 102)').fill('000.31.09.H13');
  await form.getByLabel('Mã thống kê').fill('31300');
  await form.getByLabel('Tên trung tâm').fill('Trung tâm Phục vụ hành chính công xã Phong Điền');
  await form.getByLabel('Xã, phường').fill('Xã Phong Điền');
  await form.getByLabel('Địa chỉ').fill('Ấp Nhơn Lộc 1, xã Phong Điền, thành phố Cần Thơ');
  await form.getByRole('button', { name: 'Tạo trung tâm' }).click();
  await admin.getByRole('heading', { name: 'Trung tâm Phục vụ hành chính công xã Phong Điền' }).waitFor();

  const area = admin.getByTestId('new-area');
  for (const [id, code, vi, en, from, to] of [
    ['ht', 'HT', 'Hộ tịch', 'Civil status', '1', '999'],
    ['dd', 'DD', 'Đất đai', 'Land', '1001', '9999'],
  ]) {
    await area.getByLabel('Mã lĩnh vực').fill(id);
    await area.getByLabel('Ký hiệu').fill(code);
    await area.getByLabel('Tên tiếng Việt').fill(vi);
    await area.getByLabel('Tên tiếng Anh').fill(en);
    await area.getByLabel('Số đầu').fill(from);
    await area.getByLabel('Số cuối').fill(to);
    await area.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
    await admin.getByText(`Đã thêm lĩnh vực ${vi}`).waitFor();
  }
  // An overlapping block is refused with its reason, on the page.
  await area.getByLabel('Mã lĩnh vực').fill('ct');
  await area.getByLabel('Ký hiệu').fill('CT');
  await area.getByLabel('Tên tiếng Việt').fill('Chứng thực');
  await area.getByLabel('Tên tiếng Anh').fill('Certification');
  await area.getByLabel('Số đầu').fill('500');
  await area.getByLabel('Số cuối').fill('1500');
  await area.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
  await expect(admin.getByRole('alert').textContent()).resolves.toMatch(/Cấu hình không hợp lệ: .*overlap/);

  const counter = admin.getByTestId('new-counter');
  for (const areas of ['ht', 'ht, dd', 'dd']) {
    await counter.getByLabel('Lĩnh vực phục vụ').fill(areas);
    await counter.getByRole('button', { name: 'Thêm quầy' }).click();
    await admin.getByRole('status').filter({ hasText: 'Đã thêm Quầy' }).waitFor();
  }
  await admin.getByTestId('counters').getByRole('cell', { name: 'Quầy 3' }).waitFor();

  const staff = admin.getByTestId('new-staff');
  await staff.getByLabel('Tên đăng nhập').fill('canbo1.phong-dien');
  await staff.getByLabel('Họ tên').fill('Trần Thị Bích');
  await staff.getByLabel('Mật khẩu ban đầu').fill('mat-khau-tam');
  await staff.getByRole('button', { name: 'Thêm tài khoản' }).click();
  await admin.getByText('Đã tạo tài khoản canbo1.phong-dien').waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}console-admin-center-1366x900.png`, fullPage: true });

  const stored = (await server.request('GET', '/api/admin/centers/phong-dien')).body;
  expect(stored.areas.map((a: { id: string; blockStart: number }) => [a.id, a.blockStart])).toEqual([
    ['ht', 1],
    ['dd', 1001],
  ]);
  expect(stored.counters.map((c: { areaIds: string[] }) => c.areaIds)).toEqual([['ht'], ['ht', 'dd'], ['dd']]);
  expect(stored.staff).toEqual([
    {
      username: 'canbo1.phong-dien',
      displayName: 'Trần Thị Bích',
      role: 'officer',
      centerId: 'phong-dien',
      active: true,
    },
  ]);
  expect(errors).toEqual([]);
  await page.context().close();

  // The new officer: a first password to replace, then the desk of the new center.
  const ticket = await server.request(
    'POST',
    '/api/centers/phong-dien/tickets',
    { areaId: 'dd' },
    { 'idempotency-key': newKey() },
  );
  expect([ticket.status, ticket.body.ticket.number]).toEqual([201, 1001]);
  const officer = await open('/console/');
  await signIn(officer.page, 'canbo1.phong-dien', 'mat-khau-tam');
  await officer.page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
  await officer.page.screenshot({ path: `${SCREENSHOTS}console-change-password-1366x900.png` });
  await officer.page.getByLabel('Mật khẩu hiện tại').fill('mat-khau-tam');
  await officer.page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-rieng-1');
  await officer.page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-rieng-1');
  await officer.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  const desk = officer.page;
  await desk.getByRole('article', { name: 'Quầy 2' }).getByRole('button', { name: 'Nhận quầy' }).click();
  await desk.getByRole('heading', { name: 'Quầy 2' }).waitFor();
  await desk.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
  await desk.locator('[data-testid="current-number"]').filter({ hasText: '1001' }).waitFor();
  expect(officer.errors).toEqual([]);
  await officer.page.context().close();
});

it('shows a province file diff before applying it', async () => {
  const { page, errors } = await open('/console/#admin');
  await signIn(page, 'admin.cantho', TEST_PASSWORD);
  const section = page.getByTestId('province-file');
  await section.waitFor();
  const text: string = (await server.request('GET', '/api/admin/province-file')).body;
  // The first center of the file is Cái Răng's (centers in id order).
  const edited = text.replace('nameVi: Chứng thực\n', 'nameVi: Chứng thực bản sao\n');
  expect(edited).not.toBe(text);
  await section.locator('input[type="file"]').setInputFiles({
    name: 'can-tho.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(edited),
  });
  await section.getByRole('button', { name: 'Xem trước thay đổi' }).click();
  await section.getByTestId('province-diff').waitFor();
  const diff = await section.getByTestId('province-diff').textContent();
  expect(diff).toContain('Sửa');
  expect(diff).toContain('cai-rang/ct');
  await page.screenshot({ path: `${SCREENSHOTS}console-province-file-1366x900.png`, fullPage: true });
  await section.getByRole('button', { name: /Áp dụng \d+ thay đổi/ }).click();
  await section.getByText(/Đã áp dụng \d+ thay đổi/).waitFor();
  const areas = (await server.request('GET', '/api/admin/centers/cai-rang')).body.areas;
  expect(areas.find((a: { id: string }) => a.id === 'ct').nameVi).toBe('Chứng thực bản sao');
  expect(errors).toEqual([]);
  await page.context().close();
});
