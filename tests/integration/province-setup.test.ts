// Opening hours, the province calendar and the audit log over HTTP, with an injected clock, on the store of the
// run (SQLite, and PostgreSQL in the postgres project): outside hours nothing is issued, 02/01/2026 is a holiday and Saturday 10/01/2026 a working
// day, due dates follow the calendar data, the catalog is the administrators', and every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, type CenterHoursEvent, type OpeningHours } from '@luot/contract';
import { DEMO_HOURS } from '../../server/src/seed/demo.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
const vn = (local: string) => new Date(`${local}+07:00`);
const NK = 'ninh-kieu';
const ADMIN = 'admin.cantho';
const MANAGER = `quanly.${NK}`;

describe('province setup', () => {
  let t: TestServer;
  let now = vn('2026-11-30T05:00:00');
  const setClock = (local: string) => {
    now = vn(local);
  };
  const issue = async (areaId = 'ht') =>
    t.issueAsKiosk((await t.enrollDevice(NK, 'ninh-kieu-kiosk-1')).credential, NK, { areaId });
  const audit = (user: string, query = '') => t.requestAs(user, 'GET', `/api/audit${query}`);

  beforeAll(async () => {
    t = await startTestServer({ clock: () => now, seedHours: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('issues only within the hours, and says when it opens', async () => {
    setClock('2026-11-30T05:00:00'); // Monday, before opening
    const early = await issue();
    expect([early.status, early.body.code]).toEqual([409, 'CENTER_CLOSED_NOW']);
    expect(early.body.messageVi).toBe('Trung tâm hiện không cấp số thứ tự');
    expect(early.body.detail).toContain('mở cửa lúc 07:30 thứ Hai, 30/11/2026');
    const opening = await t.requestAs(null, 'GET', `/api/centers/${NK}/opening`);
    expect(opening.body.status).toMatchObject({
      open: false,
      reason: 'before_opening',
      nextOpening: { day: '2026-11-30', time: '07:30', weekday: 1 },
    });

    setClock('2026-11-30T08:00:00');
    expect((await issue()).status).toBe(201);
    setClock('2026-11-30T12:00:00'); // lunch break
    const lunch = await issue();
    expect([lunch.status, lunch.body.code]).toEqual([409, 'CENTER_CLOSED_NOW']);
    expect(lunch.body.detail).toContain('13:30');
    setClock('2026-11-30T16:40:00'); // after the last ticket (16:30), before closing
    const late = await issue();
    expect([late.status, late.body.code]).toEqual([409, 'CENTER_CLOSED_NOW']);
    expect(late.body.detail).toContain('after_last_ticket: mở cửa lúc 07:30 thứ Ba, 01/12/2026');
    setClock('2026-12-06T09:00:00'); // Sunday
    expect((await issue()).body.code).toBe('CENTER_CLOSED_NOW');
  });

  it('closes on 02/01/2026 and issues on the make-up Saturday 10/01/2026', async () => {
    setClock('2026-01-02T09:00:00');
    const holiday = await issue();
    expect([holiday.status, holiday.body.code]).toEqual([409, 'CENTER_CLOSED_NOW']);
    expect((await t.requestAs(null, 'GET', `/api/centers/${NK}/opening`)).body.status).toMatchObject({
      reason: 'holiday',
      nextOpening: { day: '2026-01-05', time: '07:30' },
    });
    setClock('2026-01-10T09:00:00');
    expect((await issue()).status).toBe(201);
    setClock('2026-01-10T14:00:00'); // a make-up Saturday keeps the Monday hours
    expect((await issue()).status).toBe(201);
    setClock('2026-01-17T14:00:00'); // an ordinary Saturday afternoon
    expect((await issue()).body.code).toBe('CENTER_CLOSED_NOW');
  });

  it('lets a manager set their center hours (validated, audited, pushed live), and no other center', async () => {
    setClock('2026-11-30T15:10:00');
    const socket = t.socket();
    const pushed = new Promise<CenterHoursEvent>((resolve) => socket.on('center:hours', resolve));
    await new Promise<void>((resolve) => socket.emit('subscribe', { centerId: NK }, () => resolve()));

    const before = (await t.requestAs(MANAGER, 'GET', `/api/centers/${NK}/hours`)).body;
    expect(before.hours).toEqual(DEMO_HOURS);
    const bad: OpeningHours = {
      ...DEMO_HOURS,
      weekly: {
        ...DEMO_HOURS.weekly,
        mon: [
          { from: '13:30', to: '17:00' },
          { from: '07:30', to: '11:30' },
        ],
      },
    };
    const refused = await t.requestAs(MANAGER, 'PUT', `/api/centers/${NK}/hours`, bad);
    expect([refused.status, refused.body.code]).toEqual([400, 'HOURS_INVALID']);
    expect(
      (await t.requestAs(MANAGER, 'PUT', `/api/centers/${NK}/hours`, { ...DEMO_HOURS, lastTicket: '25:00' })).status,
    ).toBe(400);
    expect((await t.requestAs(MANAGER, 'GET', `/api/centers/${NK}/hours`)).body.hours).toEqual(DEMO_HOURS);

    const hours: OpeningHours = { ...DEMO_HOURS, areaLastTicket: { ht: '15:00' } };
    const saved = await t.requestAs(MANAGER, 'PUT', `/api/centers/${NK}/hours`, hours);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ hours, updatedBy: MANAGER });
    const event = await pushed;
    expect(event).toMatchObject({ centerId: NK, opening: { status: { open: true }, closedAreas: ['ht'] } });
    const ht = await issue('ht');
    expect([ht.status, ht.body.code]).toEqual([409, 'AREA_LAST_TICKET_PASSED']);
    expect((await issue('ct')).status).toBe(201);

    expect((await t.requestAs(MANAGER, 'PUT', '/api/centers/cai-rang/hours', hours)).body.code).toBe('WRONG_CENTER');
    expect((await t.requestAs(`canbo1.${NK}`, 'PUT', `/api/centers/${NK}/hours`, hours)).body.code).toBe('FORBIDDEN');
    expect((await t.requestAs(null, 'PUT', `/api/centers/${NK}/hours`, hours)).status).toBe(401);

    const entries = (await audit(MANAGER, '?entityKind=center_hours')).body.entries;
    expect(entries[0]).toMatchObject({
      actor: MANAGER,
      role: 'manager',
      centerId: NK,
      action: 'update',
      entityKind: 'center_hours',
      entityId: NK,
      before: DEMO_HOURS,
      after: hours,
    });
    expect(entries[0].at).toBe(now.toISOString());
  });

  it('keeps the calendar as data an administrator edits, with warnings for missing years', async () => {
    setClock('2026-11-30T09:00:00');
    const overview = (await t.requestAs(MANAGER, 'GET', '/api/calendar')).body;
    expect(overview.years.map((y: { year: number; status: string }) => [y.year, y.status])).toEqual([
      [2025, 'verified'],
      [2026, 'verified'],
      [2027, 'to_verify'],
    ]);
    expect(overview.warnings).toEqual([expect.objectContaining({ year: 2027, kind: 'to_verify' })]);
    const y2026 = (await t.requestAs(MANAGER, 'GET', '/api/calendar/2026')).body;
    expect(y2026.days).toContainEqual(expect.objectContaining({ day: '2026-01-02', kind: 'off' }));
    expect(y2026.days).toContainEqual(expect.objectContaining({ day: '2026-01-10', kind: 'working' }));

    const body = {
      status: 'verified',
      note: 'Thông báo của Chính phủ',
      days: [{ day: '2027-01-01', kind: 'off', note: 'Tết Dương lịch' }],
    };
    expect((await t.requestAs(MANAGER, 'PUT', '/api/calendar/2027', body)).body.code).toBe('PROVINCE_ADMIN_ONLY');
    const weekdayWorked = await t.requestAs(ADMIN, 'PUT', '/api/calendar/2027', {
      ...body,
      days: [{ day: '2027-01-04', kind: 'working', note: null }],
    });
    expect([weekdayWorked.status, weekdayWorked.body.code]).toEqual([400, 'CALENDAR_INVALID']);
    expect(
      (
        await t.requestAs(ADMIN, 'PUT', '/api/calendar/2027', {
          ...body,
          days: [{ day: '2026-05-01', kind: 'off', note: null }],
        })
      ).body.code,
    ).toBe('CALENDAR_INVALID');
    const before2027 = (await t.requestAs(ADMIN, 'GET', '/api/calendar/2027')).body;
    const saved = await t.requestAs(ADMIN, 'PUT', '/api/calendar/2027', body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ year: 2027, status: 'verified', days: body.days, updatedBy: ADMIN });
    expect((await t.requestAs(ADMIN, 'GET', '/api/calendar')).body.warnings).toEqual([]);

    // A year with no data is a warning, never silent. (A year later the sessions kept have expired: sign in again.)
    setClock('2027-11-30T09:00:00');
    t.forgetSessions();
    expect((await t.requestAs(ADMIN, 'GET', '/api/calendar')).body.warnings).toEqual([
      expect.objectContaining({ year: 2028, kind: 'missing' }),
    ]);
    setClock('2026-11-30T09:00:00');
    t.forgetSessions();

    const entry = (await audit(ADMIN, '?entityKind=calendar_year&limit=1')).body.entries[0];
    expect(entry).toMatchObject({
      actor: ADMIN,
      role: 'admin',
      centerId: null,
      action: 'update',
      entityId: 'can-tho:2027',
      after: { status: 'verified', days: body.days },
    });
    expect(entry.before).toMatchObject({ status: 'to_verify', days: before2027.days });
    // A manager sees their own center's changes, not the province's.
    expect((await audit(MANAGER, '?entityKind=calendar_year')).body.entries).toEqual([]);
    expect((await audit(MANAGER, '?centerId=cai-rang')).body.code).toBe('WRONG_CENTER');
    expect((await audit(`canbo1.${NK}`)).body.code).toBe('FORBIDDEN');
  });

  it('gives the catalog to administrators only, audits each change, and dates dossiers on the calendar', async () => {
    const post = async (user: string, procedures: unknown) =>
      fetch(`${t.url}/api/procedures/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', cookie: await t.cookieOf(user) },
        body: JSON.stringify(procedures),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const catalog = (await t.requestAs(null, 'GET', '/api/procedures')).body;
    const birth = catalog.find((p: { code: string }) => p.code === '1.001193');

    const byManager = await post(MANAGER, [{ ...birth, fee: 5_000_000 }]);
    expect([byManager.status, byManager.body.code]).toEqual([403, 'PROVINCE_ADMIN_ONLY']);
    expect(byManager.body.messageVi).toBe('Chỉ quản trị viên cấp tỉnh được thay đổi nội dung này');
    expect((await t.requestAs(null, 'GET', '/api/procedures')).body).toEqual(catalog);

    // The administrator adds a cut-off of 15:00 and 2 days; the unchanged procedure leaves no record.
    const changed = { ...birth, processingDays: 2, afterHoursCutoff: '15:00' };
    const other = catalog.find((p: { code: string }) => p.code !== birth.code);
    expect((await post(ADMIN, [changed, other])).body).toMatchObject({ imported: 2, updated: 2 });
    const entries = (await audit(ADMIN, '?entityKind=procedure')).body.entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: ADMIN,
      action: 'update',
      entityId: birth.code,
      before: birth,
      after: changed,
    });
    // A file without the column keeps the cut-off.
    const { afterHoursCutoff: _, ...withoutCutoff } = changed;
    await post(ADMIN, [withoutCutoff]);
    expect(
      (await t.requestAs(null, 'GET', '/api/procedures')).body.find((p: { code: string }) => p.code === birth.code)
        .afterHoursCutoff,
    ).toBe('15:00');

    // Received Friday 09/01/2026 at 16:00, after the cut-off: counted from Saturday 10/01 (worked), due Tuesday 13/01.
    const receive = async (local: string) => {
      // The ticket is taken in the morning (the area's last ticket is 15:00), the dossier received at `local`.
      setClock(`${local.slice(0, 10)}T09:00:00`);
      expect((await t.requestAs(`canbo1.${NK}`, 'POST', `/api/centers/${NK}/counters/1/open`)).status).toBeLessThan(
        500,
      );
      const issued = await issue('ht');
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      for (;;) {
        const called = await t.request('POST', `/api/centers/${NK}/counters/1/call-next`);
        expect(called.status, JSON.stringify(called.body)).toBe(200);
        if (called.body.id === issued.body.ticket.id) break;
        await t.request('POST', `/api/centers/${NK}/counters/1/complete`, {});
      }
      await t.request('POST', `/api/centers/${NK}/counters/1/start`);
      setClock(local);
      // A valid value of each typed field the procedure asks for.
      const VALID_FIELD: Record<string, string> = {
        text: 'x',
        date: '01/01/2026',
        number: '1',
        idNumber: '092095001234',
        phone: '0912345678',
      };
      const res = await t.request('POST', `/api/centers/${NK}/counters/1/dossiers`, {
        procedureCode: birth.code,
        applicant: { name: 'Nguyễn Văn An', type: 'citizen', idNumber: '092095001234' },
        documents: [{ name: 'Tờ khai đăng ký khai sinh', copies: 1, original: true }],
        fields: Object.fromEntries(
          birth.fields
            .filter((f: { required: boolean }) => f.required)
            .map((f: { key: string; type?: string; options?: string[] }) => [
              f.key,
              VALID_FIELD[f.type ?? 'text'] ?? f.options?.[0] ?? 'x',
            ]),
        ),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await t.request('POST', `/api/centers/${NK}/counters/1/complete`, {});
      return res.body.dossier;
    };
    expect((await receive('2026-01-09T16:00:00')).dueDate).toBe('2026-01-13');
    // Thursday 08/01 at 10:00 + 2 working days: Friday 09/01, Saturday 10/01.
    expect((await receive('2026-01-08T10:00:00')).dueDate).toBe('2026-01-10');
    // Wednesday 31/12/2025 at 10:00 + 2: 01/01 and 02/01 off, the weekend, Monday 05/01 and Tuesday 06/01.
    expect((await receive('2025-12-31T10:00:00')).dueDate).toBe('2026-01-06');
  });
});
