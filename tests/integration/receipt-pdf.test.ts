// The receipt as the legal form no. 01 (Circular 01/2018/TT-VPCP), A4 and A5 PDF: the text read back from the
// PDF (pdftotext, poppler-utils) holds every field of the form, with its Vietnamese letters intact.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DossierReceipt } from '@luot/contract';
import { SCREENSHOTS } from '../helpers/browser.ts';
import { type Linked, receiveAt, startLinked, ticketAtCounter } from '../helpers/province.ts';

let linked: Linked;
let dir: string;
beforeAll(async () => {
  linked = await startLinked({ province: { script: [] } });
  dir = mkdtempSync(join(tmpdir(), 'luot-receipt-'));
});
afterAll(async () => {
  await linked.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfOf(code: string, size?: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const cookie = await linked.t.cookieOf('canbo1.ninh-kieu');
  const res = await fetch(
    `${linked.t.url}/api/dossiers/${encodeURIComponent(code)}/receipt.pdf${size ? `?size=${size}` : ''}`,
    { headers: { cookie } },
  );
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The PDF's text, its layout kept; and a picture of its first page for people to look at. */
function textOf(bytes: Buffer, name: string, mode: '-layout' | '-raw' = '-raw'): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  mkdirSync(SCREENSHOTS, { recursive: true });
  execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', file, join(SCREENSHOTS, name)]);
  return execFileSync('pdftotext', [mode, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const pages = (text: string) => text.split('\f').filter((p) => p.trim()).length;
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('receipt PDF', () => {
  let receipt: DossierReceipt;
  beforeAll(async () => {
    const { t } = linked;
    await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
    receipt = await receiveAt(t, 'ninh-kieu', '5', {
      procedureCode: '1.001612',
      applicant: {
        name: 'Phạm Thị Hoa',
        type: 'citizen',
        idNumber: '092185000111',
        phone: '0907123456',
        address: 'Số 45 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ',
      },
      documents: [
        { name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1, kind: 'original' },
        { name: 'Bản sao giấy tờ pháp lý của cá nhân', copies: 2, kind: 'certified_copy' },
        { name: 'Biên bản họp thành viên hộ gia đình (nếu có)', copies: 1, kind: 'copy' },
      ],
      fields: { businessName: 'Hộ kinh doanh Hoa Sen', businessLines: 'Bán lẻ thực phẩm' },
    });
  });

  it('holds every field of form no. 01 on one A4 page', async () => {
    const res = await pdfOf(receipt.dossier.code);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = textOf(res.bytes, 'receipt-a4');
    const flat = squash(text);
    const d = receipt.dossier;
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU',
      'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG NINH KIỀU',
      'Mẫu số 01',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${d.code}`,
      `Mã tra cứu: ${receipt.trackingSecret}`,
      'Tiếp nhận hồ sơ của: Phạm Thị Hoa',
      'Số CCCD/định danh cá nhân: 092185000111',
      'Địa chỉ: Số 45 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ',
      'Số điện thoại: 0907123456',
      'Nội dung yêu cầu giải quyết: Đăng ký thành lập hộ kinh doanh (mã thủ tục 1.001612)',
      'Cơ quan giải quyết: Ủy ban nhân dân phường Ninh Kiều',
      'Thành phần hồ sơ nộp gồm',
      'Giấy đề nghị đăng ký hộ kinh doanh',
      'Bản chính',
      'Bản sao chứng thực',
      'Bản sao',
      'Số lượng hồ sơ: 01 (bộ)',
      'Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc',
      'Thời gian nhận hồ sơ:',
      'Thời gian trả kết quả giải quyết hồ sơ:',
      `ngày ${d.dueDate.slice(8, 10)}/${d.dueDate.slice(5, 7)}/${d.dueDate.slice(0, 4)}`,
      'Nơi và hình thức nhận kết quả: Trực tiếp tại Trung tâm Phục vụ hành chính công phường Ninh Kiều',
      'Phí, lệ phí: 100.000 đồng',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      '(Ký và ghi rõ họ tên)',
      'Phạm Thị Hoa',
      'Quản trị viên', // the receiving officer's name, under the signature
    ]) {
      expect(flat, expected).toContain(expected);
    }
    // The documents' rows: name, kind and count on one line each.
    const table = textOf(res.bytes, 'receipt-a4', '-layout');
    expect(table).toMatch(/1\s+Giấy đề nghị đăng ký hộ kinh doanh\s+Bản chính\s+01/);
    expect(table).toMatch(/2\s+Bản sao giấy tờ pháp lý của cá nhân\s+Bản sao chứng thực\s+02/);
    // Received at: hour, minute and day, in Vietnam's time.
    expect(flat).toMatch(/Thời gian nhận hồ sơ: \d{2} giờ \d{2} phút, ngày \d{2}\/\d{2}\/\d{4}/);
    expect(flat).toMatch(/Thời gian trả kết quả giải quyết hồ sơ: \d{2} giờ \d{2} phút, ngày \d{2}\/\d{2}\/\d{4}/);
    expect(flat).toMatch(/Cần Thơ, ngày \d{2} tháng \d{2} năm \d{4}/);
    expect(pages(text)).toBe(1);
  });

  it('prints on A5 too, and refuses another size; another center cannot read it', async () => {
    const a5 = await pdfOf(receipt.dossier.code, 'A5');
    expect(a5.status).toBe(200);
    const text = squash(textOf(a5.bytes, 'receipt-a5'));
    for (const expected of [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      receipt.dossier.code,
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Phạm Thị Hoa',
    ])
      expect(text).toContain(expected);
    expect((await pdfOf(receipt.dossier.code, 'A3')).status).toBe(400);
    const other = await linked.t.requestAs(
      'canbo1.cai-rang',
      'GET',
      `/api/dossiers/${encodeURIComponent(receipt.dossier.code)}/receipt.pdf`,
    );
    expect(other.status).toBe(403);
    const anonymous = await linked.t.requestAs(
      null,
      'GET',
      `/api/dossiers/${encodeURIComponent(receipt.dossier.code)}/receipt.pdf`,
    );
    expect(anonymous.status).toBe(401);
  });

  it('names the organisation, its tax code and representative', async () => {
    const { t } = linked;
    await t.request('POST', '/api/centers/ninh-kieu/counters/5/complete', {});
    await ticketAtCounter(t, 'ninh-kieu', 'kd', '5');
    const org = await receiveAt(t, 'ninh-kieu', '5', {
      procedureCode: '1.001612',
      applicant: {
        name: 'Công ty TNHH Thương mại Sông Hậu',
        type: 'business',
        idNumber: '092080004567',
        taxCode: '1801234567',
        representative: 'Trương Quốc Việt',
        address: 'Số 9 đường 3/2, phường Ninh Kiều',
        phone: '02923812345',
      },
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: 1, kind: 'original' }],
      fields: { businessName: 'Sông Hậu', businessLines: 'Bán buôn' },
      resultBy: 'post',
    });
    const text = squash(textOf((await pdfOf(org.dossier.code)).bytes, 'receipt-a4-organisation'));
    for (const expected of [
      'Tiếp nhận hồ sơ của: Công ty TNHH Thương mại Sông Hậu',
      'Mã số thuế: 1801234567',
      'Người đại diện: Trương Quốc Việt',
      'Số CCCD/định danh người đại diện: 092080004567',
      'Nơi và hình thức nhận kết quả: Qua dịch vụ bưu chính công ích, đến địa chỉ Số 9 đường 3/2, phường Ninh Kiều',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
