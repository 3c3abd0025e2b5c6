// A report as an Excel workbook (exceljs): one sheet per table of tables.ts, with a title, the center and the
// period on top; figures stay numbers so the sheet can compute with them.
import ExcelJS from 'exceljs';
import type { ProvinceReport, Report } from '@luot/contract';
import { figureCells, FIGURE_HEADER, periodText, reportTables, type Table } from './tables.ts';

function addSheet(book: ExcelJS.Workbook, heading: string, period: string, table: Table) {
  const sheet = book.addWorksheet(table.name);
  sheet.addRow([heading]).font = { bold: true, size: 13 };
  sheet.addRow([table.title]);
  sheet.addRow([period]);
  sheet.addRow([]);
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.getColumn(1).width = Math.min(48, Math.max(14, ...table.rows.map((r) => String(r[0] ?? '').length + 2)));
  for (let c = 2; c <= table.header.length; c++) sheet.getColumn(c).width = 12;
  sheet.views = [{ state: 'frozen', ySplit: 5, xSplit: 1 }];
}

async function write(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function reportXlsx(report: Report): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'luot';
  for (const table of reportTables(report)) addSheet(book, report.centerName, periodText(report), table);
  return write(book);
}

export function provinceXlsx(report: ProvinceReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'luot';
  const rows = [...report.centers, { centerId: '', centerName: 'Toàn tỉnh', ...report.total }];
  addSheet(book, 'Báo cáo toàn tỉnh', periodText(report), {
    name: 'Toàn tỉnh',
    title: 'Số liệu theo trung tâm',
    header: [
      'Trung tâm',
      'Mã',
      ...FIGURE_HEADER,
      'Rảnh (giây)',
      'Tạm dừng (giây)',
      'Hồ sơ tiếp nhận',
      'Đúng hạn',
      'Trễ hạn',
      'Quá hạn',
      'Tỉ lệ hài lòng (%)',
    ],
    rows: rows.map((c) => [
      c.centerName,
      c.centerId,
      ...figureCells(c.figures),
      c.time.idleSeconds,
      c.time.awaySeconds,
      c.dossiers.received,
      c.dossiers.onTime,
      c.dossiers.late,
      c.dossiers.overdue,
      c.satisfaction.satisfiedPercent,
    ]),
  });
  return write(book);
}
