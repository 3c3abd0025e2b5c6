// Returning results: the center's list of ready dossiers, the call to the return counter (the hall gets it,
// by number, never by name), handing back in person with the recipient's name and ID, or by post with the
// tracking number; the province learns both. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier, ResultCall } from '@luot/contract';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';

describe('returning results', () => {
  let linked: Linked;
  beforeAll(async () => {
    linked = await startLinked();
  });
  afterAll(async () => {
    await linked?.close();
  });

  const dossierOf = async (code: string): Promise<Dossier> =>
    (await linked.t.request('GET', `/api/dossiers/${encodeURIComponent(code)}`)).body.dossier;
  const ready = async (code: string) =>
    eventually(`${code} is ready`, async () => (await dossierOf(code)).status === 'result_ready', 20_000);

  it('lists ready dossiers, calls the citizen to a counter, hands back in person or by post', async () => {
    const { t, province } = linked;
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '2');
    const inPerson = await receiveAt(t, 'ninh-kieu', '2', birthRegistration());
    await t.request('POST', '/api/centers/ninh-kieu/counters/2/complete', {});
    await ticketAtCounter(t, 'ninh-kieu', 'ht', '2');
    const byPost = await receiveAt(
      t,
      'ninh-kieu',
      '2',
      birthRegistration({
        resultBy: 'post',
        applicant: {
          name: 'Trần Văn Hai',
          type: 'citizen',
          idNumber: '092080001111',
          address: 'Số 3 đường Nguyễn Trãi, phường Ninh Kiều',
        },
      }),
    );
    expect(byPost.dossier.resultBy).toBe('post');
    const a = inPerson.dossier.code;
    const b = byPost.dossier.code;
    const enc = encodeURIComponent;

    await ready(a);
    await ready(b);

    const list = await t.requestAs('canbo1.ninh-kieu', 'GET', '/api/centers/ninh-kieu/dossiers/ready');
    expect(list.status).toBe(200);
    expect(list.body.map((d: Dossier) => d.code)).toEqual(expect.arrayContaining([a, b]));
    expect(list.body.every((d: Dossier) => d.status === 'result_ready')).toBe(true);
    expect((await t.requestAs('canbo1.cai-rang', 'GET', '/api/centers/ninh-kieu/dossiers/ready')).status).toBe(403);

    // The hall display hears the call: the dossier's number and the counter, not the citizen's name.
    const hall = t.socket();
    const heard = new Promise<ResultCall>((resolve) => hall.on('dossier:result_call', resolve));
    await new Promise<void>((resolve, reject) =>
      hall.emit('subscribe', { centerId: 'ninh-kieu' }, (r) => (r.ok ? resolve() : reject(new Error(r.message)))),
    );
    const call = await t.requestAs('canbo1.ninh-kieu', 'POST', `/api/dossiers/${enc(a)}/call-for-result`, {
      counterId: '3',
    });
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ dossierCode: a, counterNumber: 3, centerId: 'ninh-kieu' });
    expect(call.body.text).toBe(`Kính mời công dân có hồ sơ số ${a.slice(-4)} (mã ${a}) đến quầy số 3 để nhận kết quả`);
    const announced = await heard;
    expect(announced).toEqual(call.body);
    expect(JSON.stringify(announced)).not.toContain('Nguyễn Thị Lan');
    expect((await t.request('POST', `/api/dossiers/${enc(a)}/call-for-result`, { counterId: '99' })).body.code).toBe(
      'COUNTER_NOT_FOUND',
    );
    expect(
      (await t.requestAs('canbo1.cai-rang', 'POST', `/api/dossiers/${enc(a)}/call-for-result`, { counterId: '3' }))
        .status,
    ).toBe(403);

    // Bad return requests change nothing.
    for (const [body, code] of [
      [{ method: 'post' }, 'VALIDATION'],
      [{ method: 'in_person', postalTrackingNumber: 'EV123456789VN' }, 'VALIDATION'],
      [{ method: 'in_person', recipientName: 'Ông Ba', recipientIdNumber: '12' }, 'VALIDATION'],
      [{ method: 'courier' }, 'VALIDATION'],
    ] as const) {
      const res = await t.requestAs('canbo1.ninh-kieu', 'POST', `/api/dossiers/${enc(a)}/return`, body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([400, code]);
    }
    expect((await dossierOf(a)).status).toBe('result_ready');

    // In person, to someone the applicant sent: name and ID recorded.
    const back = await t.requestAs('canbo1.ninh-kieu', 'POST', `/api/dossiers/${enc(a)}/return`, {
      method: 'in_person',
      recipientName: 'Trần Văn Ba',
      recipientIdNumber: '092075009999',
      note: 'Nhận thay theo giấy ủy quyền',
    });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('returned');
    expect(back.body.delivery).toMatchObject({
      method: 'in_person',
      recipientName: 'Trần Văn Ba',
      recipientIdNumber: '092075009999',
      officer: 'officer:canbo1.ninh-kieu',
    });
    expect(back.body.history.at(-1).note).toBe('Trả kết quả trực tiếp cho Trần Văn Ba. Nhận thay theo giấy ủy quyền');
    expect((await t.request('POST', `/api/dossiers/${enc(a)}/return`, {})).body.code).toBe('DOSSIER_STATE');

    // By post: the dossier asked for it, the tracking number is required and kept.
    const posted = await t.requestAs('canbo1.ninh-kieu', 'POST', `/api/dossiers/${enc(b)}/return`, {
      postalTrackingNumber: 'ev123456789vn',
    });
    expect(posted.status).toBe(200);
    expect(posted.body.delivery).toMatchObject({ method: 'post', postalTrackingNumber: 'EV123456789VN' });
    expect((await dossierOf(b)).delivery).toMatchObject({ method: 'post', postalTrackingNumber: 'EV123456789VN' });

    // Neither is ready any more; the province knows how each went back.
    const after = await t.request('GET', '/api/centers/ninh-kieu/dossiers/ready');
    expect(after.body.map((d: Dossier) => d.code)).not.toContain(a);
    expect(after.body.map((d: Dossier) => d.code)).not.toContain(b);
    await eventually(
      'the province hears both returns',
      () => province.records.get(a)?.status === 'returned' && province.records.get(b)?.status === 'returned',
    );
    expect(province.records.get(a)!.progress.at(-1)).toMatchObject({
      status: 'returned',
      statusCode: 10,
      deliveryForm: 1,
      recipientName: 'Trần Văn Ba',
    });
    expect(province.records.get(b)!.progress.at(-1)).toMatchObject({
      status: 'returned',
      statusCode: 10,
      deliveryForm: 2,
      postalTrackingNumber: 'EV123456789VN',
    });
    expect(province.records.get(b)!.dossier.deliveryForm).toBe(2);
    expect(province.records.get(a)!.dossier.deliveryForm).toBe(1);
    hall.disconnect();
  });

  it('refuses a result by post without an address at reception', async () => {
    const { t } = linked;
    await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const res = await t.request(
      'POST',
      '/api/centers/cai-rang/counters/1/dossiers',
      birthRegistration({ resultBy: 'post' }),
    );
    expect([res.status, res.body.code]).toEqual([400, 'APPLICANT_INVALID']);
    expect(res.body.detail).toMatch(/địa chỉ/);
  });
});
