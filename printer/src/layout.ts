// The ticket as a list of blocks, in Vietnamese, the way Vietnamese one-stop centers print them. Sizes are dots
// at 203 dpi, so the same layout drives the raster image, the text-mode bytes and the PNG preview.
import type { PrintJob } from '@luot/server/contract';
import { DOTS, type PaperWidth } from './profile.ts';

export type Align = 'center' | 'left';

export type Block =
  | { kind: 'text'; text: string; size: number; bold: boolean; align: Align; invert?: boolean }
  /** Label on the left, value on the right; the value moves under the label when both do not fit. */
  | { kind: 'pair'; label: string; value: string; size: number }
  | { kind: 'number'; text: string; size: number }
  | { kind: 'rule' }
  | { kind: 'space'; height: number }
  | { kind: 'qr'; data: string; moduleDots: number };

export interface TicketLayout {
  width: number;
  blocks: Block[];
}

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** dd/mm/yyyy HH:mm in Vietnam time, whatever the kiosk machine's time zone. */
export function ticketTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

const PRIORITY_VI: Record<string, string> = {
  elderly: 'Người cao tuổi',
  disabled: 'Người khuyết tật',
  pregnant: 'Phụ nữ mang thai',
  child_under_6: 'Người đi cùng trẻ dưới 6 tuổi',
  meritorious: 'Người có công với cách mạng',
};

function waitText(minutes: number | null): string {
  if (minutes === null) return 'chưa xác định';
  if (minutes < 1) return 'dưới 1 phút';
  return `khoảng ${minutes} phút`;
}

export function ticketLayout(job: PrintJob, paper: PaperWidth): TicketLayout {
  const width = DOTS[paper];
  // Narrow paper keeps text a little larger than the plain ratio: 2 mm letters stay readable.
  const s = Math.max(width / 576, 0.75);
  const px = (n: number) => Math.round(n * s);
  const { ticket, area, center, peopleAhead, estimatedWaitMinutes } = job.issued;
  const blocks: Block[] = [
    { kind: 'text', text: center.name.toUpperCase(), size: px(26), bold: true, align: 'center' },
    { kind: 'text', text: center.commune, size: px(24), bold: false, align: 'center' },
    { kind: 'rule' },
    { kind: 'text', text: 'SỐ THỨ TỰ', size: px(34), bold: true, align: 'center' },
    { kind: 'number', text: String(ticket.number), size: paper === 80 ? 200 : 150 },
    { kind: 'text', text: `Lĩnh vực: ${area.nameVi}`, size: px(30), bold: true, align: 'center' },
  ];
  if (ticket.priority !== 'none') {
    blocks.push(
      { kind: 'space', height: px(8) },
      { kind: 'text', text: ' ƯU TIÊN ', size: px(32), bold: true, align: 'center', invert: true },
      { kind: 'text', text: PRIORITY_VI[ticket.priority] ?? ticket.priority, size: px(24), bold: false, align: 'center' },
    );
  }
  blocks.push(
    { kind: 'rule' },
    { kind: 'pair', label: 'Thời gian lấy số:', value: ticketTime(ticket.issuedAt), size: px(24) },
    { kind: 'pair', label: 'Số người chờ trước:', value: String(peopleAhead), size: px(24) },
    { kind: 'pair', label: 'Thời gian chờ dự kiến:', value: waitText(estimatedWaitMinutes), size: px(24) },
    { kind: 'rule' },
    { kind: 'qr', data: job.trackingUrl, moduleDots: paper === 80 ? 5 : 4 },
    { kind: 'text', text: `Mã hồ sơ: ${ticket.dossierCode}`, size: px(24), bold: true, align: 'center' },
    { kind: 'text', text: `Mã tra cứu: ${ticket.trackingSecret}`, size: px(24), bold: false, align: 'center' },
    { kind: 'text', text: 'Quét mã QR để theo dõi lượt của Quý khách. Vui lòng chú ý màn hình và loa gọi số.', size: px(22), bold: false, align: 'center' },
    { kind: 'space', height: px(6) },
    { kind: 'text', text: 'Cảm ơn Quý khách!', size: px(28), bold: true, align: 'center' },
  );
  return { width, blocks };
}
