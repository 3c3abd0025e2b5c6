// Public holidays of Vietnam as data, per year (Labour Code 2019, art. 112, and the yearly notices of the
// Ministry of Home Affairs for civil servants). Tết follows the lunar calendar, so every year is listed.
// `off` are weekdays without service; `workingWeekends` are Saturdays worked to make up a bridge day.
// Entries marked unverified follow the usual pattern and must be checked against that year's notice.

export interface HolidayYear {
  off: string[];
  workingWeekends: string[];
  unverified?: string;
}

export const HOLIDAYS: Record<number, HolidayYear> = {
  2025: {
    off: [
      '2025-01-01', // Tết Dương lịch
      '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // Tết Ất Tỵ (25/01–02/02)
      '2025-04-07', // Giỗ Tổ Hùng Vương (10/3 âm lịch)
      '2025-04-30', '2025-05-01', '2025-05-02', // Giải phóng miền Nam, Quốc tế Lao động (+ bridge day)
      '2025-09-01', '2025-09-02', // Quốc khánh
    ],
    workingWeekends: ['2025-04-26'], // made up for 02/05
  },
  2026: {
    off: [
      '2026-01-01',
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // Tết Bính Ngọ (14/02–22/02)
      '2026-04-27', // Giỗ Tổ Hùng Vương falls on Sunday 26/04: the next Monday off
      '2026-04-30', '2026-05-01',
      '2026-09-01', '2026-09-02',
    ],
    workingWeekends: [],
    unverified: 'the day added to Quốc khánh (01/09 or 03/09)',
  },
  2027: {
    off: [
      '2027-01-01',
      '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', // Tết Đinh Mùi (mùng 1 = 06/02)
      '2027-04-16', // Giỗ Tổ Hùng Vương
      '2027-04-30', '2027-05-03', // 01/05 falls on Saturday
      '2027-09-02', '2027-09-03',
    ],
    workingWeekends: [],
    unverified: 'the whole year: the government notice is not out yet',
  },
};
