// The typed fields of a procedure (date, number, ID number, phone, choice, text): how a value is checked and
// written down. Pure, shared by the server (which decides) and the console (which helps before sending).

export const FIELD_TYPES = ['text', 'date', 'number', 'idNumber', 'phone', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_HINTS: Record<FieldType, { vi: string; en: string }> = {
  text: { vi: 'văn bản', en: 'text' },
  date: { vi: 'ngày theo dạng dd/mm/yyyy', en: 'a date as dd/mm/yyyy' },
  number: { vi: 'một số', en: 'a number' },
  idNumber: { vi: 'số định danh cá nhân gồm 12 chữ số', en: 'a 12-digit personal ID number' },
  phone: {
    vi: 'số điện thoại Việt Nam (10 chữ số, bắt đầu bằng 0, hoặc +84)',
    en: 'a Vietnamese phone number (10 digits from 0, or +84)',
  },
  choice: { vi: 'một trong các lựa chọn', en: 'one of the options' },
};

export interface TypedField {
  label: string;
  type?: FieldType;
  options?: string[];
}

export type FieldCheck = { ok: true; value: string } | { ok: false; reason: string; reasonEn: string };

const bad = (type: FieldType, extra = ''): FieldCheck => ({
  ok: false,
  reason: `phải là ${FIELD_TYPE_HINTS[type].vi}${extra}`,
  reasonEn: `must be ${FIELD_TYPE_HINTS[type].en}${extra}`,
});

/** dd/mm/yyyy (also d/m/yyyy, with "-" or ".", or yyyy-MM-dd from a date picker): the day as dd/mm/yyyy, or null if it is not a real date. */
export function normaliseDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const m = iso ? [iso[0], iso[3], iso[2], iso[1]] : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/**
 * Checks one value against its field's type and returns it as it is kept: dates as dd/mm/yyyy, numbers
 * without grouping (Vietnamese "1.500.000" → "1500000", decimal comma "2,5" → "2.5"), phones without spaces.
 */
export function checkFieldValue(field: TypedField, input: string): FieldCheck {
  const value = input.normalize('NFC').trim();
  const type = field.type ?? 'text';
  switch (type) {
    case 'text':
      return { ok: true, value };
    case 'date': {
      const day = normaliseDate(value);
      return day ? { ok: true, value: day } : bad(type, ` (nhận được "${value.slice(0, 40)}")`);
    }
    case 'number': {
      const compact = value.replace(/\s/g, '');
      if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(compact) || /^\d+(,\d+)?$/.test(compact))
        return { ok: true, value: compact.replace(/\./g, '').replace(',', '.') };
      if (/^\d+\.\d{1,2}$/.test(compact)) return { ok: true, value: compact };
      return bad(type);
    }
    case 'idNumber':
      return /^\d{12}$/.test(value) ? { ok: true, value } : bad(type);
    case 'phone': {
      const compact = value.replace(/[\s.-]/g, '');
      return /^(0\d{9}|\+84\d{9})$/.test(compact) ? { ok: true, value: compact } : bad(type);
    }
    case 'choice': {
      const options = field.options ?? [];
      const found = options.find((o) => o.normalize('NFC').toLowerCase() === value.toLowerCase());
      return found ? { ok: true, value: found } : bad(type, `: ${options.join(', ')}`);
    }
  }
}
