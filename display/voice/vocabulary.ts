// What the voice clips say: every number word, the words call templates are made of, and whole phrases of
// the usual templates (recorded as one clip each, so they sound like one breath).
import { NUMBER_VOCABULARY } from '../src/voice/words.ts';

/** Phrases of the common call wordings (DOMAIN: "Mời/Kính mời/Xin mời công dân có số (thứ tự) … đến quầy số …"). */
export const PHRASES = [
  'mời công dân có số',
  'kính mời công dân có số',
  'kính mời công dân có số thứ tự',
  'mời công dân có số thứ tự',
  'xin mời công dân số',
  'xin mời công dân có số',
  'mời công dân số',
  'đến quầy số',
  'đến quầy',
  'tới quầy số',
  'số thứ tự',
];

/** Single words, so a center may word its own template and still be spoken from clips. */
export const WORDS = [
  ...NUMBER_VOCABULARY,
  'mời',
  'kính',
  'xin',
  'công',
  'dân',
  'có',
  'số',
  'thứ',
  'tự',
  'đến',
  'tới',
  'quầy',
  'bàn',
  'phòng',
  'ông',
  'bà',
  'anh',
  'chị',
  'quý',
  'khách',
  'người',
  'vui',
  'lòng',
  'và',
  'tại',
  'làm',
  'thủ',
  'tục',
];

export const VOCABULARY = [...new Set([...PHRASES, ...WORDS])];
