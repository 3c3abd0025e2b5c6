// How the displays read numbers and calls aloud, and that the committed clips cover every word they need.
import { describe, expect, it } from 'vitest';
import sprite from '../../display/src/voice/vi.json';
import { callWords, clipsFor, normalizeWords } from '../../display/src/voice/phrase.ts';
import { digitWords, MAX_READABLE, NUMBER_VOCABULARY, numberWords } from '../../display/src/voice/words.ts';
import { VOCABULARY } from '../../display/voice/vocabulary.ts';

const say = (n: number, odd?: 'linh' | 'lẻ') => numberWords(n, { odd }).join(' ');

describe('Vietnamese number words', () => {
  it.each([
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [55, 'năm mươi lăm'],
    [91, 'chín mươi mốt'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm linh một'],
    [1005, 'một nghìn không trăm linh năm'],
    [1010, 'một nghìn không trăm mười'],
    [1015, 'một nghìn không trăm mười lăm'],
    [1023, 'một nghìn không trăm hai mươi ba'],
    [1100, 'một nghìn một trăm'],
    [1999, 'một nghìn chín trăm chín mươi chín'],
    [2011, 'hai nghìn không trăm mười một'],
    [7001, 'bảy nghìn không trăm linh một'],
    [10_000, 'mười nghìn'],
    [21_000, 'hai mươi mốt nghìn'],
    [105_000, 'một trăm linh năm nghìn'],
    [1_000_000, 'một triệu'],
    [1_000_023, 'một triệu không trăm hai mươi ba'],
    [1_250_005, 'một triệu hai trăm năm mươi nghìn không trăm linh năm'],
  ])('%i → %s', (n, words) => {
    expect(say(n)).toBe(words);
  });

  it('says "lẻ" for an empty tens place when asked (Southern reading)', () => {
    expect(say(105, 'lẻ')).toBe('một trăm lẻ năm');
    expect(say(1001, 'lẻ')).toBe('một nghìn không trăm lẻ một');
  });

  it('reads digit by digit', () => {
    expect(digitWords(1023).join(' ')).toBe('một không hai ba');
  });

  it('refuses what it cannot read', () => {
    for (const n of [-1, 1.5, MAX_READABLE + 1, Number.NaN]) expect(() => numberWords(n)).toThrow(RangeError);
  });

  it('uses only words of its vocabulary', () => {
    for (let n = 0; n <= 12_000; n++) for (const w of numberWords(n)) expect(NUMBER_VOCABULARY).toContain(w);
  });
});

describe('call words and clips', () => {
  const has = (key: string) => Object.hasOwn(sprite.clips, key);

  it('turns the shown text into words, numbers spoken', () => {
    expect(callWords('Mời công dân có số 1023 đến quầy số 5', 1023).join(' ')).toBe(
      'mời công dân có số một nghìn không trăm hai mươi ba đến quầy số năm',
    );
    expect(callWords('Mời công dân có số 1023 đến quầy số 5', 1023, { digits: true }).join(' ')).toBe(
      'mời công dân có số một không hai ba đến quầy số năm',
    );
    expect(normalizeWords('Kính mời: CÔNG DÂN, số…')).toEqual(['kính', 'mời', 'công', 'dân', 'số']);
  });

  it('prefers whole recorded phrases and falls back to words', () => {
    const words = callWords('Mời công dân có số 1023 đến quầy số 5', 1023);
    expect(clipsFor(words, has)).toEqual([
      'mời công dân có số',
      'một',
      'nghìn',
      'không',
      'trăm',
      'hai',
      'mươi',
      'ba',
      'đến quầy số',
      'năm',
    ]);
    expect(clipsFor(callWords('Kính mời công dân có số thứ tự 21 đến quầy số 3', 21), has)).toEqual([
      'kính mời công dân có số thứ tự',
      'hai',
      'mươi',
      'mốt',
      'đến quầy số',
      'ba',
    ]);
    expect(clipsFor(callWords('Mời ông bà số 7 tới bàn 2', 7), has)).toEqual([
      'mời',
      'ông',
      'bà',
      'số',
      'bảy',
      'tới',
      'bàn',
      'hai',
    ]);
    expect(clipsFor(['mời', 'hocsinh'], has)).toBeNull();
  });

  it('has a clip, with a real duration, for every word and phrase of the vocabulary', () => {
    expect(Object.keys(sprite.clips).sort()).toEqual([...VOCABULARY].sort());
    let end = 0;
    for (const [start, duration] of Object.values(sprite.clips)) {
      expect(start).toBeGreaterThanOrEqual(end); // clips do not overlap
      expect(duration).toBeGreaterThan(0.1);
      end = start + duration;
    }
  });
});
