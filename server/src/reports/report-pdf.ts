// The printable monthly report (A4, PDF with the embedded Vietnamese serif font of the receipt): the month's key
// figures, by area, the hours heatmap, counters' time and pause reasons, dossiers by authority, satisfaction.
import PDFDocument from 'pdfkit';
import type { Report } from '@luot/contract';
import { findFonts } from '../dossier/receipt-pdf.ts';
import { formatDay } from './reports.ts';
import { WEEKDAYS, satisfactionTable, type Cell } from './tables.ts';

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;

const minutes = (s: number | null) => (s === null ? '—' : `${(s / 60).toFixed(1).replace('.', ',')} phút`);
const hours = (s: number) => `${(s / 3600).toFixed(1).replace('.', ',')} giờ`;
const pct = (p: number | null) => (p === null ? '—' : `${String(p).replace('.', ',')}%`);
const text = (c: Cell) => (c === null ? '—' : typeof c === 'number' ? String(c).replace('.', ',') : c);

/** `byArea` is the same month grouped by area (its totals equal the report's). */
export function monthlyPdf(byArea: Report, month: string, printedAt: string): Promise<Buffer> {
  const f = findFonts();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Báo cáo tháng ${month}` } });
  doc.registerFont('r', f.regular).registerFont('b', f.bold).registerFont('i', f.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const heading = (t: string) => {
    if (doc.y > 700) doc.addPage();
    doc.moveDown(0.6).font('b').fontSize(11.5).text(t, MARGIN, doc.y);
    doc.moveDown(0.2);
  };
  /** A table with the first column wide and the others equal; numbers right-aligned. */
  const table = (header: string[], rows: Cell[][], firstWidth = 170) => {
    const other = (WIDTH - firstWidth) / Math.max(1, header.length - 1);
    const line = (cells: Cell[], font: string) => {
      doc.font(font).fontSize(8.5);
      const h = Math.max(
        ...cells.map((c, i) => doc.heightOfString(text(c), { width: (i === 0 ? firstWidth : other) - 4 })),
      );
      if (doc.y + h > 790) doc.addPage();
      const y = doc.y;
      cells.forEach((c, i) => {
        const x = MARGIN + (i === 0 ? 0 : firstWidth + (i - 1) * other);
        doc.text(text(c), x + 2, y, { width: (i === 0 ? firstWidth : other) - 4, align: i === 0 ? 'left' : 'right' });
      });
      doc.y = y + h + 3;
      doc
        .moveTo(MARGIN, doc.y - 1.5)
        .lineTo(MARGIN + WIDTH, doc.y - 1.5)
        .lineWidth(0.3)
        .strokeColor('#999999')
        .stroke();
    };
    line(header, 'b');
    for (const r of rows) line(r, 'r');
  };

  const [y, m] = month.split('-');
  doc.font('b').fontSize(10).text(byArea.centerName.toUpperCase(), { align: 'center' });
  doc.moveDown(0.8).fontSize(15).text(`BÁO CÁO THÁNG ${m}/${y}`, { align: 'center' });
  doc
    .font('i')
    .fontSize(10)
    .text(`Từ ngày ${formatDay(byArea.from)} đến ngày ${formatDay(byArea.to)} · in ngày ${formatDay(printedAt)}`, {
      align: 'center',
    });

  const t = byArea.total;
  heading('1. Số liệu chung');
  table(
    ['Chỉ tiêu', 'Số liệu'],
    [
      ['Số thứ tự đã cấp', t.issued],
      ['Lượt đã gọi', t.called],
      ['Đã phục vụ xong', t.served],
      ['Vắng mặt', t.noShows],
      ['Chuyển lĩnh vực', t.transfers],
      ['Gọi trong thời gian chỉ tiêu', `${t.withinTarget} (${pct(t.withinTargetPercent)})`],
      [
        'Thời gian chờ: trung bình / P50 / P90',
        [t.avgWaitSeconds, t.p50WaitSeconds, t.p90WaitSeconds].map(minutes).join(' / '),
      ],
      [
        'Thời gian phục vụ: trung bình / P50 / P90',
        [t.avgServiceSeconds, t.p50ServiceSeconds, t.p90ServiceSeconds].map(minutes).join(' / '),
      ],
    ],
    260,
  );

  heading('2. Theo lĩnh vực');
  table(
    ['Lĩnh vực', 'Cấp số', 'Phục vụ', 'Vắng', 'Trong chỉ tiêu', 'Chờ TB', 'Chờ P90', 'Phục vụ TB'],
    [...byArea.rows, t].map((r) => [
      r.label,
      r.issued,
      r.served,
      r.noShows,
      pct(r.withinTargetPercent),
      minutes(r.avgWaitSeconds),
      minutes(r.p90WaitSeconds),
      minutes(r.avgServiceSeconds),
    ]),
    130,
  );

  heading('3. Hồ sơ theo cơ quan giải quyết');
  table(
    ['Cơ quan', 'Tiếp nhận', 'Đúng hạn', 'Trễ hạn', 'Đang giải quyết', 'Quá hạn', 'Tỉ lệ đúng hạn'],
    [...byArea.dossiers, byArea.dossierTotal].map((d) => [
      d.label,
      d.received,
      d.onTime,
      d.late,
      d.open,
      d.overdue,
      pct(d.onTimePercent),
    ]),
    150,
  );

  heading('4. Mức độ hài lòng (thang 5 mức, Quyết định 766/QĐ-TTg)');
  table(
    ['Mức', 'Số phiếu', 'Tỉ lệ'],
    satisfactionTable(byArea).rows.map(([label, n, p]) => [label, n, p === null ? null : pct(Number(p))]),
    260,
  );

  heading('5. Thời gian quầy và lý do tạm dừng');
  table(
    ['Quầy', 'Mở quầy', 'Phục vụ', 'Rảnh', 'Tạm dừng'],
    [...byArea.counters, byArea.time].map((c) => [
      c.label,
      hours(c.openSeconds),
      hours(c.busySeconds),
      hours(c.idleSeconds),
      hours(c.awaySeconds),
    ]),
  );
  if (byArea.time.away.length) {
    doc.moveDown(0.3);
    table(
      ['Lý do tạm dừng', 'Số lần', 'Thời gian'],
      byArea.time.away.map((a) => [a.reason, a.pauses, hours(a.seconds)]),
    );
  }

  heading('6. Số lượt lấy số theo thứ và giờ');
  const hoursShown = Array.from({ length: 13 }, (_, i) => i + 6);
  const max = Math.max(1, ...byArea.heatmap.issued.flat());
  const cellW = (WIDTH - 60) / hoursShown.length;
  if (doc.y > 640) doc.addPage();
  let top = doc.y;
  doc.font('b').fontSize(7.5);
  hoursShown.forEach((h, i) => doc.text(`${h}h`, MARGIN + 60 + i * cellW, top, { width: cellW, align: 'center' }));
  top += 11;
  byArea.heatmap.issued.forEach((row, d) => {
    const yy = top + d * 16;
    doc
      .font('r')
      .fontSize(8)
      .fillColor('black')
      .text(WEEKDAYS[d], MARGIN, yy + 3, { width: 58 });
    hoursShown.forEach((h, i) => {
      const n = row[h];
      // From white (none) to the brand blue (the busiest hour of the month).
      const k = n / max;
      const x = MARGIN + 60 + i * cellW;
      doc
        .rect(x, yy, cellW - 1, 15)
        .lineWidth(0.4)
        .fillAndStroke([Math.round(255 - 245 * k), Math.round(255 - 194 * k), Math.round(255 - 112 * k)], '#cccccc');
      doc
        .fillColor(k > 0.5 ? 'white' : 'black')
        .fontSize(7.5)
        .text(n ? String(n) : '', x, yy + 4, { width: cellW - 1, align: 'center' });
    });
  });
  doc.fillColor('black');
  doc.y = top + 7 * 16 + 20;
  doc
    .font('i')
    .fontSize(8)
    .text(
      'Thời gian chờ: từ lúc lấy số (hoặc được chuyển) đến lúc được gọi; phục vụ: từ lúc bắt đầu đến lúc xong. ' +
        'Trong chỉ tiêu: được gọi trong thời gian chỉ tiêu của lĩnh vực. Điểm hài lòng quy đổi: tỉ lệ hài lòng × 18 điểm (ước tính).',
      MARGIN,
      doc.y,
      { width: WIDTH },
    );
  doc.end();
  return done;
}
