// The hand-off to the province in a manager's words: the circuit breaker, the kind of message, and what a
// delivery error means (the raw error stays beside it for whoever fixes the link).
import type { HandoffAttempt, HandoffStatus, OutboxEntry } from '@luot/contract';

export const CIRCUIT: Record<HandoffStatus['circuit'], { label: string; tone: 'ok' | 'warn' | 'bad'; hint: string }> = {
  closed: { label: 'Thông suốt', tone: 'ok', hint: 'Hồ sơ được chuyển ngay khi tiếp nhận.' },
  open: {
    label: 'Tạm ngắt',
    tone: 'bad',
    hint: 'Hệ thống tỉnh lỗi nhiều lần liên tiếp: tạm ngừng gửi và tự thử lại sau ít phút. Hồ sơ vẫn được lưu, sẽ gửi khi kết nối lại.',
  },
  half_open: {
    label: 'Chờ thử lại',
    tone: 'warn',
    hint: 'Hết thời gian tạm ngắt: bản tin tiếp theo được gửi thử để kiểm tra hệ thống tỉnh.',
  },
};

export const KIND: Record<OutboxEntry['kind'], string> = {
  dossier: 'Chuyển hồ sơ',
  progress: 'Báo tiến độ',
  document: 'Gửi tệp hồ sơ',
  feedback: 'Phản ánh, kiến nghị',
};

/** How an attempt of the sync log ended. */
export const OUTCOME: Record<HandoffAttempt['outcome'], { label: string; tone: 'ok' | 'warn' | 'bad' }> = {
  delivered: { label: 'Đã nhận', tone: 'ok' },
  retry: { label: 'Lỗi, sẽ gửi lại', tone: 'warn' },
  dead: { label: 'Gửi thất bại', tone: 'bad' },
};

/** What went wrong, from the messages of the province client (server/src/handoff/client.ts). */
export function explainError(error: string): string {
  if (/no answer within/.test(error)) return 'Hệ thống tỉnh không trả lời kịp';
  if (/HTTP (5\d\d|408|429)\b/.test(error)) return 'Hệ thống tỉnh đang lỗi hoặc quá tải';
  if (/HTTP 4\d\d\b|: error \S+/.test(error)) return 'Hệ thống tỉnh từ chối bản tin';
  if (/not JSON|no token/.test(error)) return 'Hệ thống tỉnh trả lời sai định dạng';
  if (/: ([A-Z][A-Z_]+|fetch failed|other side closed)$/.test(error)) return 'Không kết nối được hệ thống tỉnh';
  return 'Lỗi khi gửi';
}
