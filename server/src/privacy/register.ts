// The register of personal data luot holds (Law 91/2025/QH15): what, why, on what legal basis, where, how long.
// One line per kind; the figures (rows held and anonymised) are added per request from the store.
import type { RegisterEntry, RetentionKind } from '@luot/contract';

type Line = Omit<RegisterEntry, 'retentionDays' | 'held' | 'anonymised'> & { counts: string };

const LAW = {
  vi: 'Nghĩa vụ pháp lý (giải quyết thủ tục hành chính)',
  en: 'Legal obligation (administrative procedures)',
};
const CONSENT = { vi: 'Sự đồng ý của chủ thể dữ liệu', en: "The data subject's consent" };

export const REGISTER: readonly Line[] = [
  {
    id: 'applicant',
    data: {
      vi: 'Người nộp hồ sơ: họ tên, số định danh (CCCD), điện thoại, email, địa chỉ, ngày sinh, giới tính',
      en: 'The applicant: name, ID number (CCCD), phone, email, address, birth date, sex',
    },
    purpose: {
      vi: 'Tiếp nhận, chuyển và trả kết quả hồ sơ; giấy tiếp nhận và hẹn trả',
      en: 'Receiving, handing off and returning dossiers; the receipt',
    },
    basis: 'legal_obligation',
    basisText: LAW,
    where: ['dossiers.applicant'],
    retention: 'applicant',
    retentionText: {
      vi: 'Ẩn danh sau khi trả kết quả (hoặc rút, dừng, không tiếp nhận)',
      en: 'Anonymised after the result is returned (or the dossier withdrawn, stopped, not accepted)',
    },
    counts: 'applicant',
  },
  {
    id: 'documents',
    data: {
      vi: 'Thông tin kê khai theo thủ tục, ghi chú, địa chỉ nhận qua bưu chính, tệp hồ sơ, phản ánh và trả lời',
      en: "The procedure's declared values, notes, the postal delivery, the dossier's files, feedback and answers",
    },
    purpose: { vi: 'Giải quyết hồ sơ và trả kết quả', en: 'Processing the dossier and returning its result' },
    basis: 'legal_obligation',
    basisText: LAW,
    where: [
      'dossiers.fields',
      'dossiers.notes',
      'dossiers.delivery',
      'dossier_steps.note',
      'province_updates.note',
      'dossier_files',
      'file_blobs',
      'feedback.content',
      'feedback.answer',
    ],
    retention: 'documents',
    retentionText: { vi: 'Xóa sau khi hồ sơ kết thúc', en: 'Deleted after the dossier closed' },
    counts: 'documents',
  },
  {
    id: 'phones',
    data: {
      vi: 'Số điện thoại và địa chỉ Web Push để báo sắp đến lượt và tiến độ hồ sơ',
      en: 'Phone numbers and Web Push endpoints for "your turn is near" and dossier progress',
    },
    purpose: { vi: 'Gửi thông báo người dân đã đăng ký', en: 'Notifications the citizen asked for' },
    basis: 'consent',
    basisText: CONSENT,
    where: ['notify_subscriptions.address', 'notify_subscriptions.p256dh', 'notify_subscriptions.auth'],
    retention: 'phones',
    retentionText: {
      vi: 'Xóa khi số đã qua ngày và hồ sơ (nếu có) đã kết thúc',
      en: "Deleted once the ticket's day passed and its dossier (if any) closed",
    },
    counts: 'phones',
  },
  {
    id: 'ticketLinks',
    data: {
      vi: 'Liên kết số thứ tự với người: mã băm số điện thoại của số trực tuyến và lịch hẹn, mã OTP, nhận xét khi đánh giá',
      en: 'Links of tickets to people: the keyed digest of the phone of online numbers and appointments, one-time codes, rating comments',
    },
    purpose: {
      vi: 'Lấy số trực tuyến, đặt và đổi lịch hẹn, xác nhận tại kiosk',
      en: 'Online numbers, booking and moving appointments, check-in at the kiosk',
    },
    basis: 'consent',
    basisText: CONSENT,
    where: [
      'citizen_tickets.phone_digest',
      'appointments.phone_digest',
      'appointments.phone_hint',
      'citizen_codes',
      'privacy_consents.phone_digest',
      'ratings.comment',
    ],
    retention: 'ticketLinks',
    retentionText: { vi: 'Xóa sau ngày phục vụ', en: 'Erased after the service day' },
    counts: 'ticketLinks',
  },
  {
    id: 'logs',
    data: {
      vi: 'Bản tin gửi hệ thống tỉnh (chứa thông tin hồ sơ) và nhật ký đồng bộ',
      en: 'Messages sent to the provincial system (holding the dossier) and the sync log',
    },
    purpose: { vi: 'Chuyển hồ sơ lên tỉnh và đối soát', en: 'Hand-off to the province and reconciliation' },
    basis: 'legal_obligation',
    basisText: LAW,
    where: [
      'outbox.payload',
      'outbox.last_error',
      'handoff_attempts.detail',
      'privacy_requests.id_number',
      'privacy_requests.phone',
    ],
    retention: 'logs',
    retentionText: { vi: 'Xóa nội dung sau khi đã gửi', en: 'Contents cleared once delivered' },
    counts: 'logs',
  },
  {
    id: 'consents',
    data: {
      vi: 'Bằng chứng đồng ý: mục đích, thời điểm, nội dung đã hiển thị, phiên bản, kênh (không lưu số điện thoại)',
      en: 'Proof of consent: purpose, time, the words shown, their version, channel (without the phone number)',
    },
    purpose: { vi: 'Chứng minh sự đồng ý', en: 'Proving consent' },
    basis: 'legal_obligation',
    basisText: {
      vi: 'Nghĩa vụ chứng minh sự đồng ý (Luật 91/2025/QH15)',
      en: 'Duty to prove consent (Law 91/2025/QH15)',
    },
    where: ['notify_consents', 'privacy_consents'],
    retention: null,
    retentionText: {
      vi: 'Lưu làm bằng chứng; không chứa dữ liệu liên lạc',
      en: 'Kept as proof; holds no contact data',
    },
    counts: 'consents',
  },
];

export type RetentionDays = Record<RetentionKind, number>;
