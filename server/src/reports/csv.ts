// A report as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese): the
// figures grouped as asked, one line per group and the total (the workbook holds the other tables).
import type { Report } from '@luot/contract';
import { figuresTable, type Cell } from './tables.ts';

/** Quotes a cell when needed; a text starting like a formula is defused for spreadsheet programs. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function reportCsv(report: Report): string {
  const table = figuresTable(report);
  const lines: Cell[][] = [table.header, ...table.rows];
  return '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
