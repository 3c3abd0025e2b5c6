// Which center (and, above a counter, which counter) a display shows comes from its device credential (paired once:
// see @luot/ui/device); how it shows and speaks, from its URL (set once when the screen is installed):
//   /display/                      the hall display, or the counter display, it was enrolled as
//   /display/?areas=ht,ct          hall display of a zone (some service areas)
//   /display/?counters=1           hall display with a table of what each counter serves
// Voice: voice=clips (default on the hall: pre-generated clips) | browser (the machine's own vi voice, clips
// if it has none) | off (default above a counter); repeat=1..3 readings (default 2); digits=1 reads the ticket
// digit by digit; odd=le says "lẻ" instead of "linh" (105: một trăm lẻ năm).
import type { Device } from '@luot/contract';
import type { SpeechOptions } from './voice/phrase.ts';
import type { VoiceMode } from './voice/player.ts';

export interface DisplayConfig extends SpeechOptions {
  centerId: string;
  counterId: string | null;
  /** Service areas of a zone; null for the whole center. */
  areas: string[] | null;
  voice: VoiceMode;
  repeat: number;
  /** The hall also shows a table of what each counter is serving. */
  counterTable: boolean;
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

export function parseConfig(search: string, device: Device): DisplayConfig | { error: string } {
  const q = new URLSearchParams(search);
  const { centerId } = device;
  const counterId = device.kind === 'counter_display' ? device.counterId : null;
  const areasParam = q.get('areas');
  const areas =
    areasParam === null
      ? null
      : areasParam
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
  if (areas && (areas.length === 0 || !areas.every((a) => ID.test(a))))
    return { error: `Danh sách lĩnh vực "${areasParam}" không hợp lệ (ví dụ: areas=ht,ct).` };
  const voice = q.get('voice') ?? (counterId ? 'off' : 'clips');
  if (voice !== 'clips' && voice !== 'browser' && voice !== 'off')
    return { error: `voice="${voice}": dùng clips, browser hoặc off.` };
  const repeat = Number(q.get('repeat') ?? 2);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 3) return { error: 'repeat phải là 1, 2 hoặc 3.' };
  const odd = q.get('odd');
  if (odd !== null && odd !== 'le' && odd !== 'linh') return { error: 'odd phải là linh hoặc le.' };
  const counters = q.get('counters');
  if (counters !== null && counters !== '0' && counters !== '1') return { error: 'counters phải là 0 hoặc 1.' };
  return {
    centerId,
    counterId,
    areas,
    voice,
    repeat,
    digits: q.get('digits') === '1',
    odd: odd === 'le' ? 'lẻ' : 'linh',
    counterTable: counters === '1',
  };
}
