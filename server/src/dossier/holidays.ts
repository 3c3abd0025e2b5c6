// Vietnam's public holidays and make-up working days for civil servants (Labour Code 2019, art. 112, and the
// yearly notices of the Government Office / Ministry of Home Affairs). This is only the SEED of each province's
// calendar: the data lives in the database (calendar_years, calendar_days) and an administrator edits it in
// the console (PUT /api/calendar/:year). Tết follows the lunar calendar, so every year is listed.
// `off` are weekdays without service; `working` are weekend days worked to make up a bridge day.
import type { CalendarDay, CalendarYearBody } from '@luot/contract';

const off = (day: string, note: string): CalendarDay => ({ day, kind: 'off', note });
const worked = (day: string, note: string): CalendarDay => ({ day, kind: 'working', note });
const days = (list: string[], note: string) => list.map((d) => off(d, note));

export const NATIONAL_CALENDAR: Record<number, CalendarYearBody> = {
  2025: {
    status: 'verified',
    note: 'Thông báo nghỉ lễ, Tết năm 2025 của Bộ Nội vụ',
    days: [
      off('2025-01-01', 'Tết Dương lịch'),
      ...days(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], 'Tết Ất Tỵ (25/01–02/02)'),
      off('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
      off('2025-04-30', 'Ngày Giải phóng miền Nam'),
      off('2025-05-01', 'Quốc tế Lao động'),
      off('2025-05-02', 'Nghỉ bù, hoán đổi với thứ Bảy 26/04'),
      worked('2025-04-26', 'Làm bù cho ngày 02/05'),
      ...days(['2025-09-01', '2025-09-02'], 'Quốc khánh'),
    ],
  },
  2026: {
    status: 'verified',
    note: 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch: nghỉ 01–04/01, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01); Tết Bính Ngọ 14/02–22/02',
    days: [
      // Weekend days inside a break are listed too: a center open on Saturday mornings is closed then.
      ...days(['2026-01-01', '2026-01-03', '2026-01-04'], 'Tết Dương lịch (nghỉ 01–04/01)'),
      off('2026-01-02', 'Tết Dương lịch: hoán đổi, làm bù thứ Bảy 10/01/2026'),
      worked('2026-01-10', 'Làm bù cho thứ Sáu 02/01/2026'),
      ...days(
        [
          '2026-02-14',
          '2026-02-15',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-02-21',
          '2026-02-22',
        ],
        'Tết Bính Ngọ (14/02–22/02)',
      ),
      ...days(['2026-04-25', '2026-04-26'], 'Giỗ Tổ Hùng Vương (nghỉ 25–27/04)'),
      off('2026-04-27', 'Giỗ Tổ Hùng Vương (26/04 là Chủ nhật: nghỉ bù thứ Hai)'),
      off('2026-04-30', 'Ngày Giải phóng miền Nam'),
      off('2026-05-01', 'Quốc tế Lao động'),
      ...days(['2026-05-02', '2026-05-03'], 'Nghỉ lễ 30/04–03/05'),
      ...days(['2026-09-01', '2026-09-02'], 'Quốc khánh'),
    ],
  },
  2027: {
    status: 'to_verify',
    note: 'Cả năm theo lệ thường: chưa có thông báo của Chính phủ, cần đối chiếu',
    days: [
      off('2027-01-01', 'Tết Dương lịch'),
      ...days(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'], 'Tết Đinh Mùi (mùng 1 = 06/02)'),
      off('2027-04-16', 'Giỗ Tổ Hùng Vương'),
      off('2027-04-30', 'Ngày Giải phóng miền Nam'),
      off('2027-05-03', 'Quốc tế Lao động (01/05 là thứ Bảy: nghỉ bù)'),
      ...days(['2027-09-02', '2027-09-03'], 'Quốc khánh'),
    ],
  },
};
