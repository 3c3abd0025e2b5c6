// From a call to the words to say, and from words to the pre-generated clips that say them.
import { digitWords, MAX_READABLE, numberWords, type ReadingOptions } from './words.ts';

export interface SpeechOptions extends ReadingOptions {
  /** Read the ticket number digit by digit ("một không hai ba") instead of as a number. */
  digits?: boolean;
}

/** Lower case, NFC, no punctuation: the form clips are keyed by. */
export const normalizeWords = (text: string): string[] =>
  text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

/**
 * The spoken words of a call, from its text as shown ("Mời công dân có số 1023 đến quầy số 5", built by the
 * server from the center's template): the words as written, every number as Vietnamese words, the ticket
 * number digit by digit when asked.
 */
export function callWords(text: string, ticketNumber: number, options: SpeechOptions = {}): string[] {
  return normalizeWords(text).flatMap((word) => {
    if (!/^\d+$/.test(word)) return [word];
    const n = Number(word);
    if (options.digits && n === ticketNumber) return digitWords(n);
    return n <= MAX_READABLE ? numberWords(n, options) : digitWords(n);
  });
}

/**
 * The clips that say `words`, preferring the longest recorded phrase at each point (whole phrases sound
 * more natural than words joined one by one). null when some word has no clip: the caller falls back.
 */
export function clipsFor(words: string[], has: (key: string) => boolean, longestPhrase = 8): string[] | null {
  const clips: string[] = [];
  for (let i = 0; i < words.length; ) {
    let taken = 0;
    for (let len = Math.min(longestPhrase, words.length - i); len > 0; len--) {
      if (has(words.slice(i, i + len).join(' '))) {
        taken = len;
        break;
      }
    }
    if (taken === 0) return null;
    clips.push(words.slice(i, i + taken).join(' '));
    i += taken;
  }
  return clips;
}
