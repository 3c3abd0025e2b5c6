// Pre-generates the offline voice: one clip per phrase and word of the vocabulary, spoken by espeak-ng's
// Vietnamese voice, trimmed, and packed into one Opus sprite (src/voice/vi.ogg) with its index (vi.json).
// Run once after changing the vocabulary: `npx tsx display/voice/make-voice.ts` (needs espeak-ng, sox,
// opus-tools; the output is committed, so neither the build nor the displays need them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VOCABULARY } from './vocabulary.ts';

const VOICE = process.env.LUOT_VOICE ?? 'vi';
const SPEED = '135'; // words per minute: slower than espeak's 175, as callers speak in a hall
const RATE = 16_000;
const GAP = 0.12; // silence around each clip, so a decoder's few samples of drift never clip a word
const OUT = new URL('../src/voice/', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'luot-voice-'));
const pcm: Buffer[] = [];
const clips: Record<string, [number, number]> = {};
const silence = Buffer.alloc(Math.round(GAP * RATE) * 2);
let samples = 0;
const push = (buf: Buffer) => {
  pcm.push(buf);
  samples += buf.length / 2;
};

try {
  push(silence);
  for (const [i, text] of VOCABULARY.entries()) {
    const wav = join(dir, `${i}.wav`);
    const raw = join(dir, `${i}.raw`);
    execFileSync('espeak-ng', ['-v', VOICE, '-s', SPEED, '-w', wav, text]);
    // Mono 16 kHz signed 16-bit, leading and trailing silence cut.
    execFileSync('sox', [
      wav,
      '-r',
      String(RATE),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-t',
      'raw',
      raw,
      'silence',
      '1',
      '0.005',
      '0.1%',
      'reverse',
      'silence',
      '1',
      '0.005',
      '0.1%',
      'reverse',
      'norm',
      '-1',
    ]);
    const clip = readFileSync(raw);
    if (clip.length === 0) throw new Error(`espeak-ng said nothing for "${text}"`);
    clips[text] = [round(samples / RATE), round(clip.length / 2 / RATE)];
    push(clip);
    push(silence);
  }
  const all = join(dir, 'all.raw');
  const wav = join(dir, 'all.wav');
  writeFileSync(all, Buffer.concat(pcm));
  execFileSync('sox', ['-t', 'raw', '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', all, wav]);
  execFileSync('opusenc', [
    '--quiet',
    '--bitrate',
    '24',
    '--comp',
    '10',
    '--title',
    'luot voice (espeak-ng vi)',
    wav,
    join(OUT, 'vi.ogg'),
  ]);
  writeFileSync(
    join(OUT, 'vi.json'),
    `${JSON.stringify({ voice: `espeak-ng ${VOICE} ${SPEED} wpm`, clips }, null, 0)}\n`,
  );
  console.log(`${VOCABULARY.length} clips, ${round(samples / RATE)} s → ${OUT}vi.ogg`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function round(seconds: number) {
  return Math.round(seconds * 1000) / 1000;
}
