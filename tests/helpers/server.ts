// Starts the real server on 127.0.0.1 and a free port, on the store of the run: a temporary SQLite file, or a
// fresh schema of the test PostgreSQL database when TEST_STORE=postgres (vitest.config.ts runs the integration
// suites once per store).
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import {
  type CreateDeviceBody,
  CSRF_HEADER,
  type CenterSocket,
  DEVICE_HEADER,
  type PairedDevice,
  SESSION_COOKIE,
} from '@luot/contract';
import type { ScryptCost } from '../../server/src/auth/password.ts';
import type { Clock, IdSource } from '../../server/src/queue/service.ts';
import { type RunningServer, type StartOptions, startServer } from '../../server/src/server.ts';
import type { Database } from '../../server/src/store/schema.ts';
import { freshSchema, postgresForTests } from './services.ts';

export type StoreKind = 'sqlite' | 'postgres';
/** The store of this run: TEST_STORE=postgres, or SQLite. */
export const TEST_STORE: StoreKind = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestServer {
  server: RunningServer;
  url: string;
  /** The store of this server, and its DATABASE_URL (a SQLite file, or a PostgreSQL schema of its own). */
  store: StoreKind;
  databaseUrl: string;
  /** The server's tables, typed (schema.ts), on either store: for tests that look at what was stored. */
  db(): Kysely<Database>;
  /** Stops the server and starts it again on the same database (and the same port). */
  restart(): Promise<void>;
  /** Stops the server, keeping the database for a later `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes the database. */
  close(): Promise<void>;
  /** JSON request helper, signed in as the province administrator (DEFAULT_USER); returns status and parsed body. */
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  /** The same as a given demo account (password TEST_PASSWORD), or without a session (null). */
  requestAs<T = any>(
    username: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  /** `luot_session=…` of a demo account, signing in once. */
  cookieOf(username: string): Promise<string>;
  /** Forgets the sessions `cookieOf` keeps: the next request signs in again (after an injected clock jumps past their expiry). */
  forgetSessions(): void;
  /** A Socket.IO client without a session, as a display or kiosk connects. */
  socket(): CenterSocket;
  /** A Socket.IO client with a demo account's session. */
  socketAs(username: string): Promise<CenterSocket>;
  /**
   * Enrolls a device as the administrator does (console → Thiết bị): a seeded device by its id, or a new one; gets a
   * pairing code and trades it for the device's credential (POST /api/devices/pair). A seeded device is paired once
   * per server: later calls return the same credential (pairing again would void it and drop its connections).
   */
  enrollDevice(centerId: string, device: string | CreateDeviceBody): Promise<PairedDevice>;
  /** A Socket.IO client carrying a device credential, as an enrolled kiosk, display or print agent connects. */
  deviceSocket(credential: string): CenterSocket;
  /** Issues a ticket as an enrolled kiosk (its credential in x-luot-device), with a fresh idempotency key. */
  issueAsKiosk<T = any>(
    credential: string,
    centerId: string,
    body: unknown,
    key?: string,
  ): Promise<{ status: number; body: T }>;
}

/** Every demo account's password in tests, hashed at a low cost so a server starts fast. */
export const TEST_PASSWORD = 'test-password';
const TEST_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
/** Who `request()` is: the administrator of the demo province, allowed everywhere in it. */
export const DEFAULT_USER = 'admin.cantho';

/** The tables behind a DATABASE_URL, typed (schema.ts), on either store; destroy() it when done. */
export function databaseOf(databaseUrl: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: /^postgres/.test(databaseUrl)
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) })
      : new SqliteDialect({ database: new Sqlite(databaseUrl.replace(/^sqlite:/, '')) }),
  });
}

/** A database of its own on the store of this run: a SQLite file in `dir`, or a fresh PostgreSQL schema. */
export async function freshDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (TEST_STORE === 'sqlite') return { url: `sqlite:${join(dir, 'luot.db')}`, drop: async () => undefined };
  const base = await postgresForTests();
  if (!base) throw new Error('TEST_STORE=postgres needs PostgreSQL (see .ci/run)');
  return freshSchema(base);
}

