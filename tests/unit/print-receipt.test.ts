// The dossier receipt (form no. 01) on 80 and 58 mm thermal paper: the ticket's raster code draws it, the
// bytes carry the same words as the PDF, and no blank gap is left but the two signature spaces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DossierReceipt, receiptForm } from '@luot/contract';
import { decode, stackRaster, textLines } from '../../printer/src/decode.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { pngOf, renderTicket } from '../../printer/src/raster.ts';
import { receiptLayout } from '../../printer/src/receipt-layout.ts';
import { receiptBytes } from '../../printer/src/ticket-bytes.ts';
import { SCREENSHOTS } from '../helpers/browser.ts';

const receipt: DossierReceipt = {
  dossier: {
    code: '000.31.01.H13-261123-0007',
    ticketId: 't1',
    procedureCode: '1.000656',
    procedureName: 'Đăng ký khai tử',
    areaCode: 'HT',
    receivingCenter: {
      id: 'ninh-kieu',
      agencyCode: '000.31.01.H13',
      name: 'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
    },
    authority: {
      id: 'ubnd-ninh-kieu',
      code: '000.31.11.H13',
      name: 'Ủy ban nhân dân phường Ninh Kiều',
      level: 'commune',
      statsCode: '31117',
    },
    applicant: {
      name: 'Lê Thị Hồng',
      type: 'citizen',
      idNumber: '092170004321',
      phone: '0912345678',
      address: 'Số 7 đường Lý Tự Trọng, phường Ninh Kiều',
    },
    documents: [
      { name: 'Tờ khai đăng ký khai tử', copies: 1, kind: 'original', original: true },
      { name: 'Giấy báo tử hoặc giấy tờ thay thế', copies: 2, kind: 'certified_copy', original: false },
    ],
    fields: { deceasedName: 'Trần Văn Út', deathDate: '20/11/2026' },
    notes: null,
    fee: 0,
    feeLines: [],
    receivedAt: '2026-11-23T02:05:00.000Z',
    processingDays: 3,
    dueAt: '2026-11-26T09:00:00.000Z',
    dueDate: '2026-11-26',
    status: 'received',
    provinceVersion: 0,
    provinceRef: null,
    resultBy: 'in_person',
    delivery: null,
    history: [],
    filedVia: 'center',
  },
  trackingSecret: 'K7QM',
  trackingUrl: 'https://luot.example.vn/track/?code=000.31.01.H13-261123-0007&s=K7QM',
  returnPlace: 'Trung tâm Phục vụ hành chính công phường Ninh Kiều, Số 1 đường Trần Hưng Đạo',
  agency: { parent: 'Ủy ban nhân dân phường Ninh Kiều', place: 'Cần Thơ' },
  officerName: 'Nguyễn Thị Thu',
};

/** Runs of blank rows at least `min` dots high. */
function blankRuns(image: { width: number; height: number; dots: Uint8Array }, min: number): number[] {
  const runs: number[] = [];
  let run = 0;
  for (let y = 0; y < image.height; y++) {
    const blank = !image.dots.subarray(y * image.width, (y + 1) * image.width).some((d) => d === 1);
    if (blank) run++;
    else {
      if (run >= min) runs.push(run);
      run = 0;
    }
  }
  return runs;
}

describe('thermal receipt', () => {
  const form = receiptForm(receipt);

  it('reads Vietnam time and every item of the form', () => {
    expect(form.placeAndDate).toBe('Cần Thơ, ngày 23 tháng 11 năm 2026');
    expect(form.items.map((i) => `${i.label}: ${i.value}`)).toEqual([
      'Số lượng hồ sơ: 01 (bộ)',
      'Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc',
      'Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 23/11/2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 26/11/2026',
      'Nơi và hình thức nhận kết quả: Trực tiếp tại Trung tâm Phục vụ hành chính công phường Ninh Kiều, Số 1 đường Trần Hưng Đạo',
      'Phí, lệ phí: Không thu',
    ]);
  });

  for (const paper of [80, 58] as const) {
    it(`draws at ${paper} mm with no blank gap but the two signature spaces`, () => {
      const image = renderTicket(receiptLayout(form, paper));
      expect(image.width).toBe(paper === 80 ? 576 : 384);
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, `print-receipt-${paper}mm.png`), pngOf(image));
      const gaps = blankRuns(image, 40);
      expect(gaps).toHaveLength(2);
    });
  }

  it('EPSON raster bytes are the drawn image; text mode carries the words in Windows-1258', async () => {
    const raster = decode(await receiptBytes(form, 80, profileOf('epson')), { commands: 'epson' });
    expect(raster.filter((o) => o.op === 'text')).toEqual([]);
    expect(raster.filter((o) => o.op === 'qr')).toEqual([
      { op: 'qr', data: receipt.trackingUrl, model: 2, cellSize: 5, ecc: 'M' },
    ]);
    expect(raster.filter((o) => o.op === 'cut')).toHaveLength(1);
    expect(stackRaster(raster).height).toBeGreaterThan(500);

    const ops = decode(await receiptBytes(form, 80, profileOf('epson', { text: 'text:52' })), {
      commands: 'epson',
      vietnamesePage: 52,
    });
    const words = textLines(ops).join(' ').replace(/\s+/g, ' ');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Mẫu số 01',
      'Mã hồ sơ: 000.31.01.H13-261123-0007',
      'Tiếp nhận hồ sơ của: Lê Thị Hồng',
      'Số CCCD/định danh cá nhân: 092170004321',
      'Bản sao chứng thực: 02',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Nguyễn Thị Thu',
    ]) {
      expect(words).toContain(expected);
    }
  });
});
