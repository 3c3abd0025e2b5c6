// Starts the real server on 127.0.0.1, a free port and a temporary SQLite file, as tests need it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { CSRF_HEADER, type CenterSocket, SESSION_COOKIE } from '../../server/src/contract/index.ts';
import type { ScryptCost } from '../../server/src/auth/password.ts';
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
  /** JSON request helper, signed in as the province administrator (DEFAULT_USER); returns status and parsed body. */
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  /** The same as a given demo account (password TEST_PASSWORD), or without a session (null). */
  requestAs<T = any>(username: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  /** `luot_session=…` of a demo account, signing in once. */
  cookieOf(username: string): Promise<string>;
  /** A Socket.IO client without a session, as a display or kiosk connects. */
  socket(): CenterSocket;
  /** A Socket.IO client with a demo account's session. */
  socketAs(username: string): Promise<CenterSocket>;
}

/** Every demo account's password in tests, hashed at a low cost so a server starts fast. */
export const TEST_PASSWORD = 'test-password';
const TEST_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
/** Who `request()` is: the administrator of the demo province, allowed everywhere in it. */
export const DEFAULT_USER = 'admin.cantho';

export async function startTestServer(
  options: { clock?: Clock; ids?: IdSource; config?: Partial<StartOptions['config']>; handoff?: StartOptions['handoff']; seedHours?: boolean } = {},
): Promise<TestServer> {
  // The demo's opening hours only when a test asks (seedHours: true): other tests issue tickets at any hour.
  const { config, seedHours = false, ...rest } = options;
  const dir = mkdtempSync(join(tmpdir(), 'luot-test-'));
  const dbPath = join(dir, 'luot.db');
  const sockets: CenterSocket[] = [];
  let port = 0;
  let running: RunningServer | null = null;
  // Sessions live in the database: they survive restarts.
  const cookies = new Map<string, string>();

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
      // A temporary SQLite file unless the test names a database (a PostgreSQL schema shared by several servers).
      const databaseUrl = config?.databaseUrl ?? `sqlite:${dbPath}`;
      running = await startServer({ config: { logLevel: 'warn', demoPassword: TEST_PASSWORD, ...config, port, host: '127.0.0.1', databaseUrl }, passwordCost: TEST_COST, seedHours, ...rest });
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
    request(method, path, body, headers) {
      return t.requestAs(DEFAULT_USER, method, path, body, headers);
    },
    async cookieOf(username) {
      const known = cookies.get(username);
      if (known) return known;
      const res = await fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ username, password: TEST_PASSWORD }),
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      if (res.status !== 200 || !cookie) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
      cookies.set(username, cookie.split(';')[0]);
      return cookie.split(';')[0];
    },
    async requestAs(username, method, path, body, headers = {}) {
      const session: Record<string, string> = username ? { cookie: await t.cookieOf(username), [CSRF_HEADER]: '1' } : {};
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers: body === undefined ? { ...session, ...headers } : { 'content-type': 'application/json', ...session, ...headers },
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
    async socketAs(username) {
      const s: CenterSocket = connect(t.url, { transports: ['websocket'], extraHeaders: { cookie: await t.cookieOf(username) }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
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
