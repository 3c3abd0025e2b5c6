// The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (form no. 01, Circular 01/2018/TT-VPCP) as an A4 or
// A5 PDF, with an embedded Vietnamese TrueType font (the standard PDF fonts have no Vietnamese letters).
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { type DossierReceipt, type ReceiptForm, receiptForm } from '@luot/contract';

export type PaperSize = 'A4' | 'A5';

export interface FontSet {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

/**
 * A serif family with Vietnamese glyphs, as administrative documents use: Debian's fonts-noto-core, then
 * DejaVu, then Windows' Times New Roman. LUOT_PDF_FONT_DIR names another folder with the same file names.
 */
const CANDIDATES: FontSet[] = [
  ...(process.env.LUOT_PDF_FONT_DIR
    ? [
        {
          regular: 'NotoSerif-Regular.ttf',
          bold: 'NotoSerif-Bold.ttf',
          italic: 'NotoSerif-Italic.ttf',
          boldItalic: 'NotoSerif-BoldItalic.ttf',
        },
      ].map((f) => inDir(process.env.LUOT_PDF_FONT_DIR!, f))
    : []),
  inDir('/usr/share/fonts/truetype/noto', {
    regular: 'NotoSerif-Regular.ttf',
    bold: 'NotoSerif-Bold.ttf',
    italic: 'NotoSerif-Italic.ttf',
    boldItalic: 'NotoSerif-BoldItalic.ttf',
  }),
  inDir('/usr/share/fonts/truetype/dejavu', {
    regular: 'DejaVuSerif.ttf',
    bold: 'DejaVuSerif-Bold.ttf',
    italic: 'DejaVuSerif-Italic.ttf',
    boldItalic: 'DejaVuSerif-BoldItalic.ttf',
  }),
  inDir('C:\\Windows\\Fonts', {
    regular: 'times.ttf',
    bold: 'timesbd.ttf',
    italic: 'timesi.ttf',
    boldItalic: 'timesbi.ttf',
  }),
];

function inDir(dir: string, f: FontSet): FontSet {
  const sep = dir.includes('\\') ? '\\' : '/';
  return {
    regular: `${dir}${sep}${f.regular}`,
    bold: `${dir}${sep}${f.bold}`,
    italic: `${dir}${sep}${f.italic}`,
    boldItalic: `${dir}${sep}${f.boldItalic}`,
  };
}

let fonts: FontSet | null = null;
/** The Vietnamese serif family of every printed form (the receipt, the monthly report). */
export function findFonts(): FontSet {
  fonts ??= CANDIDATES.find((f) => Object.values(f).every((path: string) => existsSync(path))) ?? null;
  if (!fonts)
    throw new Error(
      'No serif font with Vietnamese letters found for the receipt PDF: install fonts-noto-core, or set LUOT_PDF_FONT_DIR',
    );
  return fonts;
}

/** Sizes in points; A5 is A4 scaled by 1/√2. */
const SCALE: Record<PaperSize, number> = { A4: 1, A5: 0.72 };

export async function receiptPdf(receipt: DossierReceipt, size: PaperSize = 'A4'): Promise<Buffer> {
  const form = receiptForm(receipt);
  const qr = await QRCode.toBuffer(form.trackingUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 0, scale: 8 });
  const k = SCALE[size];
  const f = findFonts();
  const margin = { top: 42 * k, bottom: 42 * k, left: 62 * k, right: 45 * k };
  const doc = new PDFDocument({
    size,
    margins: margin,
    info: {
      Title: `${form.title} — ${form.code}`,
      Subject: 'Mẫu số 01, Thông tư 01/2018/TT-VPCP',
      Creator: 'luot',
      CreationDate: new Date(receipt.dossier.receivedAt),
    },
    lang: 'vi-VN',
  });
  doc.registerFont('R', f.regular);
  doc.registerFont('B', f.bold);
  doc.registerFont('I', f.italic);
  doc.registerFont('BI', f.boldItalic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc, form, qr, k);
  doc.end();
  return done;
}

