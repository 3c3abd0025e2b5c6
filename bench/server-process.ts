// A server under load, alone in its process: luot itself, or a bare baseline with no application code.
// argv: luot [centers] | luot-history <days> <tickets per day> | luot-postgres <database url> | bare-fastify | bare-socketio.
// Reports { type: 'ready', url, history? } and answers { type: 'memory' } (after a full GC: run with --expose-gc).
import Fastify from 'fastify';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { SEEDER } from '../server/src/seed/demo.ts';
import { startServer } from '../server/src/server.ts';
import { freshSchema } from '../tests/helpers/services.ts';
import { buildHistory, type HistoryFigures } from './history.ts';
import { BENCH_PASSWORD } from './lib.ts';
import { addBenchCenters, benchCenterId } from './province.ts';

const kind = process.argv[2];
const send = (m: object) => process.send?.(m);

/** Pairs kiosks in-process: the pairing route allows a few per minute from one address, and a bench enrolls 64. */
let enroll: ((centerId: string, count: number) => Promise<string[]>) | null = null;

async function start(): Promise<{ url: string; history?: HistoryFigures & { bytesPerTicket: number } }> {
  if (kind === 'luot' || kind === 'luot-postgres' || kind === 'luot-history') {
    // PostgreSQL: a fresh schema of the given database; SQLite: a new file.
    const file = join(mkdtempSync(join(tmpdir(), 'luot-bench-')), 'luot.db');
    const databaseUrl = kind === 'luot-postgres' ? (await freshSchema(process.argv[3])).url : `sqlite:${file}`;
    const server = await startServer({
      // The per-kiosk and per-address issuance budgets are lifted: the bench measures throughput, not the budget.
      config: {
        port: 0,
        host: '127.0.0.1',
        databaseUrl,
        logLevel: 'error',
        demoPassword: BENCH_PASSWORD,
        kioskTicketsPerMinute: 1e9,
        issuePerAddressPerMinute: 1e9,
      },
      passwordCost: { N: 2 ** 10, r: 8, p: 1 },
      // Benchmarks run at any hour: no opening hours on the demo centers.
      seedHours: false,
    });
    enroll = async (centerId, count) => {
      const actor = { ...SEEDER, username: 'bench' };
      const credentials: string[] = [];
      for (let k = 0; k < count; k++) {
        const { code } = await server.devices.pairingCode(centerId, `${centerId}-kiosk-${k}`, actor);
        credentials.push((await server.devices.pair(code)).credential);
      }
      return credentials;
    };
    // The history's center, and a second one whose kiosk issues while the first one's year is reported.
    await addBenchCenters(
      server.queue.store,
      kind === 'luot' ? Number(process.argv[3] ?? 1) : kind === 'luot-history' ? 2 : 1,
    );
    if (kind !== 'luot-history') return { url: server.url };
    const history = await buildHistory(
      server.queue.store,
      benchCenterId(1),
      Number(process.argv[3]),
      Number(process.argv[4]),
    );
    // The bulk build leaves a large heap of garbage behind that a server up for months would not have.
    globalThis.gc?.();
    const bytes = ['', '-wal'].reduce(
      (sum, suffix) => sum + (statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0),
      0,
    );
    return { url: server.url, history: { ...history, bytesPerTicket: Math.round(bytes / history.tickets) } };
  }
  const app = Fastify({ logger: false });
  if (kind === 'bare-fastify') app.post('/noop', async () => ({ ok: true }));
  if (kind === 'bare-socketio') {
    const io = new Server(app.server, { serveClient: false });
    io.on('connection', (socket) =>
      socket.on('subscribe', (_req: unknown, reply: (r: unknown) => void) => reply({ ok: true })),
    );
    // The same deltas luot sends, broadcast with no application code around them.
    app.post('/emit', async (req) => {
      const { type, payload } = req.body as { type: 'ticket:called'; payload: unknown };
      io.emit(type, payload);
      return { ok: true };
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const ready = await start();
process.on('message', (m: { type: string; centerId?: string; count?: number }) => {
  if (m.type === 'enroll' && enroll && m.centerId && m.count)
    void enroll(m.centerId, m.count).then((credentials) => send({ type: 'enrolled', credentials }));
  if (m.type === 'memory') {
    // Twice: the first pass may leave objects with finalizers for the second.
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed, gc: typeof globalThis.gc === 'function' });
  }
  if (m.type === 'stop') process.exit(0);
});
send({ type: 'ready', ...ready });
