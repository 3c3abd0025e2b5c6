// SQLite's read path (Store.read): read-only connections to the same file, each in a worker thread, so a long
// report neither waits in the group commit nor blocks the event loop while SQLite sorts a year of events. The
// compiled statements of ../queries go to the thread as SQL text and parameters; rows come back. WAL lets these
// readers run beside the writer: each read sees the snapshot of its first statement, and commands go on.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Compilable } from 'kysely';
import { compiler, type Executor, type Sql } from '../db.ts';
import { bind, sqliteSql } from './dialect.ts';

/**
 * The thread's code, as a CommonJS script (a worker cannot load this module's TypeScript wherever the server runs:
 * tsx, vitest, a bundle). One deferred transaction per read: its snapshot is taken by the first SELECT.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const prepared = new Map();
parentPort.on('message', ({ id, op, text, parameters }) => {
  try {
    let rows = null;
    if (op === 'begin') db.exec('BEGIN');
    else if (op === 'end') { if (db.inTransaction) db.exec('COMMIT'); }
    else {
      let statement = prepared.get(text);
      if (!statement) prepared.set(text, (statement = db.prepare(text)));
      rows = statement.all(...parameters);
    }
    parentPort.postMessage({ id, rows });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

type Reply = { id: number; rows: unknown[] | null } | { id: number; error: { message: string; code?: string } };

/** One reader thread: requests answered in the order sent (the thread runs one at a time). */
class ReaderThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (rows: unknown[] | null) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  dead = false;

  constructor(path: string, driver: string) {
    this.worker = new Worker(THREAD, { eval: true, workerData: { path, driver } });
    this.worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) w?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else w?.resolve(reply.rows);
    });
    const fail = (err: Error) => {
      this.dead = true;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`SQLite reader thread exited (${code})`)));
  }

  call(op: 'begin' | 'end' | 'query', text = '', parameters: unknown[] = []): Promise<unknown[] | null> {
    if (this.dead) return Promise.reject(new Error('SQLite reader thread is gone'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, text, parameters });
    });
  }

  terminate() {
    return this.worker.terminate();
  }
}

export class SqliteReader {
  private readonly driver = createRequire(import.meta.url).resolve('better-sqlite3');
  private readonly threads = new Set<ReaderThread>();
  private readonly idle: ReaderThread[] = [];
  private readonly queued: ((thread: ReaderThread) => void)[] = [];
  private readonly db = compiler('sqlite');

  /** `size` threads at most, started on the first reads: a server that never reports starts none. */
  constructor(
    private readonly path: string,
    private readonly size: number,
  ) {}

  private spawn(): ReaderThread {
    const thread = new ReaderThread(this.path, this.driver);
    this.threads.add(thread);
    return thread;
  }

  private acquire(): Promise<ReaderThread> {
    const thread = this.idle.pop();
    if (thread) return Promise.resolve(thread);
    if (this.threads.size < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.queued.push(resolve));
  }

  private release(thread: ReaderThread) {
    const next = this.queued.shift();
    if (!thread.dead) {
      if (next) next(thread);
      else this.idle.push(thread);
      return;
    }
    // A thread that died (out of memory…) is replaced, for whoever waits or later.
    this.threads.delete(thread);
    next?.(this.spawn());
  }

  /** Runs `fn` on one thread's snapshot; its statements may be issued concurrently (they queue on the thread). */
  async read<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const thread = await this.acquire();
    try {
      await thread.call('begin');
      const x: Executor = {
        // The one place a row from the reader becomes typed: the statement was built on `Database` (schema.ts).
        rows: async <R>(query: Compilable<R>) => {
          const { sql: text, parameters } = query.compile();
          return (await thread.call('query', text, bind(parameters))) as R[];
        },
        run: () => Promise.reject(new Error('the read path is read-only')),
      };
      return await fn({ db: this.db, x, d: sqliteSql });
    } finally {
      // After the statements still queued on the thread; a failed read ends its snapshot too.
      await thread.call('end').catch(() => undefined);
      this.release(thread);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.threads].map((t) => t.terminate()));
    this.threads.clear();
    this.idle.length = 0;
  }
}