function draw(doc: PDFKit.PDFDocument, form: ReceiptForm, qr: Buffer, k: number) {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const base = 12 * k;
  const gap = 2 * k;

  // The form's number, top right.
  doc
    .font('I')
    .fontSize(base - 1.5 * k)
    .text(form.formNumber, left, doc.page.margins.top - 20 * k, { width, align: 'right' });

  // Header: the agency (left) and the national motto (right), each centred in its column.
  const top = doc.page.margins.top;
  const leftW = width * 0.45;
  const rightX = left + leftW;
  const rightW = width - leftW;
  // The parent agency on one line: a long commune name takes a smaller size rather than a broken line.
  let parentSize = base - 1 * k;
  while (parentSize > base - 3 * k && doc.font('R').fontSize(parentSize).widthOfString(form.parentAgency) > leftW)
    parentSize -= 0.25 * k;
  doc.font('R').fontSize(parentSize).text(form.parentAgency, left, top, { width: leftW, align: 'center' });
  doc.fontSize(base - 1 * k);
  doc.font('B').text(form.agency, left, doc.y, { width: leftW, align: 'center' });
  const leftEnd = doc.y + 3 * k;
  rule(doc, left + leftW * 0.3, left + leftW * 0.7, leftEnd);
  doc
    .font('B')
    .fontSize(base - 1 * k)
    .text(form.nationalHeader[0], rightX, top, { width: rightW, align: 'center' });
  doc.font('B').fontSize(base).text(form.nationalHeader[1], rightX, doc.y, { width: rightW, align: 'center' });
  const mottoW = doc.widthOfString(form.nationalHeader[1]);
  const rightEnd = doc.y + 2 * k;
  rule(doc, rightX + (rightW - mottoW) / 2, rightX + (rightW + mottoW) / 2, rightEnd);
  doc
    .font('I')
    .fontSize(base)
    .text(form.placeAndDate, rightX, rightEnd + 8 * k, { width: rightW, align: 'center' });
  let y = Math.max(doc.y, leftEnd) + 14 * k;

  // Title, then the dossier code and the tracking QR side by side.
  doc
    .font('B')
    .fontSize(base + 2.5 * k)
    .text(form.title, left, y, { width, align: 'center' });
  y = doc.y + 8 * k;
  const qrSize = 68 * k;
  const textW = width - qrSize - 14 * k;
  doc.image(qr, left + width - qrSize, y, { width: qrSize, height: qrSize });
  doc
    .font('B')
    .fontSize(base + 0.5 * k)
    .text(`Mã hồ sơ: ${form.code}`, left, y + 8 * k, { width: textW, align: 'center' });
  doc
    .font('B')
    .fontSize(base)
    .text(`Mã tra cứu: ${form.secret}`, left, doc.y + gap, { width: textW, align: 'center' });
  doc
    .font('I')
    .fontSize(base - 1.5 * k)
    .text('(Quét mã QR bên cạnh để tra cứu tình trạng hồ sơ)', left, doc.y + gap, { width: textW, align: 'center' });
  y = Math.max(doc.y, y + qrSize) + 8 * k;

  // The applicant and the request.
  doc.fontSize(base);
  doc.x = left;
  doc.y = y;
  for (const line of form.lines) labelled(doc, line.label, line.value || '…………………………', width, gap);

  // 1. The documents, as a table.
  doc.moveDown(0.3);
  doc.font('B').fontSize(base).text('1. Thành phần hồ sơ nộp gồm:', left, doc.y, { width });
  documentsTable(doc, form, left, width, base, k);

  // 2.–7.
  form.items.forEach((item, i) => labelled(doc, `${i + 2}. ${item.label}`, item.value, width, gap));

  // Signatures: kept together on one page.
  const needed = 110 * k;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const sy = doc.y + 8 * k;
  const colW = width / 2;
  for (const [i, [title, name]] of (
    [
      [form.signatures.applicant, form.signatures.applicantName],
      [form.signatures.officer, form.signatures.officerName],
    ] as const
  ).entries()) {
    const x = left + i * colW;
    doc.font('B').fontSize(base).text(title, x, sy, { width: colW, align: 'center' });
    doc
      .font('I')
      .fontSize(base - 1 * k)
      .text('(Ký và ghi rõ họ tên)', x, doc.y, { width: colW, align: 'center' });
    if (name)
      doc
        .font('B')
        .fontSize(base)
        .text(name, x, doc.y + 54 * k, { width: colW, align: 'center' });
  }
  doc
    .font('I')
    .fontSize(base - 2 * k)
    .text(form.note, left, doc.y + 14 * k, { width, align: 'left' });
}

function rule(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number) {
  doc.save().lineWidth(0.7).moveTo(x1, y).lineTo(x2, y).stroke().restore();
}

/** "Label: value" with the label in bold, wrapping under the whole width. */
function labelled(doc: PDFKit.PDFDocument, label: string, value: string, width: number, gap: number) {
  const x = doc.page.margins.left;
  doc.font('B').text(`${label}: `, x, doc.y, { width, continued: true }).font('R').text(value);
  doc.y += gap;
}

function documentsTable(
  doc: PDFKit.PDFDocument,
  form: ReceiptForm,
  left: number,
  width: number,
  base: number,
  k: number,
) {
  const cols = [
    { title: 'STT', w: 0.08, align: 'center' as const },
    { title: 'Tên giấy tờ', w: 0.52, align: 'left' as const },
    { title: 'Hình thức', w: 0.26, align: 'center' as const },
    { title: 'Số lượng', w: 0.14, align: 'center' as const },
  ].map((c) => ({ ...c, w: c.w * width }));
  const pad = 3 * k;
  const row = (cells: string[], font: string) => {
    doc.font(font).fontSize(base - 0.5 * k);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i].w - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.text(c, x + pad, y + pad, { width: cols[i].w - 2 * pad, align: cols[i].align });
      doc.save().lineWidth(0.6).rect(x, y, cols[i].w, h).stroke().restore();
      x += cols[i].w;
    });
    doc.x = left;
    doc.y = y + h;
  };
  doc.y += 3 * k;
  row(
    cols.map((c) => c.title),
    'B',
  );
  for (const d of form.documents) row([String(d.n), d.name, d.kind, String(d.copies).padStart(2, '0')], 'R');
  doc.y += 6 * k;
  doc.fontSize(base);
}
