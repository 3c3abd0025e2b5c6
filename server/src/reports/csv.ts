// A report as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese).
import type { Report } from '@luot/contract';

const GROUP_HEADER = { day: 'Ngày', area: 'Lĩnh vực', counter: 'Quầy', officer: 'Cán bộ' } as const;

const HEADER = [
  'Số đã cấp',
  'Số đã gọi',
  'Đã phục vụ',
  'Vắng mặt',
  'Chuyển',
  'Chờ trung bình (giây)',
  'Chờ P90 (giây)',
  'Phục vụ trung bình (giây)',
  'Phục vụ P90 (giây)',
  'Rất hài lòng',
  'Hài lòng',
  'Không hài lòng',
];

/** Quotes a cell when needed; a text starting like a formula is defused for spreadsheet programs. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function reportCsv(report: Report): string {
  const lines: (string | number | null)[][] = [[GROUP_HEADER[report.by], 'Mã', ...HEADER]];
  for (const r of [...report.rows, report.total]) {
    const { very_satisfied, satisfied, not_satisfied } = r.ratings;
    lines.push([
      r.label,
      r.key,
      r.issued,
      r.called,
      r.served,
      r.noShows,
      r.transfers,
      r.avgWaitSeconds,
      r.p90WaitSeconds,
      r.avgServiceSeconds,
      r.p90ServiceSeconds,
      very_satisfied,
      satisfied,
      not_satisfied,
    ]);
  }
  return '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
