// A report as titled tables of cells: the one layout the CSV, the Excel workbook and the printed month share.
// Durations are in seconds (spreadsheets compute with them); dates are dd/mm/yyyy.
import { SCORES, SCORE_LABELS, type Report, type ReportGroup, type TimeRow } from '@luot/contract';
import { formatDay } from './reports.ts';

export type Cell = string | number | null;
export interface Table {
  /** A sheet's name: at most 31 characters, none of []:*?/\ (Excel's rule). */
  name: string;
  title: string;
  header: string[];
  rows: Cell[][];
}

export const GROUP_HEADER: Record<ReportGroup, string> = {
  day: 'Ngày',
  area: 'Lĩnh vực',
  counter: 'Quầy',
  officer: 'Cán bộ',
  procedure: 'Thủ tục',
  priority: 'Đối tượng ưu tiên',
  channel: 'Kênh lấy số',
};

export const FIGURE_HEADER = [
  'Số đã cấp',
  'Số đã gọi',
  'Đã phục vụ',
  'Vắng mặt',
  'Chuyển',
  'Gọi trong chỉ tiêu',
  'Tỉ lệ trong chỉ tiêu (%)',
  'Chờ trung bình (giây)',
  'Chờ P50 (giây)',
  'Chờ P90 (giây)',
  'Phục vụ trung bình (giây)',
  'Phục vụ P50 (giây)',
  'Phục vụ P90 (giây)',
  ...SCORES.map((s) => SCORE_LABELS[s].vi),
];

export const WEEKDAYS = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];

export const figureCells = (r: Report['total']): Cell[] => [
  r.issued,
  r.called,
  r.served,
  r.noShows,
  r.transfers,
  r.withinTarget,
  r.withinTargetPercent,
  r.avgWaitSeconds,
  r.p50WaitSeconds,
  r.p90WaitSeconds,
  r.avgServiceSeconds,
  r.p50ServiceSeconds,
  r.p90ServiceSeconds,
  ...SCORES.map((s) => r.ratings[s]),
];

export const periodText = (r: { from: string; to: string }) =>
  `Từ ngày ${formatDay(r.from)} đến ngày ${formatDay(r.to)}`;

/** The figures grouped as asked, with the total: the CSV's only table, the workbook's first sheet. */
export function figuresTable(report: Report): Table {
  return {
    name: 'Tổng hợp',
    title: `${GROUP_HEADER[report.by]} · ${periodText(report)}`,
    header: [GROUP_HEADER[report.by], 'Mã', ...FIGURE_HEADER],
    rows: [...report.rows, report.total].map((r) => [r.label, r.key, ...figureCells(r)]),
  };
}

const timeCells = (r: TimeRow): Cell[] => [r.label, r.openSeconds, r.busySeconds, r.idleSeconds, r.awaySeconds];

export function reportTables(report: Report): Table[] {
  const timeHeader = ['Mở quầy (giây)', 'Phục vụ (giây)', 'Rảnh (giây)', 'Tạm dừng (giây)'];
  return [
    figuresTable(report),
    {
      name: 'Theo giờ',
      title: 'Số lượt lấy số theo thứ và giờ',
      header: ['Thứ', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}h`)],
      rows: report.heatmap.issued.map((row, d) => [WEEKDAYS[d], ...row]),
    },
    {
      name: 'Thời gian quầy',
      title: 'Thời gian mở quầy có cán bộ: phục vụ, rảnh, tạm dừng',
      header: ['Quầy / cán bộ', ...timeHeader],
      rows: [...report.counters, ...report.officers, report.time].map(timeCells),
    },
    {
      name: 'Lý do tạm dừng',
      title: 'Thời gian tạm dừng theo lý do',
      header: ['Quầy', 'Lý do', 'Số lần', 'Thời gian (giây)'],
      rows: [...report.counters, report.time].flatMap((c) =>
        c.away.map((a) => [c.label, a.reason, a.pauses, a.seconds]),
      ),
    },
    {
      name: 'Hồ sơ',
      title: 'Hồ sơ tiếp nhận theo cơ quan giải quyết',
      header: [
        'Cơ quan',
        'Tiếp nhận',
        'Đã giải quyết',
        'Đúng hạn',
        'Trễ hạn',
        'Đang giải quyết',
        'Quá hạn',
        'Tỉ lệ đúng hạn (%)',
      ],
      rows: [...report.dossiers, report.dossierTotal].map((d) => [
        d.label,
        d.received,
        d.finished,
        d.onTime,
        d.late,
        d.open,
        d.overdue,
        d.onTimePercent,
      ]),
    },
    satisfactionTable(report),
  ];
}

export function satisfactionTable(report: Pick<Report, 'satisfaction'>): Table {
  const s = report.satisfaction;
  return {
    name: 'Hài lòng',
    title: 'Mức độ hài lòng (thang 5 mức, Quyết định 766/QĐ-TTg)',
    header: ['Mức', 'Số phiếu', 'Tỉ lệ (%)'],
    rows: [
      ...SCORES.map((k): Cell[] => [
        SCORE_LABELS[k].vi,
        s.counts[k],
        s.total ? Math.round((s.counts[k] * 1000) / s.total) / 10 : null,
      ]),
      ['Tổng số phiếu', s.total, null],
      ['Tỉ lệ hài lòng (Rất hài lòng + Hài lòng)', null, s.satisfiedPercent],
      ['Tỉ lệ không hài lòng', null, s.dissatisfiedPercent],
      ['Điểm nhóm hài lòng quy đổi (trên 18)', s.indexPoints, null],
    ],
  };
}
