// Plays announcements with no network: a synthesized chime, then the pre-generated clips joined in order
// (see voice/make-voice.ts), or the browser's own Vietnamese voice when asked for and present.
import spriteUrl from './vi.ogg?url';
import sprite from './vi.json';
import type { Via } from '../announcement.ts';
import { clipsFor } from './phrase.ts';

const CLIPS: Record<string, number[]> = sprite.clips;
export const hasClip = (key: string) => Object.hasOwn(CLIPS, key);

const WORD_GAP = 0.04; // seconds between joined clips
const REPEAT_GAP = 0.8; // seconds between the two readings of a call

export type VoiceMode = 'clips' | 'browser' | 'off';

export class Voice {
  private ctx: AudioContext | null = null;
  private buffer: Promise<AudioBuffer | null> | null = null;

  constructor(private readonly mode: VoiceMode) {
    if (mode === 'off' || typeof AudioContext === 'undefined') return;
    this.ctx = new AudioContext();
    this.buffer = fetch(spriteUrl)
      .then((res) => (res.ok ? res.arrayBuffer() : Promise.reject(new Error(`voice clips: HTTP ${res.status}`))))
      .then((data) => this.ctx!.decodeAudioData(data))
      .catch((err) => {
        console.error('luot display: voice clips unavailable', err);
        return null;
      });
  }

  /** True while the browser holds audio back until a user gesture (autoplay policy). */
  get blocked(): boolean {
    return this.ctx?.state === 'suspended';
  }

  /** Called on any key press or touch: lets audio start where the autoplay policy wanted a gesture. */
  unlock() {
    void this.ctx?.resume();
  }

  /** A two-tone "ding-dong" before each call. */
  async chime(): Promise<boolean> {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return false;
    const t0 = ctx.currentTime + 0.05;
    let last: OscillatorNode | null = null;
    for (const [i, freq] of [659.25, 523.25].entries()) {
      const start = t0 + i * 0.55;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.6, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 1.1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 1.15);
      last = osc;
    }
    await ended(last!, 2);
    return true;
  }

  /**
   * Says `words` `repeat` times. Words with no clip are skipped rather than the whole call lost (numbers
   * always have clips); `clips` in the result tells what was played.
   */
  async say(text: string, words: string[], repeat: number): Promise<{ via: Via; clips: string[] }> {
    if (this.mode === 'browser' && (await this.speakWithBrowser(text, repeat))) return { via: 'browser', clips: [] };
    const ctx = this.ctx;
    const buffer = await this.buffer;
    if (!ctx || !buffer || ctx.state !== 'running') return { via: 'none', clips: [] };
    const clips = clipsFor(words, hasClip) ?? words.filter(hasClip);
    let at = ctx.currentTime + 0.05;
    let last: AudioBufferSourceNode | null = null;
    for (let r = 0; r < repeat; r++) {
      if (r > 0) at += REPEAT_GAP;
      for (const key of clips) {
        const [offset, duration] = CLIPS[key];
        const source = ctx.createBufferSource();
        source.buffer = buffer;
        source.connect(ctx.destination);
        source.start(at, offset, duration);
        at += duration + WORD_GAP;
        last = source;
      }
    }
    if (last) await ended(last, at - ctx.currentTime + 1);
    return { via: 'clips', clips };
  }

  private async speakWithBrowser(text: string, repeat: number): Promise<boolean> {
    if (typeof speechSynthesis === 'undefined') return false;
    // Only a voice on this machine: a network voice would fall silent with the internet.
    const voice = speechSynthesis.getVoices().find((v) => v.localService && v.lang.toLowerCase().replace('_', '-').startsWith('vi'));
    if (!voice) return false;
    for (let r = 0; r < repeat; r++) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      const done = new Promise<void>((resolve) => {
        utterance.onend = () => resolve();
        utterance.onerror = () => resolve();
      });
      speechSynthesis.speak(utterance);
      // Some engines never fire onend: do not let one utterance stall the queue.
      await Promise.race([done, sleep(text.length * 150 + 3000)]);
    }
    return true;
  }
}

function ended(node: AudioScheduledSourceNode, atMostSeconds: number): Promise<void> {
  return Promise.race([new Promise<void>((resolve) => node.addEventListener('ended', () => resolve(), { once: true })), sleep(atMostSeconds * 1000)]);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
