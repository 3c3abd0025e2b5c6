// What a display announced and how: the log it keeps on `window`, read by tests and by curious staff.

/** How an announcement was voiced: clips, the browser's voice, or not at all (no audio device, audio blocked). */
export type Via = 'clips' | 'browser' | 'none';

export interface AnnouncementRecord {
  seq: number;
  ticketId: string;
  number: number;
  counterNumber: number;
  recall: number;
  text: string;
  state: 'queued' | 'playing' | 'done';
  via: Via | null;
  /** The clips played, in order (empty when voiced by the browser or not at all). */
  clips: string[];
}

declare global {
  interface Window {
    /** The announcement log, oldest first: what the display said and how (read by tests and by curious staff). */
    __luotAnnouncements?: AnnouncementRecord[];
  }
}
