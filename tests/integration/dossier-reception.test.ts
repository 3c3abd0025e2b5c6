// Receiving a dossier with typed fields, an organisation as applicant, and documents by kind; refusals over
// HTTP store nothing. On SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiveDossierBody } from '@luot/contract';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';
import { newKey } from '../helpers/server.ts';

const deathRegistration = (
  fields: Record<string, string>,
  extra: Partial<ReceiveDossierBody> = {},
): ReceiveDossierBody => ({
  procedureCode: '1.000656',
  applicant: {
    name: 'Lê Thị Hồng',
    type: 'citizen',
    idNumber: '092170004321',
    phone: '0912 345 678',
    birthDate: '1970-04-02',
    sex: 'Nữ',
    address: 'Phường Ninh Kiều, TP Cần Thơ',
  },
  documents: [
    { name: 'Tờ khai đăng ký khai tử', copies: 1, kind: 'original' },
    { name: 'Giấy báo tử hoặc giấy tờ thay thế', copies: 2, kind: 'certified_copy' },
  ],
  fields,
  ...extra,
});

describe('dossier reception', () => {
  let linked: Linked;
  beforeAll(async () => {
    linked = await startLinked({ province: { script: [] } });
  });
  afterAll(async () => {
    await linked?.close();
  });

  it('refuses a field of the wrong type with a clear 400, and stores nothing', async () => {
    const { t } = linked;
    const at = await ticketAtCounter(t, 'ninh-kieu', 'ht', '2');
    const tries: [ReceiveDossierBody, string, RegExp][] = [
      [
        deathRegistration({ deceasedName: 'Trần Văn Út', deathDate: 'hôm qua' }),
        'FIELD_INVALID',
        /Ngày chết phải là ngày theo dạng dd\/mm\/yyyy/,
      ],
      [deathRegistration({ deceasedName: 'Trần Văn Út', deathDate: '30/02/2026' }), 'FIELD_INVALID', /Ngày chết/],
      [
        {
          ...deathRegistration({}),
          procedureCode: '1.000894',
          fields: { partnerName: 'Võ Văn Tài', partnerIdNumber: '12345' },
        },
        'FIELD_INVALID',
        /12 chữ số/,
      ],
      [
        { ...deathRegistration({}), procedureCode: '1.009972', fields: { site: 'Cái Răng', grade: 'Cấp IV' } },
        'FIELD_INVALID',
        /Cấp đặc biệt, Cấp I, Cấp II/,
      ],
      [
        { ...deathRegistration({}), procedureCode: '2.000815', fields: { pages: 'ba' } },
        'FIELD_INVALID',
        /Số trang phải là một số/,
      ],
      [
        deathRegistration(
          { deceasedName: 'Trần Văn Út', deathDate: '01/11/2026' },
          { applicant: { name: 'Công ty TNHH Hoa Sen', type: 'business', idNumber: '092170004321' } },
        ),
        'APPLICANT_INVALID',
        /mã số thuế và người đại diện/,
      ],
      [
        deathRegistration(
          { deceasedName: 'Trần Văn Út', deathDate: '01/11/2026' },
          { applicant: { name: 'Lê Thị Hồng', type: 'citizen', idNumber: '092170004321', taxCode: '1800123456' } },
        ),
        'APPLICANT_INVALID',
        /chỉ dành cho tổ chức/,
      ],
      [
        deathRegistration(
          { deceasedName: 'Trần Văn Út', deathDate: '01/11/2026' },
          { documents: [{ name: 'Tờ khai', copies: 1, kind: 'copy', original: true }] },
        ),
        'VALIDATION',
        /contradicts/,
      ],
    ];
    for (const [body, code, detail] of tries) {
      const res = await t.request('POST', '/api/centers/ninh-kieu/counters/2/dossiers', body);
      expect([res.status, res.body.code], JSON.stringify(body.fields)).toEqual([400, code]);
      expect(res.body.detail).toMatch(detail);
      expect(res.body.messageVi).toBeTruthy();
    }
    // A kind that does not exist, a tax code of the wrong shape: refused by the schema.
    for (const body of [
      deathRegistration(
        { deceasedName: 'A', deathDate: '01/11/2026' },
        { documents: [{ name: 'Tờ khai', copies: 1, kind: 'photocopy' as 'copy' }] },
      ),
      deathRegistration(
        { deceasedName: 'A', deathDate: '01/11/2026' },
        {
          applicant: {
            name: 'Công ty',
            type: 'business',
            idNumber: '092170004321',
            taxCode: '18001',
            representative: 'Ông A',
          },
        },
      ),
    ]) {
      expect((await t.request('POST', '/api/centers/ninh-kieu/counters/2/dossiers', body)).body.code).toBe(
        'VALIDATION',
      );
    }
    // Nothing was stored: the ticket has no dossier yet, the center's list does not have it.
    const list = await t.request('GET', '/api/centers/ninh-kieu/dossiers');
    expect(list.body.map((d: { code: string }) => d.code)).not.toContain(at.ticket.dossierCode);
    expect((await t.request('GET', `/api/dossiers/${encodeURIComponent(at.ticket.dossierCode)}`)).status).toBe(404);

    // Right values go through, kept normalised; documents carry their kind and count.
    const receipt = await receiveAt(
      t,
      'ninh-kieu',
      '2',
      deathRegistration({ deceasedName: 'Trần Văn Út', deathDate: '1/11/2026' }),
    );
    expect(receipt.dossier.fields).toEqual({ deceasedName: 'Trần Văn Út', deathDate: '01/11/2026' });
    expect(receipt.dossier.documents).toEqual([
      { name: 'Tờ khai đăng ký khai tử', copies: 1, kind: 'original', original: true },
      { name: 'Giấy báo tử hoặc giấy tờ thay thế', copies: 2, kind: 'certified_copy', original: false },
    ]);
    expect(receipt.dossier.applicant).toMatchObject({
      birthDate: '1970-04-02',
      sex: 'Nữ',
      address: 'Phường Ninh Kiều, TP Cần Thơ',
    });
    expect(receipt.dossier.delivery).toBeNull();
    // The province never finishes here: the result is not ready, so no call to collect it and no return.
    const code = encodeURIComponent(receipt.dossier.code);
    const call = await t.request('POST', `/api/dossiers/${code}/call-for-result`, { counterId: '3' });
    expect([call.status, call.body.code]).toEqual([409, 'NOT_READY']);
    expect((await t.request('POST', `/api/dossiers/${code}/return`, {})).body.code).toBe('DOSSIER_STATE');
    expect((await t.request('GET', '/api/centers/ninh-kieu/dossiers/ready')).body).toEqual([]);
  });

  it('imports typed fields from a CSV file and checks dossiers against them', async () => {
    const { t } = linked;
    const seeded = (await t.request('GET', '/api/procedures')).body.find(
      (p: { code: string }) => p.code === '1.000656',
    );
    expect(seeded.fields).toContainEqual({ key: 'deathDate', label: 'Ngày chết', required: true, type: 'date' });
    const csv = [
      'code,name,areaCode,level,departmentId,processingDays,fee,documents,fields',
      '1.001022,Đăng ký nhận cha mẹ con,HT,commune,,3,0,Tờ khai,"childName:Họ tên con|childId=idNumber:Số định danh của con|contact?=phone:Điện thoại|kind=choice(Nhận cha;Nhận mẹ):Loại yêu cầu"',
    ].join('\n');
    const imported = await t.request('POST', '/api/procedures/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const bad = await t.request('POST', '/api/procedures/import', csv.replace('=phone', '=telephone'), {
      'content-type': 'text/csv',
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'CATALOG_INVALID']);
    const procedure = (await t.request('GET', '/api/procedures')).body.find(
      (p: { code: string }) => p.code === '1.001022',
    );
    expect(procedure.fields[3]).toEqual({
      key: 'kind',
      label: 'Loại yêu cầu',
      required: true,
      type: 'choice',
      options: ['Nhận cha', 'Nhận mẹ'],
    });
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const body = (fields: Record<string, string>) => ({ ...deathRegistration({}), procedureCode: '1.001022', fields });
    const refused = await t.request(
      'POST',
      '/api/centers/ninh-kieu/counters/1/dossiers',
      body({ childName: 'Bé An', childId: '0920', contact: '123', kind: 'Nhận ông' }),
    );
    expect([refused.status, refused.body.code]).toEqual([400, 'FIELD_INVALID']);
    for (const label of ['Số định danh của con', 'Điện thoại', 'Loại yêu cầu'])
      expect(refused.body.detail).toContain(label);
    const ok = await receiveAt(
      t,
      'ninh-kieu',
      '1',
      body({ childName: 'Bé An', childId: '092026000001', contact: '0912 345 678', kind: 'nhận mẹ' }),
    );
    expect(ok.dossier.fields).toEqual({
      childName: 'Bé An',
      childId: '092026000001',
      contact: '0912345678',
      kind: 'Nhận mẹ',
    });
  });

  it('receives for an organisation: name, tax code and representative; old clients still send `original`', async () => {
    const { t } = linked;
    await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
    const receipt = await receiveAt(t, 'ninh-kieu', '5', {
      procedureCode: '1.001612',
      applicant: {
        name: 'Hộ kinh doanh Hoa Sen',
        type: 'business',
        idNumber: '092185000111',
        taxCode: '1800123456-001',
        representative: ' Phạm Thị Hoa ',
        phone: '0907123456',
      },
      documents: [
        { name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1, original: true },
        { name: 'Bản sao giấy tờ pháp lý của cá nhân', copies: 1, original: false },
      ],
      fields: { businessName: 'Hoa Sen', businessLines: 'Bán lẻ', capital: '150.000.000' },
    });
    expect(receipt.dossier.applicant).toMatchObject({
      type: 'business',
      taxCode: '1800123456-001',
      representative: 'Phạm Thị Hoa',
    });
    expect(receipt.dossier.documents.map((d) => d.kind)).toEqual(['original', 'copy']);
    expect(receipt.dossier.fields.capital).toBe('150000000');
    const again = await t.request('GET', `/api/dossiers/${encodeURIComponent(receipt.dossier.code)}`);
    expect(again.body.dossier.applicant.representative).toBe('Phạm Thị Hoa');
  });

  it("sends the ticket's channel to the province with the dossier", async () => {
    const { t, province } = linked;
    const issued = await t.request(
      'POST',
      '/api/centers/cai-rang/tickets',
      { areaId: 'ht', channel: 'counter' },
      { 'idempotency-key': newKey() },
    );
    expect(issued.body.ticket.channel).toBe('counter');
    expect((await t.request('POST', '/api/centers/cai-rang/counters/1/call-next')).body.id).toBe(issued.body.ticket.id);
    const receipt = await receiveAt(t, 'cai-rang', '1', birthRegistration());
    const sent = await eventually('the push', () => province.records.get(receipt.dossier.code)?.dossier, 20_000);
    expect(sent.queueChannel).toBe('counter');
  });
});
