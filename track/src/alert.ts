// Getting the citizen's attention when called: a chime (Web Audio, no file to download) and a vibration, where the
// phone allows. Browsers let a page make sound only after a tap: the first tap anywhere unlocks it.
let ctx: AudioContext | null = null;

export const audioUnlocked = () => ctx !== null && ctx.state === 'running';

/** Call from a user gesture (tap, key): creates or resumes the audio context. */
export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
}

/** Two soft tones, as the hall display's chime, three times. */
export function chime(): void {
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime + 0.05;
  for (let r = 0; r < 3; r++) {
    [659.25, 523.25].forEach((freq, i) => {
      const t = start + r * 1.2 + i * 0.45;
      const osc = ctx!.createOscillator();
      const gain = ctx!.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.5, t + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
      osc.connect(gain).connect(ctx!.destination);
      osc.start(t);
      osc.stop(t + 1);
    });
  }
}

export function vibrate(): void {
  if ('vibrate' in navigator) navigator.vibrate([400, 150, 400, 150, 800]);
}
