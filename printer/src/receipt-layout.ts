// The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (form no. 01) on 80 or 58 mm thermal paper: the same
// words as the A4 PDF (receiptForm), stacked in one column, drawn by the ticket's raster code. Only the two
// signature spaces are left blank, on purpose.
import type { ReceiptForm } from '@luot/contract';
import type { Block, TicketLayout } from './layout.ts';
import { DOTS, type PaperWidth } from './profile.ts';

export function receiptLayout(form: ReceiptForm, paper: PaperWidth): TicketLayout {
  const width = DOTS[paper];
  const s = Math.max(width / 576, 0.75);
  const px = (n: number) => Math.round(n * s);
  const text = (t: string, size: number, bold = false, align: 'center' | 'left' = 'left'): Block => ({
    kind: 'text',
    text: t,
    size: px(size),
    bold,
    align,
  });
  const blocks: Block[] = [
    text(form.formNumber, 20, false, 'center'),
    text(form.parentAgency, 22, false, 'center'),
    text(form.agency, 23, true, 'center'),
    { kind: 'space', height: px(6) },
    text(form.nationalHeader[0], 22, true, 'center'),
    text(form.nationalHeader[1], 22, true, 'center'),
    text(form.placeAndDate, 21, false, 'center'),
    { kind: 'rule' },
    text(form.title, 25, true, 'center'),
    text(`Mã hồ sơ: ${form.code}`, 24, true, 'center'),
    text(`Mã tra cứu: ${form.secret}`, 24, true, 'center'),
    { kind: 'qr', data: form.trackingUrl, moduleDots: paper === 80 ? 5 : 4 },
    { kind: 'rule' },
    ...form.lines.map((l) => text(`${l.label}: ${l.value || '……'}`, 22)),
    text('1. Thành phần hồ sơ nộp gồm:', 22, true),
    ...form.documents.map((d) => text(`${d.n}) ${d.name} — ${d.kind}: ${String(d.copies).padStart(2, '0')}`, 21)),
    ...form.items.map((item, i) => text(`${i + 2}. ${item.label}: ${item.value}`, 22)),
    { kind: 'rule' },
    text(form.signatures.applicant, 22, true, 'center'),
    text('(Ký và ghi rõ họ tên)', 20, false, 'center'),
    { kind: 'space', height: px(90) },
    text(form.signatures.applicantName, 22, true, 'center'),
    { kind: 'space', height: px(10) },
    text(form.signatures.officer, 22, true, 'center'),
    text('(Ký và ghi rõ họ tên)', 20, false, 'center'),
    { kind: 'space', height: px(90) },
    ...(form.signatures.officerName ? [text(form.signatures.officerName, 22, true, 'center')] : []),
    { kind: 'rule' },
    text(form.note, 20, false, 'center'),
  ];
  return { width, blocks };
}
