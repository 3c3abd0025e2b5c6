// Administration over HTTP on the store of the run (SQLite, and PostgreSQL in the postgres project): who may change
// what (401/403), validation refusals that change nothing, an audit record with before and after per change, the
// change pushed live to a socket.io-client subscriber, and the province file (dry-run diff, apply, apply again,
// a broken file refused with its line, export round trip).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CSRF_HEADER, SESSION_COOKIE, type ProvinceFile } from '@luot/contract';
import { subscribe } from '../helpers/realtime.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const NK = 'ninh-kieu';
const MANAGER = `quanly.${NK}`;
const OFFICER = `canbo1.${NK}`;

const NEW_CENTER = {
  id: 'phong-dien',
  agencyCode: '000.31.09.H13',
  statsCode: '31300',
  name: 'Trung tâm Phục vụ hành chính công xã Phong Điền',
  commune: 'Xã Phong Điền',
  address: 'Ấp Nhơn Lộc 1, xã Phong Điền, thành phố Cần Thơ',
  timeZone: 'Asia/Ho_Chi_Minh',
  active: true,
};
const area = (id: string, code: string, blockStart: number, blockEnd: number) => ({
  id,
  code,
  nameVi: `Lĩnh vực ${code}`,
  nameEn: `Area ${code}`,
  blockStart,
  blockEnd,
  targetServiceMinutes: 10,
  icon: null,
  active: true,
});

