// Assembles a running server: store, queue service, HTTP app and realtime, listening on HOST:PORT.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { type Clock, type IdSource, QueueService, randomIds } from './queue/service.ts';
import { attachRealtime, type RealtimeServer } from './realtime/socket.ts';
import { seedDemo } from './seed/demo.ts';
import { openStore } from './store/open.ts';

export interface RunningServer {
  app: FastifyInstance;
  io: RealtimeServer;
  queue: QueueService;
  /** http://host:port actually bound (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Pick<Config, 'port' | 'host' | 'databaseUrl'> & Partial<Config>;
  clock?: Clock;
  ids?: IdSource;
  seed?: boolean;
}

export async function startServer({ config, clock, ids = randomIds, seed = true }: StartOptions): Promise<RunningServer> {
  const store = openStore(config.databaseUrl);
  if (seed) await seedDemo(store);
  const queue = new QueueService(store, clock, ids);
  const app = await buildApp({ queue, logLevel: config.logLevel });
  const io = attachRealtime(app.server, queue);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    io,
    queue,
    url: `http://${host}:${port}`,
    async close() {
      // Closing the engine drops the transports without a "server disconnect": clients reconnect by themselves.
      await io.close();
      await app.close().catch(() => undefined);
      await store.close();
    },
  };
}
