// Form no. 01 of Circular 01/2018/TT-VPCP, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", as words: what the
// A4/A5 PDF, the 80 mm thermal receipt and the console's screen all print. Pure (dates in Vietnam's time).
import { type DossierReceipt, DOCUMENT_KIND_LABELS, documentKindOf } from './dossier.ts';
import { type FeeLine, feesOf } from './payment.ts';
import { vietnamParts } from './vietnam-time.ts';

export interface ReceiptForm {
  nationalHeader: [string, string];
  parentAgency: string;
  agency: string;
  formNumber: string;
  /** "Cần Thơ, ngày 23 tháng 11 năm 2026" */
  placeAndDate: string;
  title: string;
  code: string;
  secret: string;
  trackingUrl: string;
  /** Labelled lines about the applicant and the request, in the form's order. */
  lines: { label: string; value: string }[];
  documents: { n: number; name: string; kind: string; copies: number }[];
  /** The numbered items after the documents (2. … 7.). */
  items: { label: string; value: string }[];
  signatures: { applicant: string; officer: string; applicantName: string; officerName: string };
  note: string;
}

const parts = vietnamParts;

/** "14 giờ 05 phút, ngày 23/11/2026" */
export function vnTimeAndDay(at: string): string {
  const p = parts(at);
  return `${p.hour} giờ ${p.minute} phút, ngày ${p.day}/${p.month}/${p.year}`;
}

/** "ngày 23 tháng 11 năm 2026" */
export function vnLongDay(at: string): string {
  const p = parts(at);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

export const vnMoney = (vnd: number): string => `${String(vnd).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;

/** "150.000 đồng", with the lines when they are several or named: "(Lệ phí …: 100.000 đồng; Phí …: 50.000 đồng)". */
function feeText(fee: number, lines: FeeLine[]): string {
  if (fee === 0) return 'Không thu';
  if (lines.length === 1 && lines[0].label === 'Lệ phí') return vnMoney(fee);
  return `${vnMoney(fee)} (${lines.map((l) => `${l.label}: ${vnMoney(l.amount)}`).join('; ')})`;
}

export function receiptForm(r: DossierReceipt): ReceiptForm {
  const d = r.dossier;
  const a = d.applicant;
  const lines: { label: string; value: string }[] = [];
  if (a.type === 'business') {
    lines.push({ label: 'Tiếp nhận hồ sơ của', value: a.name });
    if (a.taxCode) lines.push({ label: 'Mã số thuế', value: a.taxCode });
    lines.push({ label: 'Người đại diện', value: a.representative ?? '' });
    lines.push({ label: 'Số CCCD/định danh người đại diện', value: a.idNumber });
  } else {
    lines.push({ label: 'Tiếp nhận hồ sơ của', value: a.name });
    lines.push({ label: 'Số CCCD/định danh cá nhân', value: a.idNumber });
  }
  lines.push({ label: 'Địa chỉ', value: a.address ?? '' });
  lines.push({ label: 'Số điện thoại', value: a.phone ?? '' });
  if (a.email) lines.push({ label: 'Email', value: a.email });
  lines.push({ label: 'Nội dung yêu cầu giải quyết', value: `${d.procedureName} (mã thủ tục ${d.procedureCode})` });
  lines.push({ label: 'Cơ quan giải quyết', value: d.authority.name });

  const byPost = d.resultBy === 'post';
  const items = [
    { label: 'Số lượng hồ sơ', value: '01 (bộ)' },
    {
      label: 'Thời gian giải quyết hồ sơ theo quy định',
      value: d.processingDays === 0 ? 'trong ngày làm việc' : `${d.processingDays} ngày làm việc`,
    },
    { label: 'Thời gian nhận hồ sơ', value: vnTimeAndDay(d.receivedAt) },
    { label: 'Thời gian trả kết quả giải quyết hồ sơ', value: vnTimeAndDay(d.dueAt) },
    {
      label: 'Nơi và hình thức nhận kết quả',
      value: byPost
        ? `Qua dịch vụ bưu chính công ích, đến địa chỉ ${a.address ?? 'đã đăng ký'}`
        : `Trực tiếp tại ${r.returnPlace}`,
    },
    { label: 'Phí, lệ phí', value: feeText(d.fee, d.feeLines) },
  ];
  // Reprinted while the authority waits for the fees, or after they were paid: say so.
  const fees = feesOf(d, false);
  if (fees.state === 'due') items.push({ label: 'Phí, lệ phí phải nộp', value: `${vnMoney(d.fee)} (chưa nộp)` });
  if (fees.state === 'paid' && fees.paidAt)
    items.push({ label: 'Đã nộp phí, lệ phí', value: `${vnMoney(d.fee)}, ${vnTimeAndDay(fees.paidAt)}` });
  return {
    nationalHeader: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    parentAgency: r.agency.parent.toUpperCase(),
    agency: d.receivingCenter.name.toUpperCase(),
    formNumber: 'Mẫu số 01',
    placeAndDate: `${r.agency.place}, ${vnLongDay(d.receivedAt)}`,
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    code: d.code,
    secret: r.trackingSecret,
    trackingUrl: r.trackingUrl,
    lines,
    documents: d.documents.map((doc, i) => ({
      n: i + 1,
      name: doc.name,
      kind: DOCUMENT_KIND_LABELS[documentKindOf(doc)].vi,
      copies: doc.copies,
    })),
    items,
    signatures: {
      applicant: 'NGƯỜI NỘP HỒ SƠ',
      officer: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
      applicantName: a.type === 'business' ? (a.representative ?? a.name) : a.name,
      officerName: r.officerName ?? '',
    },
    note: `Tra cứu tình trạng hồ sơ: quét mã QR hoặc vào trang tra cứu với mã hồ sơ ${d.code} và mã tra cứu ${r.trackingSecret}.`,
  };
}
