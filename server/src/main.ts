// `npm start`: the server on embedded SQLite with the demo province, printing the page URLs.
import { configFromEnv } from './config.ts';
import { pageUrlsOf } from './http/pages.ts';
import { startServer } from './server.ts';

const config = configFromEnv();
const server = await startServer({ config });
const base = config.publicUrl ?? server.url;

const lines = [`luot is running at ${base}  (API docs: ${base}/docs, database: ${config.databaseUrl})`];
for (const center of await server.queue.store.centers()) {
  const snap = await server.queue.snapshot(center.id);
  const urls = pageUrlsOf(base, center.id, snap.counters.map((c) => c.id));
  lines.push('', center.name, `  kiosk:          ${urls.kiosk}`, `  hall display:   ${urls.hall}`, `  counter 1:      ${urls.counters[0]}`, `  officer/manager ${urls.console}`);
}
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
