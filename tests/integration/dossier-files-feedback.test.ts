// Dossiers' files and citizens' feedback over real HTTP, on both stores: uploads recognised by their bytes
// (PDF, PNG, JPEG; a wrong magic number, an oversize file and another center refused), each file reaching the
// reference province once with its hash; feedback from the tracking page to the province and the province's
// answer back on the tracking page; a manager's answer, audited and sent to the province.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CSRF_HEADER } from '@luot/contract';
import {
  birthRegistration,
  eventually,
  type Linked,
  receiveAt,
  startLinked,
  ticketAtCounter,
} from '../helpers/province.ts';

let linked: Linked | null = null;
afterEach(async () => {
  await linked?.close();
  linked = null;
}, 120_000);

/** Small files of each kind, as a scanner or a phone would give them (only the first bytes matter). */
export const SAMPLE_FILES = {
  pdf: Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'latin1'),
    Buffer.alloc(2000, 32),
  ]),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1500, 7)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(1200, 9)]),
};

async function upload(l: Linked, user: string, code: string, name: string, bytes: Buffer, type = 'application/pdf') {
  const res = await fetch(
    `${l.t.url}/api/dossiers/${encodeURIComponent(code)}/files?name=${encodeURIComponent(name)}`,
    {
      method: 'POST',
      headers: { cookie: await l.t.cookieOf(user), [CSRF_HEADER]: '1', 'content-type': type },
      body: new Uint8Array(bytes),
    },
  );
  return { status: res.status, body: await res.json() };
}

async function dossierAtNinhKieu(l: Linked) {
  await ticketAtCounter(l.t, 'ninh-kieu', 'ht', '1');
  return (await receiveAt(l.t, 'ninh-kieu', '1', birthRegistration())).dossier;
}

