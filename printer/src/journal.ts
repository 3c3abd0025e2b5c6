// The agent's memory of jobs, on disk: a job printed (or possibly half printed) is never printed again, even when
// the server sends it again after a lost answer or a restart of either side.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface JournalEntry {
  /** sending: bytes were going out when the agent stopped, so the ticket may be on paper. */
  state: 'sending' | 'printed' | 'failed';
  at: string;
  message: string | null;
}

/** Entries older than this are dropped: a job that old is never sent again (the server expires it). */
const KEEP_MS = 7 * 24 * 3600_000;

export class Journal {
  private readonly file: string;
  private entries: Record<string, JournalEntry>;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, 'print-journal.json');
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { jobs?: Record<string, JournalEntry> };
      this.entries = saved.jobs ?? {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`Cannot read ${this.file}: ${(err as Error).message}`, { cause: err });
      this.entries = {};
    }
  }

  get(jobId: string): JournalEntry | null {
    return this.entries[jobId] ?? null;
  }

  /** Written through to disk (write + rename) before it returns. */
  set(jobId: string, state: JournalEntry['state'], message: string | null = null) {
    const now = Date.now();
    for (const [id, e] of Object.entries(this.entries)) if (now - Date.parse(e.at) > KEEP_MS) delete this.entries[id];
    this.entries[jobId] = { state, at: new Date(now).toISOString(), message };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ jobs: this.entries }, null, 1));
    renameSync(tmp, this.file);
  }
}
