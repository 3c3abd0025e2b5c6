// The QR code of the chip citizen ID card (căn cước công dân, CCCD; since 1 July 2024 "thẻ căn cước").
// Pure: the desk and the kiosk read it from a keyboard-wedge scanner's typed line; nothing here keeps it.
//
// The card's QR text is `id|old id|full name|ddmmyyyy (birth)|sex|address|ddmmyyyy (issue)`:
//  - 2021 chip card: exactly those 7 fields; the old id (9-digit CMND) may be empty;
//  - 2024+ card: the same first fields, the old id usually empty, and some cards carry more fields after the
//    issue date (or none after the address). No official public spec exists: the first six fields are
//    required, the issue date is read when present, anything after it is ignored.

export type CccdSex = 'Nam' | 'Nữ';

export interface CccdCard {
  /** The 12-digit personal identification number. */
  idNumber: string;
  /** The former 9-digit (or 12-digit) ID number, if the card carries it. */
  oldIdNumber: string | null;
  name: string;
  /** yyyy-MM-dd */
  birthDate: string;
  sex: CccdSex;
  address: string;
  /** yyyy-MM-dd, when the card carries it. */
  issueDate: string | null;
  /** 'chip-2021': exactly 7 fields; 'card-2024': 6 fields, or more than 7. */
  layout: 'chip-2021' | 'card-2024';
}

export type CccdProblem = 'empty' | 'foreign' | 'damaged';

export type CccdResult =
  { ok: true; card: CccdCard } | { ok: false; problem: CccdProblem; message: string; messageEn: string };

const refuse = (problem: CccdProblem, message: string, messageEn: string): CccdResult => ({
  ok: false,
  problem,
  message,
  messageEn,
});
const damaged = (what: string, whatEn: string) =>
  refuse(
    'damaged',
    `Mã QR thẻ căn cước bị hỏng hoặc đọc thiếu (${what}). Hãy quét lại.`,
    `The ID card QR is damaged or was read incompletely (${whatEn}). Scan again.`,
  );

/** ddmmyyyy → yyyy-MM-dd, or null when it is not a real calendar date (from 1900). */
export function cccdDate(s: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function sexOf(s: string): CccdSex | null {
  const v = s.normalize('NFC').trim().toLowerCase();
  if (v === 'nam' || v === 'male') return 'Nam';
  if (v === 'nữ' || v === 'nu' || v === 'female') return 'Nữ';
  return null;
}

/** Reads the text of a CCCD QR code; a damaged or foreign code gets a reason a person can act on. */
export function parseCccdQr(text: string): CccdResult {
  const raw = text
    .normalize('NFC')
    .replace(/[\r\n]+$/, '')
    .trim();
  if (!raw) return refuse('empty', 'Chưa đọc được mã QR nào.', 'No QR code was read.');
  const parts = raw.split('|').map((p) => p.trim());
  // Not ours at all: a link, a payment code, a ticket's QR, plain text.
  if (parts.length < 2 || !/^\d{9,12}$/.test(parts[0])) {
    return refuse(
      'foreign',
      'Đây không phải mã QR của thẻ căn cước công dân.',
      'This is not the QR code of a Vietnamese citizen ID card.',
    );
  }
  if (parts.length < 6) return damaged(`chỉ có ${parts.length} trường`, `only ${parts.length} fields`);
  if (parts.length > 12) return damaged('quá nhiều trường', 'too many fields');
  const [id, oldId, name, birth, sex, address, issue] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (!/^\d{12}$/.test(id)) return damaged('số định danh phải có 12 chữ số', 'the ID number must have 12 digits');
  if (oldId !== '' && !/^\d{9}(\d{3})?$/.test(oldId))
    return damaged('số CMND cũ không hợp lệ', 'the old ID number is not valid');
  if (!/^[\p{L}][\p{L}\p{M} .'-]{0,99}$/u.test(name)) return damaged('họ và tên', 'the name');
  const birthDate = cccdDate(birth);
  if (!birthDate) return damaged('ngày sinh', 'the date of birth');
  const sexValue = sexOf(sex);
  if (!sexValue) return damaged('giới tính', 'the sex');
  if (!address || address.length > 300) return damaged('nơi thường trú', 'the address');
  let issueDate: string | null = null;
  if (issue !== undefined && issue !== '') {
    issueDate = cccdDate(issue);
    if (!issueDate || issueDate < birthDate) return damaged('ngày cấp', 'the issue date');
  }
  return {
    ok: true,
    card: {
      idNumber: id,
      oldIdNumber: oldId || null,
      name: name.replace(/\s+/g, ' '),
      birthDate,
      sex: sexValue,
      address: address.replace(/\s+/g, ' '),
      issueDate,
      layout: parts.length === 7 ? 'chip-2021' : 'card-2024',
    },
  };
}

/** Whole years of age on a day (both yyyy-MM-dd): one is a year older on the birthday itself. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The Law on the Elderly: 60 years or more, counted on the day (60 exactly on the birthday counts). */
export const ELDERLY_AGE = 60;
export const isElderlyOn = (birthDate: string, day: string): boolean => ageOn(birthDate, day) >= ELDERLY_AGE;
