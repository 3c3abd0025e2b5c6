// A server under load, alone in its process: luot itself, or a bare baseline with no application code.
// argv: luot | luot-postgres <database url> | bare-fastify | bare-socketio.
// Reports { type: 'ready', url } and answers { type: 'memory' }.
import Fastify from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { startServer } from '../server/src/server.ts';
import { freshSchema } from '../tests/helpers/services.ts';
import { BENCH_PASSWORD } from './lib.ts';
import { addBenchCenters } from './province.ts';

const kind = process.argv[2];
const send = (m: object) => process.send?.(m);

async function start(): Promise<string> {
  if (kind === 'luot' || kind === 'luot-postgres') {
    // PostgreSQL: a fresh schema of the given database; SQLite: a new file.
    const databaseUrl = kind === 'luot-postgres' ? (await freshSchema(process.argv[3])).url : `sqlite:${join(mkdtempSync(join(tmpdir(), 'luot-bench-')), 'luot.db')}`;
    const server = await startServer({
      config: { port: 0, host: '127.0.0.1', databaseUrl, logLevel: 'error', demoPassword: BENCH_PASSWORD },
      passwordCost: { N: 2 ** 10, r: 8, p: 1 },
      // Benchmarks run at any hour: no opening hours on the demo centers.
      seedHours: false,
    });
    await addBenchCenters(server.queue.store, 1);
    return server.url;
  }
  const app = Fastify({ logger: false });
  if (kind === 'bare-fastify') app.post('/noop', async () => ({ ok: true }));
  if (kind === 'bare-socketio') {
    const io = new Server(app.server, { serveClient: false });
    io.on('connection', (socket) => socket.on('subscribe', (_req: unknown, reply: (r: unknown) => void) => reply({ ok: true })));
    // The same events luot sends, broadcast with no application code around them.
    app.post('/emit', async (req) => {
      const event = req.body as { type: 'ticket:called' };
      io.emit(event.type, event);
      return { ok: true };
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const url = await start();
process.on('message', (m: { type: string }) => {
  if (m.type === 'memory') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed });
  }
  if (m.type === 'stop') process.exit(0);
});
send({ type: 'ready', url });