describe("a dossier's files", () => {
  it('takes PDF, PNG and JPEG by their bytes, refuses the rest and other centers, and hands each to the province once', async () => {
    linked = await startLinked({ province: { script: ['accepted'] }, config: { documentMaxBytes: 64 * 1024 } });
    const { t, province } = linked;
    province.setFaults({ dedupe: false });
    const dossier = await dossierAtNinhKieu(linked);
    const code = dossier.code;
    const officer = 'canbo1.ninh-kieu';

    // The declared type is a lie both ways: a PNG sent as application/pdf is a PNG; a text file named .pdf is refused.
    const pdf = await upload(linked, officer, code, 'Tờ khai đăng ký khai sinh.pdf', SAMPLE_FILES.pdf);
    const png = await upload(linked, officer, code, 'Giấy chứng sinh.png', SAMPLE_FILES.png, 'application/pdf');
    const jpeg = await upload(linked, officer, code, 'CCCD mặt trước.jpg', SAMPLE_FILES.jpeg, 'image/jpeg');
    expect([pdf.status, png.status, jpeg.status]).toEqual([201, 201, 201]);
    expect([pdf.body.contentType, png.body.contentType, jpeg.body.contentType]).toEqual([
      'application/pdf',
      'image/png',
      'image/jpeg',
    ]);
    expect(pdf.body.sha256).toBe(createHash('sha256').update(SAMPLE_FILES.pdf).digest('hex'));
    expect(pdf.body.uploadedBy).toBe(officer);

    const fake = await upload(linked, officer, code, 'hop-dong.pdf', Buffer.from('not a pdf at all, just text'));
    expect(fake.status).toBe(415);
    expect(fake.body).toMatchObject({ code: 'FILE_TYPE_REFUSED', messageVi: expect.stringContaining('PDF') });
    const big = await upload(
      linked,
      officer,
      code,
      'lon.pdf',
      Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(70 * 1024)]),
    );
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('FILE_TOO_LARGE');
    // Another center's officer and manager: refused before anything is read or kept.
    const other = await upload(linked, 'canbo1.cai-rang', code, 'x.pdf', SAMPLE_FILES.pdf);
    expect(other.status).toBe(403);
    expect((await t.requestAs('quanly.cai-rang', 'GET', `/api/dossiers/${code}/files`)).status).toBe(403);
    expect((await t.requestAs('quanly.cai-rang', 'GET', `/api/dossiers/${code}/files/${pdf.body.id}`)).status).toBe(
      403,
    );
    const unknown = await upload(linked, officer, 'H99.99-261203-9999', 'x.pdf', SAMPLE_FILES.pdf);
    expect(unknown.status).toBe(404);

    // Staff of the center list and download; the bytes come back unchanged with their type.
    const list = await t.requestAs(officer, 'GET', `/api/dossiers/${code}/files`);
    expect(list.body.map((f: { name: string }) => f.name)).toEqual([
      'Tờ khai đăng ký khai sinh.pdf',
      'Giấy chứng sinh.png',
      'CCCD mặt trước.jpg',
    ]);
    const res = await fetch(`${t.url}/api/dossiers/${code}/files/${png.body.id}`, {
      headers: { cookie: await t.cookieOf(officer) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(SAMPLE_FILES.png)).toBe(true);
    expect((await t.requestAs(officer, 'GET', `/api/dossiers/${code}/files/999999`)).status).toBe(404);

    // The holder sees the list of their own dossier only, never the bytes; a wrong secret sees nothing.
    const ticket = await t.server.handoff.dossiers.store.transaction((tx) => tx.ticket(dossier.ticketId));
    const tracked = await t.requestAs(null, 'GET', `/api/track/files?code=${code}&s=${ticket!.trackingSecret}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toHaveLength(3);
    expect(Object.keys(tracked.body[0]).sort()).toEqual(['contentType', 'name', 'size', 'uploadedAt']);
    const wrong = ticket!.trackingSecret === 'AAAA' ? 'BBBB' : 'AAAA';
    expect((await t.requestAs(null, 'GET', `/api/track/files?code=${code}&s=${wrong}`)).status).toBe(404);

    // Each file reaches the province once (it does not deduplicate here), with the hash of the bytes it got.
    const record = await eventually('the province has the three files', () => {
      const r = province.records.get(code);
      return r && r.documents.length >= 3 && r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(record.documents.map((d) => [d.name, d.contentType, d.sha256])).toEqual([
      ['Tờ khai đăng ký khai sinh.pdf', 'application/pdf', pdf.body.sha256],
      ['Giấy chứng sinh.png', 'image/png', png.body.sha256],
      ['CCCD mặt trước.jpg', 'image/jpeg', jpeg.body.sha256],
    ]);
    expect(record.receipts).toBe(1);
    const audit = await t.request('GET', `/api/audit?entityKind=dossier_file`);
    expect(audit.body.entries.length).toBe(3);
  }, 90_000);
});

describe('feedback and recommendations', () => {
  it('goes from the tracking page to the province, and its answer comes back to the tracking page', async () => {
    linked = await startLinked({ province: { script: ['accepted'] } });
    const { t, province } = linked;
    province.setFaults({ dedupe: false });
    const dossier = await dossierAtNinhKieu(linked);
    const code = dossier.code;
    const ticket = await t.server.handoff.dossiers.store.transaction((tx) => tx.ticket(dossier.ticketId));
    const s = ticket!.trackingSecret;

    const wrong = await t.requestAs(null, 'POST', '/api/track/feedback', {
      code,
      s: s === 'AAAA' ? 'BBBB' : 'AAAA',
      kind: 'complaint',
      content: 'Cán bộ hẹn trả kết quả nhưng chưa có.',
    });
    expect(wrong.status).toBe(404);
    const sent = await t.requestAs(null, 'POST', '/api/track/feedback', {
      code,
      s,
      kind: 'complaint',
      content: 'Đã quá hạn hẹn trả kết quả mà chưa nhận được thông báo.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ kind: 'complaint', answer: null });
    expect(
      (await t.requestAs(null, 'POST', '/api/track/feedback', { code, s, kind: 'complaint', content: 'ngắn' })).status,
    ).toBe(400);

    const item = await eventually('the province has the feedback', () =>
      province.records.get(code)?.feedback.find((f) => f.feedbackId === sent.body.id),
    );
    expect(item).toMatchObject({ kind: 'complaint', source: 'citizen', pushes: 1, answer: null });

    // The manager sees it open, with its age from its time.
    const open = await t.requestAs('quanly.ninh-kieu', 'GET', '/api/centers/ninh-kieu/feedback');
    expect(open.body.map((f: { id: number }) => f.id)).toEqual([sent.body.id]);
    expect((await t.requestAs('quanly.cai-rang', 'GET', '/api/centers/ninh-kieu/feedback')).status).toBe(403);

    // The province answers through its webhook; the citizen reads it on the tracking page.
    expect(province.answerFeedback(code, sent.body.id, 'Sở Tư pháp đã đôn đốc; kết quả trả ngày 05/12/2026.')).toBe(
      true,
    );
    const answered = await eventually('the answer reaches the tracking page', async () => {
      const list = (await t.requestAs(null, 'GET', `/api/track/feedback?code=${code}&s=${s}`)).body;
      return list[0]?.answer ? list : undefined;
    });
    expect(answered[0]).toMatchObject({ answer: 'Sở Tư pháp đã đôn đốc; kết quả trả ngày 05/12/2026.' });
    expect(answered[0].answeredAt).toEqual(expect.any(String));
    const closed = await t.requestAs('quanly.ninh-kieu', 'GET', '/api/centers/ninh-kieu/feedback?state=answered');
    expect(closed.body[0]).toMatchObject({ answerSource: 'province' });
    expect((await t.requestAs('quanly.ninh-kieu', 'GET', '/api/centers/ninh-kieu/feedback')).body).toEqual([]);
    // A manager cannot answer over the province's answer.
    const again = await t.requestAs('quanly.ninh-kieu', 'POST', `/api/feedback/${sent.body.id}/answer`, {
      answer: 'Trả lời lần hai',
    });
    expect(again.status).toBe(409);
  }, 90_000);

  it("is recorded at the center and answered by the center's manager: audited, told to the province, shown to the citizen", async () => {
    linked = await startLinked({ province: { script: ['accepted'] } });
    const { t, province } = linked;
    const dossier = await dossierAtNinhKieu(linked);
    const code = dossier.code;
    const ticket = await t.server.handoff.dossiers.store.transaction((tx) => tx.ticket(dossier.ticketId));

    const recorded = await t.requestAs('canbo1.ninh-kieu', 'POST', `/api/dossiers/${code}/feedback`, {
      kind: 'recommendation',
      content: 'Đề nghị trung tâm bố trí thêm ghế chờ cho người cao tuổi.',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ source: 'center', createdBy: 'canbo1.ninh-kieu' });
    expect(
      (
        await t.requestAs('canbo1.cai-rang', 'POST', `/api/dossiers/${code}/feedback`, {
          kind: 'recommendation',
          content: 'Một trung tâm khác ghi hộ phản ánh này.',
        })
      ).status,
    ).toBe(403);
    const id = recorded.body.id;
    // Officers do not answer; another center's manager does not either.
    expect(
      (await t.requestAs('canbo1.ninh-kieu', 'POST', `/api/feedback/${id}/answer`, { answer: 'Đã tiếp thu.' })).status,
    ).toBe(403);
    expect(
      (await t.requestAs('quanly.cai-rang', 'POST', `/api/feedback/${id}/answer`, { answer: 'Đã tiếp thu.' })).status,
    ).toBe(403);
    expect(
      (await t.requestAs('quanly.ninh-kieu', 'POST', `/api/feedback/999999/answer`, { answer: 'Đã tiếp thu.' })).status,
    ).toBe(404);
    const answered = await t.requestAs('quanly.ninh-kieu', 'POST', `/api/feedback/${id}/answer`, {
      answer: 'Trung tâm đã bố trí thêm 10 ghế ưu tiên từ ngày 04/12/2026.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ answerSource: 'center', answeredBy: 'quanly.ninh-kieu' });

    const item = await eventually('the province knows the answer', () => {
      const f = province.records.get(code)?.feedback.find((x) => x.feedbackId === id);
      return f?.answer ? f : undefined;
    });
    expect(item).toMatchObject({ answeredBy: 'center', pushes: 2 });
    const tracked = await t.requestAs(null, 'GET', `/api/track/feedback?code=${code}&s=${ticket!.trackingSecret}`);
    expect(tracked.body[0]).toMatchObject({ kind: 'recommendation', answer: expect.stringContaining('10 ghế') });
    expect(Object.keys(tracked.body[0])).not.toContain('createdBy');
    const audit = await t.request('GET', `/api/audit?entityKind=feedback`);
    expect(audit.body.entries[0]).toMatchObject({ action: 'answer', entityId: String(id), actor: 'quanly.ninh-kieu' });
  }, 90_000);
});
