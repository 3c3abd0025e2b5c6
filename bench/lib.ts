// Shared pieces of the benchmarks: percentiles, a keep-alive HTTP load loop, child processes, the machine.
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { DEVICE_HEADER } from '@luot/contract';

export const now = () => performance.timeOrigin + performance.now();

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

export const machine = () => ({
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
});

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: data
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers }
          : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** The demo accounts' password in a benchmark server. */
export const BENCH_PASSWORD = 'bench-password';

/** Signs in as the demo province's administrator; returns the headers of an officer or manager request. */
export async function signIn(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-luot-csrf': '1' },
    body: JSON.stringify({ username: 'admin.cantho', password: BENCH_PASSWORD }),
  });
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie, 'x-luot-csrf': '1' };
}

/** `concurrency` loops send `total` requests between them, each loop one at a time; returns requests per second. */
export async function load(
  concurrency: number,
  total: number,
  send: (i: number) => Promise<{ status: number }>,
): Promise<{ perSecond: number; failed: number }> {
  let next = 0;
  let failed = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const { status } = await send(i);
        if (status >= 300) failed += 1;
      }
    }),
  );
  return { perSecond: (total / (now() - started)) * 1000, failed };
}

/** Runs a TypeScript module in a child process (through tsx) that talks back over IPC. */
export function child(module: string, args: string[] = [], nodeOptions: string[] = []): ChildProcess {
  return fork(new URL(module, import.meta.url).pathname, args, {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function nextMessage<T>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string } & T) => {
      if (m.type !== type) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number) => reject(new Error(`child exited (${code}) before "${type}"`));
    proc.on('message', onMessage);
    proc.on('exit', onExit);
  });
}

/**
 * Enrolls `count` kiosks of a center (`<center>-kiosk-<k>`) in the server's process, by the same pairing code and
 * trade the console and a kiosk use (the pairing route itself allows a few per minute per address); returns the
 * headers each kiosk sends with its tickets.
 */
export async function enrollKiosks(
  proc: ChildProcess,
  centerId: string,
  count: number,
): Promise<Record<string, string>[]> {
  const reply = nextMessage<{ credentials: string[] }>(proc, 'enrolled');
  proc.send({ type: 'enroll', centerId, count });
  return (await reply).credentials.map((credential) => ({ [DEVICE_HEADER]: credential }));
}
