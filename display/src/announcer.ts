// The announcement queue of a display: each live call is voiced once, in the order it happened, one after
// another (chime, then the call said `repeat` times). Nothing is dropped: when calls pile up the second
// reading is left out until the queue has caught up.
import type { CallView } from '@luot/contract';
import { callWords, type SpeechOptions } from './voice/phrase.ts';
import type { AnnouncementRecord } from './announcement.ts';
import type { Voice } from './voice/player.ts';

const LOG_SIZE = 200;
const BACKLOG_FOR_SINGLE_READING = 2;

export class Announcer {
  private readonly queue: AnnouncementRecord[] = [];
  private running = false;
  private readonly log: AnnouncementRecord[] = (window.__luotAnnouncements = []);

  constructor(
    private readonly voice: Voice,
    private readonly options: SpeechOptions & { repeat: number },
    /** The call now being voiced, for the screen to highlight; null between calls. */
    private readonly onSpeaking: (record: AnnouncementRecord | null) => void,
  ) {}

  announce(seq: number, call: CallView) {
    const record: AnnouncementRecord = {
      seq,
      ticketId: call.ticketId,
      number: call.number,
      counterNumber: call.counterNumber,
      recall: call.recall,
      text: call.text,
      state: 'queued',
      via: null,
      clips: [],
    };
    this.log.push(record);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    this.queue.push(record);
    void this.pump();
  }

  private async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (let record = this.queue.shift(); record; record = this.queue.shift()) {
        record.state = 'playing';
        this.onSpeaking(record);
        try {
          const words = callWords(record.text, record.number, this.options);
          await this.voice.chime();
          const repeat = this.queue.length >= BACKLOG_FOR_SINGLE_READING ? 1 : this.options.repeat;
          const { via, clips } = await this.voice.say(record.text, words, repeat);
          record.via = via;
          record.clips = clips;
        } catch (err) {
          console.error('luot display: announcement failed', err);
          record.via = 'none';
        }
        record.state = 'done';
      }
    } finally {
      this.running = false;
      this.onSpeaking(null);
    }
  }
}
