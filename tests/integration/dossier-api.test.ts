// Receiving dossiers at the counter, the receipt, tracking by code + secret, and the catalog import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, type DossierReceipt } from '@luot/contract';
import { birthRegistration, type Linked, receiveAt, startLinked, ticketAtCounter } from '../helpers/province.ts';
import { newKey } from '../helpers/server.ts';

let linked: Linked;
beforeAll(async () => {
  linked = await startLinked({ province: { script: [] } });
});
afterAll(() => linked.close());

const track = (code: string, s: string) =>
  linked.t.request('GET', `/api/track?code=${encodeURIComponent(code)}&s=${encodeURIComponent(s)}`);

describe('receiving a dossier', () => {
  it('returns the receipt with the competent authority, fee and promised return date', async () => {
    const { t } = linked;
    const at = await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
    const receipt = await receiveAt(t, 'ninh-kieu', '5', {
      procedureCode: '1.001612',
      applicant: {
        name: 'Phạm Thị Hoa',
        type: 'citizen',
        idNumber: '092185000111',
        phone: '0907 123 456',
        email: 'hoa@example.vn',
      },
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1, original: true }],
      fields: { businessName: 'Hộ kinh doanh Hoa Sen', businessLines: 'Bán lẻ thực phẩm' },
      notes: 'Nhận kết quả tại quầy',
    });
    const d = receipt.dossier;
    expect(d.code).toBe(at.ticket.dossierCode);
    expect(d).toMatchObject({
      procedureName: 'Đăng ký thành lập hộ kinh doanh',
      fee: 100000,
      processingDays: 3,
      status: 'received',
      authority: { id: 'ubnd-ninh-kieu' },
    });
    expect(d.dueDate > d.receivedAt.slice(0, 10)).toBe(true);
    expect(d.history).toEqual([expect.objectContaining({ status: 'received' })]);
    expect(receipt.trackingSecret).toBe(at.ticket.trackingSecret);
    expect(receipt.trackingUrl).toBe(
      `${t.url}/track/?code=${encodeURIComponent(d.code)}&s=${at.ticket.trackingSecret}`,
    );
    expect(receipt.returnPlace).toContain('Trung tâm Phục vụ hành chính công phường Ninh Kiều');
    // Reprint, and the center's list.
    expect((await t.request('GET', `/api/dossiers/${encodeURIComponent(d.code)}`)).body.dossier.code).toBe(d.code);
    // (no status filter: the hand-off worker may already have forwarded it)
    const list = await t.request('GET', '/api/centers/ninh-kieu/dossiers');
    expect(list.body.map((x: { code: string }) => x.code)).toContain(d.code);
  });

  it('receives by the dossier code scanned from the QR', async () => {
    const { t } = linked;
    const at = await ticketAtCounter(t, 'cai-rang', 'ct', '1');
    await t.request('POST', '/api/centers/cai-rang/counters/1/complete', {});
    const res = await t.request('POST', '/api/centers/cai-rang/dossiers', {
      dossierCode: at.ticket.dossierCode,
      procedureCode: '2.000815',
      applicant: { name: 'Võ Văn Nam', type: 'citizen', idNumber: '092090007777' },
      documents: [{ name: 'Bản sao cần chứng thực', copies: 3, original: false }],
      fields: { pages: '3' },
    });
    expect(res.status).toBe(201);
    expect(res.body.dossier).toMatchObject({
      code: at.ticket.dossierCode,
      authority: { id: 'ubnd-cai-rang' },
      processingDays: 0,
    });
    // Another center cannot receive this ticket's dossier.
    const elsewhere = await t.request('POST', '/api/centers/ninh-kieu/dossiers', {
      ...birthRegistration(),
      dossierCode: at.ticket.dossierCode,
    });
    expect(elsewhere.status).toBe(404);
  });

  it('refuses bad input with a clear reason', async () => {
    const { t } = linked;
    const idle = await t.request('POST', '/api/centers/ninh-kieu/counters/6/dossiers', birthRegistration());
    expect(idle.body.code).toBe('COUNTER_IDLE');
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '2');
    const tries: [unknown, number, string][] = [
      [{ ...birthRegistration(), procedureCode: '9.999999' }, 404, 'PROCEDURE_NOT_FOUND'],
      [{ ...birthRegistration(), authorityId: 'khong-co' }, 404, 'AUTHORITY_NOT_FOUND'],
      [{ ...birthRegistration(), authorityId: 'so-tu-phap' }, 422, 'AUTHORITY_MISMATCH'],
      [{ ...birthRegistration(), fields: { childName: 'Bé' } }, 422, 'MISSING_FIELDS'],
      [{ ...birthRegistration(), fields: { ...birthRegistration().fields, shoeSize: '42' } }, 400, 'VALIDATION'],
      [{ ...birthRegistration(), documents: [] }, 400, 'VALIDATION'],
      [{ ...birthRegistration(), applicant: { name: 'A', type: 'citizen', idNumber: '12' } }, 400, 'VALIDATION'],
      [
        { ...birthRegistration(), applicant: { ...birthRegistration().applicant, email: 'not-an-email' } },
        400,
        'VALIDATION',
      ],
    ];
    for (const [body, status, code] of tries) {
      const res = await t.request('POST', '/api/centers/ninh-kieu/counters/2/dossiers', body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(res.body.messageVi).toBeTruthy();
    }
    const ok = await receiveAt(t, 'ninh-kieu', '2', birthRegistration());
    const again = await t.request('POST', '/api/centers/ninh-kieu/counters/2/dossiers', birthRegistration());
    expect([again.status, again.body.code, again.body.detail]).toEqual([409, 'DOSSIER_EXISTS', ok.dossier.code]);
    // Province-level procedures cannot be sent to another authority than their department.
    await t.request('POST', '/api/centers/ninh-kieu/counters/2/complete', {});
    await ticketAtCounter(t, 'ninh-kieu', 'tp', '1');
    const wrong = await t.request('POST', '/api/centers/ninh-kieu/counters/1/dossiers', {
      procedureCode: '2.000488',
      authorityId: 'ubnd-ninh-kieu',
      applicant: { name: 'Trần Văn Bảy', type: 'citizen', idNumber: '092070001111' },
      documents: [{ name: 'Tờ khai', copies: 1, original: true }],
      fields: { formNumber: '1' },
    });
    expect(wrong.body.code).toBe('AUTHORITY_MISMATCH');
  });
});

