// Starts the real server on 127.0.0.1, a free port and a temporary SQLite file, as tests need it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import type { CenterSocket } from '../../server/src/contract/index.ts';
import type { Clock, IdSource } from '../../server/src/queue/service.ts';
import { type RunningServer, type StartOptions, startServer } from '../../server/src/server.ts';

export interface TestServer {
  server: RunningServer;
  url: string;
  dbPath: string;
  /** Stops the server and starts it again on the same database (and the same port). */
  restart(): Promise<void>;
  /** Stops the server, keeping the database for a later `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes the database. */
  close(): Promise<void>;
  /** JSON request helper; returns status and parsed body. */
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  socket(): CenterSocket;
}

export async function startTestServer(
  options: { clock?: Clock; ids?: IdSource; config?: Partial<StartOptions['config']>; handoff?: StartOptions['handoff'] } = {},
): Promise<TestServer> {
  const { config, ...rest } = options;
  const dir = mkdtempSync(join(tmpdir(), 'luot-test-'));
  const dbPath = join(dir, 'luot.db');
  const sockets: CenterSocket[] = [];
  let port = 0;
  let running: RunningServer | null = null;

  const t: TestServer = {
    get server() {
      if (!running) throw new Error('server is stopped');
      return running;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    dbPath,
    async start() {
      running = await startServer({ config: { logLevel: 'warn', ...config, port, host: '127.0.0.1', databaseUrl: `sqlite:${dbPath}` }, ...rest });
      port = Number(new URL(running.url).port);
    },
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      await t.stop();
      await t.start();
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async request(method, path, body, headers = {}) {
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    },
    socket() {
      const s: CenterSocket = connect(t.url, { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 });
      sockets.push(s);
      return s;
    },
  };
  await t.start();
  return t;
}

let keySeq = 0;
/** A fresh idempotency key, as a kiosk makes one per tap sequence. */
export const newKey = () => `test-${process.pid}-${Date.now()}-${++keySeq}`;
