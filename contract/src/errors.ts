// Every refusal the API can give: one machine code, its HTTP status, and the words shown to people.
export const ERRORS = {
  CENTER_NOT_FOUND: { status: 404, en: 'Unknown center', vi: 'Không tìm thấy trung tâm' },
  AREA_NOT_FOUND: { status: 404, en: 'Unknown service area', vi: 'Không tìm thấy lĩnh vực' },
  COUNTER_NOT_FOUND: { status: 404, en: 'Unknown counter', vi: 'Không tìm thấy quầy' },
  TICKET_NOT_FOUND: { status: 404, en: 'Unknown ticket', vi: 'Không tìm thấy số thứ tự' },
  KIOSK_NOT_FOUND: { status: 404, en: 'Unknown kiosk', vi: 'Không tìm thấy kiosk' },
  PRINT_NOT_REPRINTABLE: {
    status: 409,
    en: 'This ticket cannot be printed again now',
    vi: 'Không thể in lại phiếu này lúc này',
  },
  PRINTER_ALREADY_ATTACHED: {
    status: 409,
    en: 'Another print agent is attached to this kiosk or counter',
    vi: 'Kiosk hoặc quầy này đã có máy in khác kết nối',
  },
  COUNTER_NO_PRINTER: {
    status: 409,
    en: 'No thermal printer is attached to this counter: print the A4/A5 PDF, or start the counter’s print agent',
    vi: 'Quầy này chưa có máy in nhiệt kết nối: in bản PDF A4/A5, hoặc bật chương trình in của quầy',
  },
  COUNTER_CLOSED: { status: 409, en: 'The counter is not open', vi: 'Quầy chưa mở' },
  COUNTER_BUSY: {
    status: 409,
    en: 'The counter already has a ticket called or in service',
    vi: 'Quầy đang phục vụ một số khác',
  },
  COUNTER_IDLE: {
    status: 409,
    en: 'The counter has no ticket called or in service',
    vi: 'Quầy không có số nào đang gọi hoặc phục vụ',
  },
  COUNTER_NOT_PAUSED: { status: 409, en: 'The counter is not paused', vi: 'Quầy không ở trạng thái tạm dừng' },
  COUNTER_ALREADY_OPEN: { status: 409, en: 'The counter is already open', vi: 'Quầy đã mở' },
  NOTHING_WAITING: { status: 409, en: 'Nobody is waiting for this counter', vi: 'Không có công dân nào đang chờ' },
  AREA_CLOSED: { status: 409, en: 'The service area is closed today', vi: 'Lĩnh vực này đã ngừng nhận hồ sơ hôm nay' },
  AREA_NOT_SERVED: {
    status: 409,
    en: 'No counter is open for this service area',
    vi: 'Chưa có quầy nào mở cho lĩnh vực này',
  },
  AREA_FULL: {
    status: 409,
    en: 'All numbers of this service area are used today',
    vi: 'Đã hết số thứ tự của lĩnh vực này trong ngày',
  },
  AREA_NOT_AT_COUNTER: {
    status: 409,
    en: 'The counter does not serve that service area',
    vi: 'Quầy không phục vụ lĩnh vực này',
  },
  TICKET_STATE: {
    status: 409,
    en: 'The ticket is not in a state that allows this',
    vi: 'Số thứ tự không ở trạng thái cho phép thao tác này',
  },
  TICKET_NOT_AT_COUNTER: { status: 409, en: 'The ticket is not at this counter', vi: 'Số thứ tự không thuộc quầy này' },
  GRACE_EXPIRED: {
    status: 409,
    en: 'The no-show grace period is over',
    vi: 'Đã quá thời gian cho phép quay lại hàng chờ',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 422,
    en: 'This idempotency key was used for a different request',
    vi: 'Mã chống trùng đã dùng cho yêu cầu khác',
  },
  DOSSIER_NOT_FOUND: {
    status: 404,
    en: 'No dossier with this code and secret',
    vi: 'Không tìm thấy hồ sơ với mã và mã tra cứu này',
  },
  DOSSIER_EXISTS: {
    status: 409,
    en: 'A dossier was already received for this ticket',
    vi: 'Số thứ tự này đã được tiếp nhận hồ sơ',
  },
  DOSSIER_STATE: {
    status: 409,
    en: 'The dossier is not in a status that allows this',
    vi: 'Hồ sơ không ở trạng thái cho phép thao tác này',
  },
  PROCEDURE_NOT_FOUND: { status: 404, en: 'Unknown procedure', vi: 'Không tìm thấy thủ tục hành chính' },
  AUTHORITY_NOT_FOUND: { status: 404, en: 'Unknown competent authority', vi: 'Không tìm thấy cơ quan có thẩm quyền' },
  AUTHORITY_MISMATCH: {
    status: 422,
    en: 'This authority cannot handle this procedure',
    vi: 'Cơ quan này không có thẩm quyền giải quyết thủ tục này',
  },
  FIELD_INVALID: { status: 400, en: 'A field of the procedure is not valid', vi: 'Thông tin của thủ tục không hợp lệ' },
  APPLICANT_INVALID: {
    status: 400,
    en: 'The applicant is not complete or not consistent',
    vi: 'Thông tin người nộp hồ sơ chưa đầy đủ hoặc không hợp lệ',
  },
  NOT_READY: { status: 409, en: 'The result of this dossier is not ready', vi: 'Hồ sơ chưa có kết quả' },
  MISSING_FIELDS: {
    status: 422,
    en: 'Required fields of the procedure are missing',
    vi: 'Thiếu thông tin bắt buộc của thủ tục',
  },
  CATALOG_INVALID: { status: 400, en: 'The catalog file is not valid', vi: 'Tệp danh mục thủ tục không hợp lệ' },
  OUTBOX_NOT_FOUND: { status: 404, en: 'Unknown hand-off message', vi: 'Không tìm thấy bản tin gửi tỉnh' },
  OUTBOX_NOT_DEAD: {
    status: 409,
    en: 'Only a dead-lettered message can be retried',
    vi: 'Chỉ gửi lại được bản tin đã gửi thất bại',
  },
  BAD_SIGNATURE: { status: 401, en: 'The signature is missing or wrong', vi: 'Chữ ký không hợp lệ' },
  UNAUTHENTICATED: { status: 401, en: 'Sign in first', vi: 'Vui lòng đăng nhập' },
  BAD_CREDENTIALS: { status: 401, en: 'Wrong username or password', vi: 'Sai tên đăng nhập hoặc mật khẩu' },
  FORBIDDEN: {
    status: 403,
    en: 'Your role does not allow this',
    vi: 'Vai trò của bạn không được phép thực hiện thao tác này',
  },
  WRONG_CENTER: { status: 403, en: 'This belongs to another center', vi: 'Thao tác thuộc trung tâm khác' },
  NOT_YOUR_COUNTER: { status: 403, en: 'Another officer holds this counter', vi: 'Quầy đang do cán bộ khác phụ trách' },
  CSRF: {
    status: 403,
    en: 'Request refused: it did not come from this application',
    vi: 'Yêu cầu bị từ chối vì không gửi từ ứng dụng này',
  },
  OFFICER_AT_OTHER_COUNTER: {
    status: 409,
    en: 'You already hold another counter: leave it first',
    vi: 'Bạn đang phụ trách quầy khác, hãy rời quầy đó trước',
  },
  NOT_AN_OFFICER: {
    status: 422,
    en: 'No officer of this center has that username',
    vi: 'Không có cán bộ nào của trung tâm với tên đăng nhập này',
  },
  RATING_CLOSED: { status: 409, en: 'This ticket cannot be rated now', vi: 'Không thể đánh giá số thứ tự này' },
  ALREADY_RATED: { status: 409, en: 'This ticket was already rated', vi: 'Số thứ tự này đã được đánh giá' },
  BAD_RANGE: {
    status: 400,
    en: 'The date range is not valid (at most 366 days)',
    vi: 'Khoảng thời gian không hợp lệ (tối đa 366 ngày)',
  },
  BAD_TEMPLATE: {
    status: 422,
    en: 'The call template needs {number} and {counter}, and knows only {number}, {counter} and {area}',
    vi: 'Mẫu lời mời phải có {number} và {counter}, chỉ dùng {number}, {counter} và {area}',
  },
  NOTIFY_UNAVAILABLE: {
    status: 409,
    en: 'Text messages are not available here',
    vi: 'Trung tâm chưa hỗ trợ nhận thông báo qua tin nhắn',
  },
  PUSH_SERVICE_REFUSED: {
    status: 422,
    en: 'This browser’s push service is not supported',
    vi: 'Không hỗ trợ dịch vụ thông báo của trình duyệt này',
  },
  TOO_MANY_SUBSCRIPTIONS: {
    status: 409,
    en: 'This ticket already notifies the most devices allowed',
    vi: 'Số thứ tự này đã đăng ký thông báo cho số thiết bị tối đa',
  },
  TRACKING_ENDED: {
    status: 409,
    en: 'This ticket has nothing left to notify',
    vi: 'Số thứ tự này không còn gì để thông báo',
  },
  VALIDATION: { status: 400, en: 'The request is not valid', vi: 'Yêu cầu không hợp lệ' },
  MALFORMED_JSON: {
    status: 400,
    en: 'The request body is not valid JSON',
    vi: 'Nội dung yêu cầu không phải JSON hợp lệ',
  },
  BODY_TOO_LARGE: { status: 413, en: 'The request body is too large', vi: 'Nội dung yêu cầu quá lớn' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'Send JSON (Content-Type: application/json)',
    vi: 'Hãy gửi JSON (Content-Type: application/json)',
  },
  RATE_LIMITED: {
    status: 429,
    en: 'Too many requests, try again shortly',
    vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau giây lát',
  },
  NOT_FOUND: { status: 404, en: 'No such route', vi: 'Không có đường dẫn này' },
  CENTER_CLOSED_NOW: {
    status: 409,
    en: 'The center is not issuing tickets now',
    vi: 'Trung tâm hiện không cấp số thứ tự',
  },
  AREA_LAST_TICKET_PASSED: {
    status: 409,
    en: 'The last ticket of this service area for today has been issued',
    vi: 'Đã hết giờ lấy số của lĩnh vực này trong ngày',
  },
  PROVINCE_ADMIN_ONLY: {
    status: 403,
    en: 'Only a province administrator may change this',
    vi: 'Chỉ quản trị viên cấp tỉnh được thay đổi nội dung này',
  },
  HOURS_INVALID: { status: 400, en: 'The opening hours are not valid', vi: 'Giờ làm việc không hợp lệ' },
  CALENDAR_INVALID: { status: 400, en: 'The calendar year is not valid', vi: 'Lịch làm việc của năm không hợp lệ' },
  INTERNAL: { status: 500, en: 'Internal error', vi: 'Lỗi hệ thống' },
  SIGN_IN_LOCKED: {
    status: 429,
    en: 'Too many failed sign-ins: wait, sign in from a device you used before, or ask a manager to reset your password',
    vi: 'Đăng nhập sai quá nhiều lần: hãy chờ, đăng nhập từ thiết bị bạn đã dùng trước đây, hoặc nhờ quản lý đặt lại mật khẩu',
  },
  SIGN_IN_BUSY: {
    status: 503,
    en: 'Too many sign-ins at once, try again in a moment',
    vi: 'Quá nhiều lượt đăng nhập cùng lúc, vui lòng thử lại sau giây lát',
  },
  CONFIG_INVALID: { status: 400, en: 'The configuration is not valid', vi: 'Cấu hình không hợp lệ' },
  CONFIG_CONFLICT: {
    status: 409,
    en: 'The change conflicts with what exists or is in use',
    vi: 'Thay đổi xung đột với cấu hình hiện có hoặc đang được sử dụng',
  },
  ALREADY_EXISTS: { status: 409, en: 'It already exists', vi: 'Đã tồn tại' },
  STAFF_NOT_FOUND: { status: 404, en: 'Unknown staff account', vi: 'Không tìm thấy tài khoản cán bộ' },
  PROVINCE_FILE_INVALID: {
    status: 400,
    en: 'The province file is not valid',
    vi: 'Tệp cấu hình tỉnh không hợp lệ',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    en: 'Choose your own password first',
    vi: 'Vui lòng đổi mật khẩu trước khi tiếp tục',
  },
  WRONG_PASSWORD: { status: 400, en: 'The current password is wrong', vi: 'Mật khẩu hiện tại không đúng' },
  DEVICE_CREDENTIAL_REQUIRED: {
    status: 401,
    en: 'An enrolled kiosk (its device credential) or a signed-in staff member is needed',
    vi: 'Cần kiosk đã đăng ký (khóa thiết bị) hoặc cán bộ đã đăng nhập',
  },
  DEVICE_CREDENTIAL_INVALID: {
    status: 401,
    en: 'This device credential is unknown or revoked: pair the device again',
    vi: 'Khóa thiết bị không hợp lệ hoặc đã bị thu hồi: hãy ghép nối lại thiết bị',
  },
  DEVICE_WRONG_KIND: {
    status: 403,
    en: 'This device may not do this',
    vi: 'Thiết bị này không được phép thực hiện thao tác này',
  },
  DEVICE_NOT_FOUND: { status: 404, en: 'Unknown device', vi: 'Không tìm thấy thiết bị' },
  ALERT_NOT_FOUND: { status: 404, en: 'Unknown alert', vi: 'Không tìm thấy cảnh báo' },
  DEVICE_INVALID: {
    status: 400,
    en: 'The device is not valid (its counter or kiosk must be of the same center)',
    vi: 'Thiết bị không hợp lệ (quầy hoặc kiosk phải thuộc cùng trung tâm)',
  },
  PAIRING_CODE_INVALID: {
    status: 400,
    en: 'This pairing code is wrong, used or expired: ask for a new one',
    vi: 'Mã ghép nối sai, đã dùng hoặc đã hết hạn: hãy xin mã mới',
  },
  KIOSK_RATE_LIMITED: {
    status: 429,
    en: 'This kiosk issues too many tickets: wait a minute, or call technical staff',
    vi: 'Kiosk này lấy số quá nhanh: vui lòng chờ một phút hoặc báo nhân viên kỹ thuật',
  },
  // Online numbers and appointments (issue 12).
  PHONE_INVALID: {
    status: 400,
    en: 'This is not a Vietnamese mobile number (10 digits, starting with 0)',
    vi: 'Số điện thoại di động không hợp lệ (10 chữ số, bắt đầu bằng 0)',
  },
  OTP_UNAVAILABLE: {
    status: 503,
    en: 'Codes cannot be sent by text message now',
    vi: 'Hiện không gửi được mã xác thực qua tin nhắn',
  },
  OTP_SEND_FAILED: {
    status: 502,
    en: 'The code could not be sent, try again in a moment',
    vi: 'Chưa gửi được mã xác thực, vui lòng thử lại sau giây lát',
  },
  OTP_INVALID: { status: 400, en: 'The code is wrong', vi: 'Mã xác thực không đúng' },
  OTP_EXPIRED: {
    status: 400,
    en: 'The code has expired or was already used: ask for a new one',
    vi: 'Mã xác thực đã hết hạn hoặc đã được dùng: vui lòng lấy mã mới',
  },
  OTP_TOO_MANY_ATTEMPTS: {
    status: 429,
    en: 'Too many wrong codes: ask for a new one',
    vi: 'Nhập sai mã quá nhiều lần: vui lòng lấy mã mới',
  },
  DAILY_CAP_REACHED: {
    status: 409,
    en: 'You already hold the most numbers allowed per day',
    vi: 'Quý khách đã lấy đủ số lượt cho phép trong ngày',
  },
  ONLINE_NOT_OFFERED: {
    status: 409,
    en: 'This center does not offer online numbers for this service area now',
    vi: 'Trung tâm hiện không cấp số trực tuyến cho lĩnh vực này',
  },
  SLOT_TAKEN: {
    status: 409,
    en: 'This appointment time is no longer free, choose another',
    vi: 'Khung giờ này đã hết chỗ, vui lòng chọn khung giờ khác',
  },
  SLOT_OUTSIDE_HOURS: {
    status: 409,
    en: 'No appointments at this time: the center is closed (outside hours, a holiday or a day off)',
    vi: 'Không nhận lịch hẹn vào thời gian này: trung tâm không làm việc (ngoài giờ, ngày lễ hoặc ngày nghỉ)',
  },
  SLOT_BLOCKED: {
    status: 409,
    en: 'The center does not take appointments at this time',
    vi: 'Trung tâm không nhận lịch hẹn vào khung giờ này',
  },
  CHECKIN_INVALID: {
    status: 400,
    en: 'This code is not valid: show the QR of your number or appointment',
    vi: 'Mã không hợp lệ: vui lòng đưa mã QR của số thứ tự hoặc lịch hẹn',
  },
  CHECKIN_WRONG_CENTER: {
    status: 409,
    en: 'This number or appointment belongs to another center',
    vi: 'Số thứ tự hoặc lịch hẹn này thuộc trung tâm khác',
  },
  CHECKIN_DONE: {
    status: 409,
    en: 'This code was already used to check in',
    vi: 'Mã này đã được dùng để xác nhận có mặt',
  },
  CHECKIN_NOT_TODAY: {
    status: 409,
    en: 'This appointment is not for today',
    vi: 'Lịch hẹn này không phải hôm nay',
  },
  BOOKING_ENDED: {
    status: 409,
    en: 'This number or appointment is no longer active',
    vi: 'Số thứ tự hoặc lịch hẹn này không còn hiệu lực',
  },
  TICKET_NOT_CALLED: {
    status: 409,
    en: 'A dossier is received only for a ticket that has been called to a counter',
    vi: 'Chỉ tiếp nhận hồ sơ cho số thứ tự đã được gọi đến quầy',
  },
  DOSSIER_SEQUENCE_FULL: {
    status: 409,
    en: 'The day’s dossier numbers are used up (at most 9,999 a day per agency)',
    vi: 'Đã hết số hồ sơ trong ngày (tối đa 9.999 hồ sơ mỗi ngày cho một cơ quan)',
  },
  PAYMENT_UNAVAILABLE: {
    status: 409,
    en: 'Online payment is not offered here: pay the fees at the center',
    vi: 'Chưa hỗ trợ thanh toán trực tuyến: vui lòng nộp phí, lệ phí tại trung tâm',
  },
  PAYMENT_NOT_DUE: {
    status: 409,
    en: 'This dossier has no fees to pay now',
    vi: 'Hồ sơ này hiện không có khoản phí, lệ phí cần nộp',
  },
  PAYMENT_SIGNATURE_INVALID: {
    status: 400,
    en: "The payment gateway's answer is unsigned or its signature is wrong: nothing was recorded",
    vi: 'Kết quả thanh toán không có chữ ký hoặc chữ ký không hợp lệ: không ghi nhận',
  },
  PAYMENT_NOT_FOUND: {
    status: 404,
    en: 'No payment with this reference',
    vi: 'Không tìm thấy giao dịch thanh toán này',
  },
  PAYMENT_AMOUNT_MISMATCH: {
    status: 400,
    en: 'The amount paid is not the amount due: nothing was recorded',
    vi: 'Số tiền thanh toán không khớp số tiền phải nộp: không ghi nhận',
  },
  PAYMENT_REPLAYED: {
    status: 409,
    en: 'This payment was already recorded',
    vi: 'Giao dịch thanh toán này đã được ghi nhận trước đó',
  },
  PAYMENT_DOSSIER_STATE: {
    status: 409,
    en: 'The fees of this dossier are no longer due (paid already?): the payment was not applied, the center will refund it',
    vi: 'Hồ sơ không còn chờ nộp phí (có thể đã nộp): giao dịch không được ghi nhận, trung tâm sẽ hoàn tiền',
  },
  OUTBOX_INVALID: {
    status: 422,
    en: 'The corrected message is not valid for the provincial system',
    vi: 'Bản tin đã sửa không hợp lệ với hệ thống của tỉnh',
  },
  PRIVACY_REQUEST_NOT_FOUND: {
    status: 404,
    en: 'Unknown personal data request',
    vi: 'Không tìm thấy yêu cầu về dữ liệu cá nhân',
  },
  PRIVACY_SUBJECT_REQUIRED: {
    status: 400,
    en: "Give the person's ID number or phone number",
    vi: 'Cần số định danh hoặc số điện thoại của người yêu cầu',
  },
  PRIVACY_REQUEST_CLOSED: {
    status: 409,
    en: 'This request is already closed',
    vi: 'Yêu cầu này đã được xử lý xong',
  },
  PRIVACY_CORRECTION_REQUIRED: {
    status: 400,
    en: 'A correction request needs the corrected values',
    vi: 'Yêu cầu chỉnh sửa cần có thông tin đã chỉnh sửa',
  },
  FILE_TYPE_REFUSED: {
    status: 415,
    en: 'Only PDF, JPEG and PNG files are accepted (recognised by their content)',
    vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG (nhận biết theo nội dung tệp)',
  },
  FILE_TOO_LARGE: { status: 413, en: 'The file is larger than allowed', vi: 'Tệp lớn hơn dung lượng cho phép' },
  FILE_NOT_FOUND: { status: 404, en: 'Unknown file of this dossier', vi: 'Không tìm thấy tệp của hồ sơ này' },
  FEEDBACK_NOT_FOUND: { status: 404, en: 'Unknown feedback', vi: 'Không tìm thấy phản ánh, kiến nghị' },
  FEEDBACK_ANSWERED: {
    status: 409,
    en: 'This feedback has already been answered',
    vi: 'Phản ánh, kiến nghị này đã được trả lời',
  },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  messageVi: string;
  detail?: string;
}

/** The body of a refusal with this code (HTTP responses, socket replies, print-agent answers alike). */
export const errorBody = (code: ErrorCode, detail?: string): ErrorBody => ({
  statusCode: ERRORS[code].status,
  code,
  message: ERRORS[code].en,
  messageVi: ERRORS[code].vi,
  ...(detail ? { detail } : {}),
});
