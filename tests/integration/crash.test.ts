// kill -9 of the real server process (tsx server/src/main.ts) while kiosks issue and counters call over HTTP, then
// a restart on the same database: every ticket and every call the server acknowledged is there. Runs on the
// store of the run (SQLite with synchronous = FULL, or PostgreSQL).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '@luot/contract';
import { startServer } from '../../server/src/server.ts';
import { databaseOf, freshDatabase, newKey, TEST_STORE } from '../helpers/server.ts';

const PASSWORD = 'crash-test-password';
const CENTER = 'ninh-kieu';
const COUNTERS = ['1', '2', '3'];

let dir: string;
let database: { url: string; drop(): Promise<void> };

/** Starts `node --import tsx server/src/main.ts` on the database; resolves with its URL once it listens. */
function startServerProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_PASSWORD: PASSWORD,
      DEMO_PROVINCE: '0',
      // Nobody answers there: dossiers (none here) would wait in the outbox.
      PROVINCE_SYSTEM_URL: 'http://127.0.0.1:9',
      // Outside demo mode the server needs its own province credentials (never the demo ones).
      PROVINCE_SYSTEM_USER: 'crash-test',
      PROVINCE_SYSTEM_PASSWORD: 'crash-test-password',
      PROVINCE_WEBHOOK_SECRET: 'crash-test-webhook-secret',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 180_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /luot is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${out}`));
    });
  });
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify({ username: 'admin.cantho', password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in: ${res.status}`);
  return cookie.split(';')[0];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luot-crash-'));
  database = await freshDatabase(dir);
  // The demo province and its accounts, hashed cheaply here: the server process then starts without hashing.
  const seeded = await startServer({
    config: { databaseUrl: database.url, port: 0, host: '127.0.0.1', demoPassword: PASSWORD, logLevel: 'warn' },
    passwordCost: { N: 2 ** 10, r: 8, p: 1 },
    // No office hours: the test issues at whatever time it runs.
    seedHours: false,
  });
  await seeded.close();
}, 120_000);
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`kill -9 under load (${TEST_STORE})`, () => {
  it('keeps every acknowledged ticket and call after a restart', async () => {
    const first = await startServerProcess();
    const cookie = await signIn(first.url);
    const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${first.url}${path}`, {
        method: 'POST',
        headers: { cookie, [CSRF_HEADER]: '1', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });

    const issued = new Set<string>();
    const called = new Map<string, string>(); // ticket id → counter
    let stopped = false;
    const kiosk = async () => {
      while (!stopped) {
        try {
          const res = await post(`/api/centers/${CENTER}/tickets`, { areaId: 'ht' }, { 'idempotency-key': newKey() });
          if (res.status === 201) issued.add(((await res.json()) as { ticket: { id: string } }).ticket.id);
        } catch {
          return; // the server is gone: this request was never acknowledged
        }
      }
    };
    const counter = async (c: string) => {
      while (!stopped) {
        try {
          const res = await post(`/api/centers/${CENTER}/counters/${c}/call-next`);
          if (res.status === 200) {
            called.set(((await res.json()) as { id: string }).id, c);
            await post(`/api/centers/${CENTER}/counters/${c}/start`);
            await post(`/api/centers/${CENTER}/counters/${c}/complete`);
          }
        } catch {
          return;
        }
      }
    };
    const load = Promise.all([kiosk(), kiosk(), kiosk(), ...COUNTERS.map(counter)]);
    // Let the load run until some tickets were issued and called, then kill the process mid-flight.
    for (let i = 0; i < 600 && (issued.size < 30 || called.size < 10); i++) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGKILL');
    stopped = true;
    await load;
    expect(issued.size).toBeGreaterThanOrEqual(30);
    expect(called.size).toBeGreaterThanOrEqual(10);

    // Restarted on the same database, the server has them all.
    const second = await startServerProcess();
    try {
      const db = databaseOf(database.url);
      try {
        const tickets = await db
          .selectFrom('tickets')
          .select(['id', 'state', 'counter_id'])
          .where('center_id', '=', CENTER)
          .execute();
        const byId = new Map(tickets.map((t) => [t.id, t]));
        const missing = [...issued].filter((id) => !byId.has(id));
        expect(missing).toEqual([]);
        for (const [id, c] of called) {
          expect(byId.get(id)?.state).not.toBe('waiting');
          expect(byId.get(id)?.counter_id).toBe(c);
        }
        const calls = await db
          .selectFrom('events')
          .select('ticket_id')
          .where('center_id', '=', CENTER)
          .where('type', '=', 'ticket:called')
          .execute();
        const callEvents = new Set(calls.map((e) => e.ticket_id));
        expect([...called.keys()].filter((id) => !callEvents.has(id))).toEqual([]);
      } finally {
        await db.destroy();
      }
      // And it keeps working: the next ticket is issued, numbered after the last one kept.
      const res = await fetch(`${second.url}/api/centers/${CENTER}/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), cookie, [CSRF_HEADER]: '1' },
        body: JSON.stringify({ areaId: 'ht' }),
      });
      expect(res.status).toBe(201);
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 480_000);
});