describe('administration', () => {
  let t: TestServer;
  const auditCount = async () => (await t.request('GET', '/api/audit?limit=1')).body.total as number;

  /** Signs in with a password (not the demo one); returns the session cookie and the answer. */
  const signIn = async (username: string, password: string) => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ username, password }),
    });
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.split(';')[0];
    return { status: res.status, body: await res.json(), cookie: cookie ?? '' };
  };
  const withCookie = async (cookie: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { cookie, [CSRF_HEADER]: '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, setCookie: res.headers.getSetCookie() };
  };

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses without a session (401), officers (403), and managers outside their center or role', async () => {
    expect((await t.requestAs(null, 'GET', '/api/admin/centers')).status).toBe(401);
    expect((await t.requestAs(null, 'POST', '/api/admin/centers', NEW_CENTER)).status).toBe(401);
    for (const [method, path] of [
      ['GET', '/api/admin/centers'],
      ['GET', `/api/admin/centers/${NK}`],
      ['GET', '/api/admin/staff'],
      ['GET', '/api/admin/province-file'],
    ] as const) {
      const r = await t.requestAs(OFFICER, method, path);
      expect([path, r.status]).toEqual([path, 403]);
    }
    expect((await t.requestAs(OFFICER, 'POST', '/api/admin/centers', NEW_CENTER)).status).toBe(403);
    const manager = await t.requestAs(MANAGER, 'POST', '/api/admin/centers', NEW_CENTER);
    expect([manager.status, manager.body.code]).toEqual([403, 'PROVINCE_ADMIN_ONLY']);
    expect((await t.requestAs(MANAGER, 'GET', '/api/admin/centers/cai-rang')).body.code).toBe('WRONG_CENTER');
    const own = await t.requestAs(MANAGER, 'GET', '/api/admin/centers');
    expect(own.body.centers.map((c: { id: string }) => c.id)).toEqual([NK]);
    // A manager creates officers of their center, nothing else.
    const managerOfOther = await t.requestAs(MANAGER, 'POST', '/api/admin/staff', {
      username: 'canbo9.cai-rang',
      displayName: 'Cán bộ khác',
      role: 'officer',
      centerId: 'cai-rang',
      active: true,
      password: 'mat-khau-tam',
    });
    expect([managerOfOther.status, managerOfOther.body.code]).toEqual([403, 'WRONG_CENTER']);
    const promote = await t.requestAs(MANAGER, 'PUT', `/api/admin/staff/${OFFICER}`, {
      displayName: 'Nguyễn Thị Lan',
      role: 'manager',
      centerId: NK,
      active: true,
    });
    expect([promote.status, promote.body.code]).toEqual([403, 'PROVINCE_ADMIN_ONLY']);
    // A manager changes an area's day-to-day settings, not its number block.
    const areas = (await t.requestAs(MANAGER, 'GET', `/api/admin/centers/${NK}`)).body.areas;
    const { id: _, ...ht } = areas.find((a: { id: string }) => a.id === 'ht');
    expect(
      (await t.requestAs(MANAGER, 'PUT', `/api/admin/centers/${NK}/areas/ht`, { ...ht, targetServiceMinutes: 12 }))
        .status,
    ).toBe(200);
    const block = await t.requestAs(MANAGER, 'PUT', `/api/admin/centers/${NK}/areas/ht`, { ...ht, blockEnd: 1500 });
    expect([block.status, block.body.code]).toEqual([403, 'PROVINCE_ADMIN_ONLY']);
  });

  it('refuses invalid changes with a code and a reason, and changes nothing', async () => {
    const before = (await t.request('GET', `/api/admin/centers/${NK}`)).body;
    const audits = await auditCount();
    const badCode = await t.request('POST', '/api/admin/centers', { ...NEW_CENTER, agencyCode: 'H13' });
    expect([badCode.status, badCode.body.code]).toEqual([400, 'VALIDATION']);
    const taken = await t.request('POST', '/api/admin/centers', { ...NEW_CENTER, agencyCode: '000.31.01.H13' });
    expect([taken.status, taken.body.code]).toEqual([400, 'CONFIG_INVALID']);
    expect(taken.body.detail).toContain('agency code 000.31.01.H13 appears twice');
    const zone = await t.request('POST', '/api/admin/centers', { ...NEW_CENTER, timeZone: 'Asia/Nowhere' });
    expect(zone.body.detail).toContain('unknown time zone');
    const overlap = await t.request('POST', `/api/admin/centers/${NK}/areas`, area('mt', 'MT', 1900, 2100));
    expect([overlap.status, overlap.body.code]).toEqual([400, 'CONFIG_INVALID']);
    expect(overlap.body.detail).toMatch(/number blocks .* overlap/);
    const unknownArea = await t.request('POST', `/api/admin/centers/${NK}/counters`, {
      id: '9',
      number: 9,
      name: 'Quầy 9',
      areaIds: ['ht', 'nope'],
      active: true,
    });
    expect([unknownArea.status, unknownArea.body.detail]).toEqual([
      400,
      `counter ${NK}/9: area nope is not an active area of ${NK}`,
    ]);
    const sameNumber = await t.request('POST', `/api/admin/centers/${NK}/counters`, {
      id: '9',
      number: 1,
      name: 'Quầy 9',
      areaIds: ['ht'],
      active: true,
    });
    expect(sameNumber.body.detail).toContain(`counter number ${NK}/1 appears twice`);
    const template = await t.request('PUT', `/api/admin/centers/${NK}/settings`, {
      ...before.center.settings,
      callTemplate: 'Mời số {number}',
    });
    expect([template.status, template.body.code]).toEqual([400, 'CONFIG_INVALID']);
    expect(template.body.messageVi).toBe('Cấu hình không hợp lệ');
    const shortPassword = await t.request('POST', '/api/admin/staff', {
      username: 'canbo9.ninh-kieu',
      displayName: 'X',
      role: 'officer',
      centerId: NK,
      active: true,
      password: 'short',
    });
    expect(shortPassword.status).toBe(400);
    const adminWithCenter = await t.request('POST', '/api/admin/staff', {
      username: 'qt2.cantho',
      displayName: 'Quản trị 2',
      role: 'admin',
      centerId: NK,
      active: true,
      password: 'mat-khau-tam',
    });
    expect(adminWithCenter.body.detail).toContain('a province administrator has no center');
    expect((await t.request('GET', `/api/admin/centers/${NK}`)).body).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('creates a center with areas, counters and an officer, audited with before and after; the officer serves', async () => {
    const created = await t.request('POST', '/api/admin/centers', NEW_CENTER);
    expect(created.status).toBe(201);
    expect(created.body.center).toMatchObject({ ...NEW_CENTER, settings: { priorityMode: 'capped' } });
    const C = NEW_CENTER.id;
    expect((await t.request('POST', `/api/admin/centers/${C}/areas`, area('ht', 'HT', 1, 999))).status).toBe(201);
    expect((await t.request('POST', `/api/admin/centers/${C}/areas`, area('dd', 'DD', 1001, 9999))).status).toBe(201);
    for (const [n, areaIds] of [
      [1, ['ht']],
      [2, ['ht', 'dd']],
      [3, ['dd']],
    ] as const)
      expect(
        (
          await t.request('POST', `/api/admin/centers/${C}/counters`, {
            id: String(n),
            number: n,
            name: `Quầy ${n}`,
            areaIds,
            active: true,
          })
        ).status,
      ).toBe(201);
    const officer = {
      username: 'canbo1.phong-dien',
      displayName: 'Trần Thị Bích',
      role: 'officer',
      centerId: C,
      active: true,
    };
    expect((await t.request('POST', '/api/admin/staff', { ...officer, password: 'mat-khau-tam' })).status).toBe(201);

    const audit = (await t.request('GET', `/api/audit?centerId=${C}&limit=50`)).body.entries;
    expect(audit.map((e: { entityKind: string; action: string }) => `${e.entityKind}:${e.action}`).sort()).toEqual(
      [
        'area:create',
        'area:create',
        'center:create',
        'center_settings:create',
        'counter:create',
        'counter:create',
        'counter:create',
        'staff:create',
      ].sort(),
    );
    expect(audit.find((e: { entityKind: string }) => e.entityKind === 'staff')).toMatchObject({
      actor: 'admin.cantho',
      role: 'admin',
      before: null,
      after: officer,
    });

    // Renaming a counter is recorded with the value before and after.
    const renamed = await t.request('PUT', `/api/admin/centers/${C}/counters/3`, {
      number: 3,
      name: 'Quầy Đất đai',
      areaIds: ['dd'],
      active: true,
    });
    expect(renamed.status).toBe(200);
    const [rename] = (await t.request('GET', `/api/audit?entityKind=counter&entityId=${C}/3&limit=1`)).body.entries;
    expect(rename).toMatchObject({
      action: 'update',
      before: { name: 'Quầy 3' },
      after: { name: 'Quầy Đất đai' },
    });

    // The new officer must choose a password before anything else.
    const first = await signIn(officer.username, 'mat-khau-tam');
    expect([first.status, first.body.mustChangePassword]).toEqual([200, true]);
    const blocked = await withCookie(first.cookie, 'POST', `/api/centers/${C}/counters/1/open`, {});
    expect([blocked.status, blocked.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const wrong = await withCookie(first.cookie, 'POST', '/api/auth/password', {
      current: 'not-it',
      password: 'mat-khau-moi-1',
    });
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const changed = await withCookie(first.cookie, 'POST', '/api/auth/password', {
      current: 'mat-khau-tam',
      password: 'mat-khau-moi-1',
    });
    expect(changed.status).toBe(204);
    const cookie = changed.setCookie.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
    expect((await withCookie(first.cookie, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await withCookie(cookie, 'GET', '/api/auth/me')).body.mustChangePassword).toBe(false);

    const ticket = await t.request(
      'POST',
      `/api/centers/${C}/tickets`,
      { areaId: 'dd' },
      { 'idempotency-key': newKey() },
    );
    expect([ticket.status, ticket.body.ticket.number]).toEqual([201, 1001]);
    expect((await withCookie(cookie, 'POST', `/api/centers/${C}/counters/2/open`, {})).status).toBe(200);
    const call = await withCookie(cookie, 'POST', `/api/centers/${C}/counters/2/call-next`, {});
    expect([call.status, call.body.id]).toEqual([200, ticket.body.ticket.id]);

    // A counter in use is not switched off; a deactivated account is signed out at once.
    const inUse = await t.request('PUT', `/api/admin/centers/${C}/counters/2`, {
      number: 2,
      name: 'Quầy 2',
      areaIds: ['ht', 'dd'],
      active: false,
    });
    expect([inUse.status, inUse.body.code]).toEqual([409, 'CONFIG_CONFLICT']);
    const { username: _, ...rest } = officer;
    expect((await t.request('PUT', `/api/admin/staff/${officer.username}`, { ...rest, active: false })).status).toBe(
      200,
    );
    expect((await withCookie(cookie, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('pushes a change live: subscribers take a new snapshot without reloading', async () => {
    const sub = subscribe(t.socket(), NK);
    const first = await sub.until((s) => s.counters.length > 0);
    expect(first.counters.find((c) => c.id === '6')?.name).toBe('Quầy 6');
    const renamed = await t.requestAs(MANAGER, 'PUT', `/api/admin/centers/${NK}/counters/6`, {
      number: 6,
      name: 'Quầy Lao động',
      areaIds: ['ld', 'tp'],
      active: true,
    });
    expect(renamed.status).toBe(200);
    await sub.until((s) => s.counters.find((c) => c.id === '6')?.name === 'Quầy Lao động');
    // A deactivated counter leaves the hall.
    await t.requestAs(MANAGER, 'PUT', `/api/admin/centers/${NK}/counters/6`, {
      number: 6,
      name: 'Quầy Lao động',
      areaIds: ['ld', 'tp'],
      active: false,
    });
    const after = await sub.until((s) => !s.counters.some((c) => c.id === '6'));
    expect(after.seq).toBeGreaterThan(first.seq);
    const settings = (await t.request('GET', `/api/admin/centers/${NK}`)).body.center.settings;
    await t.requestAs(MANAGER, 'PUT', `/api/admin/centers/${NK}/settings`, {
      ...settings,
      callTemplate: 'Mời số {number} đến quầy {counter}',
    });
    await sub.until((s) => s.center.callTemplate === 'Mời số {number} đến quầy {counter}');
    sub.close();
  });

  it('applies a province file: a dry-run diff first, one transaction, the same file twice changes nothing', async () => {
    const exported = await t.request('GET', '/api/admin/province-file');
    expect(exported.status).toBe(200);
    const text: string = exported.body;
    expect(text).toContain('version: 1');
    // The file's schema is published beside the API docs.
    const schema = (await t.requestAs(null, 'GET', '/api/admin/province-file/schema')).body;
    expect(schema.properties.centers.items.properties.areas.type).toBe('array');
    const same = await t.request('POST', '/api/admin/province-file', { text, dryRun: false });
    expect(same.body).toEqual({ provinceId: 'can-tho', applied: false, changes: [] });

    const file: ProvinceFile = parse(text);
    const nk = file.centers.find((c) => c.id === NK)!;
    nk.areas.find((a) => a.id === 'ct')!.nameVi = 'Chứng thực bản sao';
    const edited = stringify(file);
    const audits = await auditCount();
    const dry = await t.request('POST', '/api/admin/province-file', { text: edited, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.applied).toBe(false);
    expect(dry.body.changes).toEqual([
      expect.objectContaining({
        entityKind: 'area',
        entityId: `${NK}/ct`,
        action: 'update',
        fields: ['nameVi'],
        before: expect.objectContaining({ nameVi: 'Chứng thực' }),
        after: expect.objectContaining({ nameVi: 'Chứng thực bản sao' }),
      }),
    ]);
    expect(await auditCount()).toBe(audits);
    expect(
      (await t.request('GET', `/api/admin/centers/${NK}`)).body.areas.find((a: { id: string }) => a.id === 'ct'),
    ).toMatchObject({ nameVi: 'Chứng thực' });

    const applied = await t.request('POST', '/api/admin/province-file', { text: edited, dryRun: false });
    expect([applied.body.applied, applied.body.changes.length]).toEqual([true, 1]);
    expect(await auditCount()).toBe(audits + 1);
    const again = await t.request('POST', '/api/admin/province-file', { text: edited, dryRun: false });
    expect(again.body).toEqual({ provinceId: 'can-tho', applied: false, changes: [] });
    // Export gives back what was applied.
    expect(parse((await t.request('GET', '/api/admin/province-file')).body)).toEqual(file);
    expect((await t.request('GET', '/api/admin/province-file?format=json')).body).toEqual(file);
    // A center the file no longer lists is deactivated, not deleted; not while citizens wait there.
    const without = (id: string) => stringify({ ...file, centers: file.centers.filter((c) => c.id !== id) });
    const off = await t.request('POST', '/api/admin/province-file', { text: without('cai-rang'), dryRun: true });
    expect(off.body.changes).toEqual([
      expect.objectContaining({ entityKind: 'center', entityId: 'cai-rang', action: 'deactivate', fields: ['active'] }),
    ]);
    const busy = await t.request('POST', '/api/admin/province-file', { text: without('phong-dien'), dryRun: true });
    expect([busy.status, busy.body.detail]).toEqual([409, 'center phong-dien has tickets waiting or in service today']);
  });

  it('refuses a broken province file with the line and the reason, and changes nothing', async () => {
    const text: string = (await t.request('GET', '/api/admin/province-file')).body;
    const audits = await auditCount();
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('blockEnd: 2999'));
    const wrongType = [...lines.slice(0, at), lines[at].replace('2999', 'many'), ...lines.slice(at + 1)].join('\n');
    const typed = await t.request('POST', '/api/admin/province-file', { text: wrongType, dryRun: false });
    expect([typed.status, typed.body.code]).toEqual([400, 'PROVINCE_FILE_INVALID']);
    expect(typed.body.detail).toContain(`line ${at + 1}: /centers/`);
    expect(typed.body.detail).toContain('blockEnd');

    const syntax = `${text}\n  - : : [\n`;
    const broken = await t.request('POST', '/api/admin/province-file', { text: syntax, dryRun: false });
    expect([broken.status, broken.body.code]).toEqual([400, 'PROVINCE_FILE_INVALID']);
    expect(broken.body.detail).toMatch(/^line \d+: /);

    // Valid YAML and schema, but an area's counter points at nothing: refused as a whole.
    const file: ProvinceFile = parse(text);
    file.centers[0].name = 'Tên mới';
    file.centers[1].counters[0].areaIds = ['zz'];
    const inconsistent = await t.request('POST', '/api/admin/province-file', { text: stringify(file), dryRun: false });
    expect([inconsistent.status, inconsistent.body.code]).toEqual([400, 'CONFIG_INVALID']);
    expect(await auditCount()).toBe(audits);
    expect((await t.request('GET', '/api/admin/province-file')).body.split('\n').slice(1)).toEqual(
      text.split('\n').slice(1),
    );
  });
});
