// Vietnamese numbers as spoken words, as a caller reads a ticket number aloud:
// 1023 → "một nghìn không trăm hai mươi ba", 21 → "hai mươi mốt", 15 → "mười lăm", 105 → "một trăm linh năm".
// Pure: the clip player, the unit tests and the clip generator share it.

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

export interface ReadingOptions {
  /** The word for an empty tens place before a unit: "linh" (Northern, formal) or "lẻ" (Southern). */
  odd?: 'linh' | 'lẻ';
}

/** Reads a group of three digits; `full` when a higher group precedes it ("không trăm …" is said). */
function readGroup(n: number, full: boolean, odd: string): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(DIGITS[hundreds], 'trăm');
  if (tens === 0) {
    if (units === 0) return words;
    if (words.length > 0) words.push(odd); // 105 → một trăm linh năm
    words.push(DIGITS[units]); // after "linh" a five stays "năm", a one stays "một"
    return words;
  }
  if (tens === 1) words.push('mười');
  else words.push(DIGITS[tens], 'mươi');
  if (units === 1) words.push(tens === 1 ? 'một' : 'mốt'); // 11 mười một, 21 hai mươi mốt
  else if (units === 4) words.push(tens === 1 ? 'bốn' : 'tư'); // 14 mười bốn, 24 hai mươi tư
  else if (units === 5) words.push('lăm'); // 15 mười lăm, 25 hai mươi lăm
  else if (units > 0) words.push(DIGITS[units]);
  return words;
}

const SCALES = ['', 'nghìn', 'triệu'] as const;
export const MAX_READABLE = 999_999_999;

/** The words of a whole number 0…999 999 999. */
export function numberWords(n: number, options: ReadingOptions = {}): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_READABLE) throw new RangeError(`cannot read ${n} aloud`);
  if (n === 0) return ['không'];
  const odd = options.odd ?? 'linh';
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.unshift(rest % 1000);
  const words: string[] = [];
  groups.forEach((group, i) => {
    if (group === 0) return; // 1 000 000 → một triệu; 1 000 023 → một triệu không trăm hai mươi ba
    words.push(...readGroup(group, i > 0, odd));
    const scale = SCALES[groups.length - 1 - i];
    if (scale) words.push(scale);
  });
  return words;
}

/** Digit by digit, the other common way to read a ticket: 1023 → "một không hai ba". */
export function digitWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cannot read ${n} aloud`);
  return [...String(n)].map((d) => DIGITS[Number(d)]);
}

/** Every word a number can be read with: the clip set must hold each. */
export const NUMBER_VOCABULARY = [...DIGITS, 'mười', 'mươi', 'mốt', 'tư', 'lăm', 'trăm', 'linh', 'lẻ', 'nghìn', 'triệu'] as const;