export async function startTestServer(
  options: {
    clock?: Clock;
    ids?: IdSource;
    config?: Partial<StartOptions['config']>;
    handoff?: StartOptions['handoff'];
    signInLimits?: StartOptions['signInLimits'];
    passwordCost?: ScryptCost;
    seedHours?: boolean;
    deviceSweepMs?: number;
    alertEvaluateMs?: number;
    logStream?: StartOptions['logStream'];
  } = {},
): Promise<TestServer> {
  // The demo's opening hours only when a test asks (seedHours: true): other tests issue tickets at any hour.
  const { config, seedHours = false, ...rest } = options;
  const dir = mkdtempSync(join(tmpdir(), 'luot-test-'));
  // A temporary SQLite file, or a fresh PostgreSQL schema, unless the test names a database (a schema shared by
  // several servers).
  const own = config?.databaseUrl ? null : await freshDatabase(dir);
  const databaseUrl = config?.databaseUrl ?? own!.url;
  let db: Kysely<Database> | null = null;
  const sockets: CenterSocket[] = [];
  let port = 0;
  let running: RunningServer | null = null;
  // Sessions live in the database: they survive restarts.
  const cookies = new Map<string, string>();
  // Credentials of the seeded devices paired so far (they live in the database too).
  const paired = new Map<string, Promise<PairedDevice>>();

  const t: TestServer = {
    get server() {
      if (!running) throw new Error('server is stopped');
      return running;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    store: /^postgres/.test(databaseUrl) ? 'postgres' : 'sqlite',
    databaseUrl,
    db() {
      db ??= databaseOf(databaseUrl);
      return db;
    },
    async start() {
      running = await startServer({
        config: { logLevel: 'warn', demoPassword: TEST_PASSWORD, ...config, port, host: '127.0.0.1', databaseUrl },
        passwordCost: TEST_COST,
        seedHours,
        ...rest,
      });
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
      await db?.destroy();
      await own?.drop();
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
    forgetSessions() {
      cookies.clear();
    },
    async requestAs(username, method, path, body, headers = {}) {
      const session: Record<string, string> = username
        ? { cookie: await t.cookieOf(username), [CSRF_HEADER]: '1' }
        : {};
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers:
          body === undefined
            ? { ...session, ...headers }
            : { 'content-type': 'application/json', ...session, ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      };
    },
    socket() {
      const s: CenterSocket = connect(t.url, {
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      sockets.push(s);
      return s;
    },
    async socketAs(username) {
      const s: CenterSocket = connect(t.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: await t.cookieOf(username) },
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      sockets.push(s);
      return s;
    },
    enrollDevice(centerId, device) {
      const pair = async () => {
        const added =
          typeof device === 'string'
            ? await t.request('POST', `/api/centers/${centerId}/devices/${device}/pairing-code`)
            : await t.request('POST', `/api/centers/${centerId}/devices`, device);
        const code: string | undefined = typeof device === 'string' ? added.body.code : added.body.pairing?.code;
        if (added.status >= 300 || !code)
          throw new Error(`pairing code: ${added.status} ${JSON.stringify(added.body)}`);
        const res = await t.requestAs<PairedDevice>(null, 'POST', '/api/devices/pair', { code });
        if (res.status !== 200) throw new Error(`pairing: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };
      if (typeof device !== 'string') return pair();
      const key = `${centerId}/${device}`;
      const known = paired.get(key) ?? pair();
      paired.set(key, known);
      known.catch(() => paired.delete(key));
      return known;
    },
    deviceSocket(credential) {
      const s: CenterSocket = connect(t.url, {
        transports: ['websocket'],
        auth: { device: credential },
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      sockets.push(s);
      return s;
    },
    issueAsKiosk(credential, centerId, body, key = newKey()) {
      return t.requestAs(null, 'POST', `/api/centers/${centerId}/tickets`, body, {
        'idempotency-key': key,
        [DEVICE_HEADER]: credential,
      });
    },
  };
  await t.start();
  return t;
}

let keySeq = 0;
/** A fresh idempotency key, as a kiosk makes one per tap sequence. */
export const newKey = () => `test-${process.pid}-${Date.now()}-${++keySeq}`;