describe('tracking by code and secret', () => {
  it('shows the place in line, then the dossier, and nothing personal', async () => {
    const { t } = linked;
    const issued = (
      await t.request('POST', '/api/centers/cai-rang/tickets', { areaId: 'dd' }, { 'idempotency-key': newKey() })
    ).body;
    const { dossierCode, trackingSecret } = issued.ticket;
    const waiting = await track(dossierCode, trackingSecret);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({
      phase: 'queue',
      number: issued.ticket.number,
      state: 'waiting',
      peopleAhead: 0,
      area: 'Đất đai',
    });
    expect((await track(dossierCode, trackingSecret.toLowerCase())).status).toBe(200);

    await t.request('POST', '/api/centers/cai-rang/counters/3/call-next');
    expect((await track(dossierCode, trackingSecret)).body).toMatchObject({
      phase: 'queue',
      state: 'called',
      counterNumber: 3,
    });
    await t.request('POST', '/api/centers/cai-rang/counters/3/start');
    const receipt: DossierReceipt = await receiveAt(t, 'cai-rang', '3', {
      procedureCode: '1.004227',
      applicant: { name: 'Đặng Thị Mai', type: 'citizen', idNumber: '092199002222', phone: '0911222333' },
      documents: [{ name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất', copies: 1, original: true }],
      fields: { parcel: 'Thửa 12, tờ 5' },
    });
    const after = await track(dossierCode, trackingSecret);
    expect(after.body).toMatchObject({
      phase: 'dossier',
      status: 'received',
      authority: 'Sở Nông nghiệp và Môi trường thành phố Cần Thơ',
      dueDate: receipt.dossier.dueDate,
    });
    const text = JSON.stringify(after.body);
    for (const personal of ['Đặng Thị Mai', '092199002222', '0911222333']) expect(text).not.toContain(personal);
  });

  it('answers "not found" alike for an unknown code and a wrong secret', async () => {
    const { t } = linked;
    const issued = (
      await t.request('POST', '/api/centers/cai-rang/tickets', { areaId: 'ht' }, { 'idempotency-key': newKey() })
    ).body;
    const wrong = await track(issued.ticket.dossierCode, issued.ticket.trackingSecret === 'AAAA' ? 'BBBB' : 'AAAA');
    const unknown = await track('000.31.02.H13-261123-9999', 'ABCD');
    expect([wrong.status, wrong.body.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
    expect(unknown.body).toEqual(wrong.body);
    expect((await track('x', 'ABCD')).status).toBe(400);
  });
});

describe('procedure catalog', () => {
  it('lists the seeded catalog and its authorities', async () => {
    const procedures = (await linked.t.request('GET', '/api/procedures')).body;
    expect(procedures.find((p: { code: string }) => p.code === '1.001193')).toMatchObject({
      name: 'Đăng ký khai sinh',
      level: 'commune',
    });
    const authorities = (await linked.t.request('GET', '/api/authorities')).body;
    expect(authorities.filter((a: { level: string }) => a.level === 'province').length).toBeGreaterThanOrEqual(5);
  });

  it('imports CSV and JSON files, all or nothing', async () => {
    const { t } = linked;
    const csv = [
      'code,name,areaCode,level,departmentId,processingDays,fee,documents,fields',
      '1.003583,"Đăng ký giám hộ",HT,commune,,3,0,"Tờ khai đăng ký giám hộ|Văn bản cử người giám hộ",wardName:Họ tên người được giám hộ',
      '1.001193,Đăng ký khai sinh (cập nhật),HT,commune,,0,0,Tờ khai đăng ký khai sinh,childName:Họ tên trẻ',
    ].join('\n');
    const post = async (body: string, type: string, query = '') =>
      fetch(`${t.url}/api/procedures/import${query}`, {
        method: 'POST',
        headers: { 'content-type': type, [CSRF_HEADER]: '1', cookie: await t.cookieOf('admin.cantho') },
        body,
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await post(csv, 'text/csv', '?dryRun=true')).body).toEqual({
      imported: 2,
      created: 1,
      updated: 1,
      dryRun: true,
    });
    expect((await t.request('GET', '/api/procedures')).body.some((p: { code: string }) => p.code === '1.003583')).toBe(
      false,
    );
    expect((await post(csv, 'text/csv')).body).toEqual({ imported: 2, created: 1, updated: 1, dryRun: false });
    const procedures = (await t.request('GET', '/api/procedures')).body;
    expect(procedures.find((p: { code: string }) => p.code === '1.003583').documents).toHaveLength(2);

    const bad = await post(`${csv}\n1.000001,X,HT,province,,3,0,,`, 'text/csv');
    expect([bad.status, bad.body.code]).toEqual([400, 'CATALOG_INVALID']);
    expect(bad.body.detail).toContain('row 4');
    const json = await post(JSON.stringify([{ ...procedures[0], processingDays: 'ba ngày' }]), 'application/json');
    expect([json.status, json.body.code]).toEqual([400, 'CATALOG_INVALID']);
    expect(json.body.detail).toContain('item 1 /processingDays');
    const okJson = await post(JSON.stringify({ procedures: [procedures[0]] }), 'application/json');
    expect(okJson.body).toMatchObject({ imported: 1, updated: 1 });
  });
});

describe('who may do what', () => {
  it('lets staff of the receiving center in, and nobody else', async () => {
    const { t } = linked;
    await ticketAtCounter(t, 'cai-rang', 'ld', '5');
    const receipt = await receiveAt(t, 'cai-rang', '5', {
      procedureCode: '1.001978',
      applicant: { name: 'Lý Văn Út', type: 'citizen', idNumber: '092080005555' },
      documents: [{ name: 'Đề nghị hưởng trợ cấp thất nghiệp', copies: 1, original: true }],
      fields: { insuranceNumber: '9200001111' },
    });
    const path = `/api/dossiers/${encodeURIComponent(receipt.dossier.code)}`;
    expect((await t.requestAs(null, 'GET', path)).status).toBe(401);
    expect((await t.requestAs('canbo1.ninh-kieu', 'GET', path)).body.code).toBe('WRONG_CENTER');
    expect((await t.requestAs('canbo1.cai-rang', 'GET', path)).status).toBe(200);
    expect(
      (await t.requestAs(null, 'POST', '/api/centers/cai-rang/counters/1/dossiers', birthRegistration())).status,
    ).toBe(401);
    expect((await t.requestAs('canbo1.cai-rang', 'GET', '/api/centers/cai-rang/handoff/outbox')).body.code).toBe(
      'FORBIDDEN',
    );
    expect((await t.requestAs('quanly.cai-rang', 'GET', '/api/centers/cai-rang/handoff/status')).status).toBe(200);
    expect((await t.requestAs('quanly.cai-rang', 'GET', '/api/centers/ninh-kieu/handoff/status')).body.code).toBe(
      'WRONG_CENTER',
    );
    const csv = await fetch(`${t.url}/api/procedures/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', [CSRF_HEADER]: '1', cookie: await t.cookieOf('canbo2.cai-rang') },
      body: 'code',
    });
    expect(csv.status).toBe(403);
    // Public: the catalog and tracking.
    expect((await t.requestAs(null, 'GET', '/api/procedures')).status).toBe(200);
  });
});

describe('public tracking endpoint', () => {
  it('is rate-limited per address', async () => {
    // Last in this file: it spends this address's allowance.
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await track('000.31.02.H13-261123-9999', 'ABCD')).status);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(60);
    const limited = await track('000.31.02.H13-261123-9999', 'ABCD');
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(limited.body.messageVi).toBe('Quá nhiều yêu cầu, vui lòng thử lại sau giây lát');
  });
});
