// The words of a queue ticket, shared by the printed paper (printer/src/layout.ts) and the kiosk's screen in
// Vietnamese, so that the screen and the paper say the same, line for line.
import type { PriorityClass } from './model.ts';

export const TICKET_VI = {
  heading: 'SỐ THỨ TỰ',
  area: 'Lĩnh vực',
  priorityMark: 'ƯU TIÊN',
  issuedAt: 'Thời gian lấy số',
  peopleAhead: 'Số người chờ trước',
  expectedWait: 'Thời gian chờ dự kiến',
  dossierCode: 'Mã hồ sơ',
  trackingSecret: 'Mã tra cứu',
  /** Under the QR code. */
  qrLine: 'Quét mã QR để theo dõi lượt của Quý khách. Vui lòng chú ý màn hình và loa gọi số.',
  thanks: 'Cảm ơn Quý khách!',
  priority: {
    none: 'Không ưu tiên',
    elderly: 'Người cao tuổi',
    disabled: 'Người khuyết tật',
    pregnant: 'Phụ nữ mang thai',
    child_under_6: 'Người đi cùng trẻ dưới 6 tuổi',
    meritorious: 'Người có công với cách mạng',
  } satisfies Record<PriorityClass, string>,
} as const;

/** The expected wait as the ticket says it. */
export function waitTextVi(minutes: number | null): string {
  if (minutes === null) return 'chưa ước tính được (chưa có quầy đang phục vụ)';
  if (minutes < 1) return 'dưới 1 phút';
  return `khoảng ${minutes} phút`;
}
