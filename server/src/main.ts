// `npm start`: the server on embedded SQLite with the demo province, printing the page URLs.
import { ConfigError, configFromEnv } from './config.ts';
import { pageUrlsOf } from './http/pages.ts';
import { startServer } from './server.ts';
import { startDemoProvince } from './reference-province/demo.ts';

function loadConfig() {
  try {
    return configFromEnv();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The reason, without a stack: the operator fixes the environment and starts again.
    console.error(`luot did not start. ${err.message}`);
    process.exit(1);
  }
}
const config = loadConfig();
// Demo mode: the reference provincial system runs in this process, on PROVINCE_SYSTEM_URL's port.
const province = config.demoProvince ? await startDemoProvince(config) : null;
const server = await startServer({ config, seedHours: config.demoHours });
const base = config.publicUrl ?? server.url;

const lines = [`luot is running at ${base}  (API docs: ${base}/docs, database: ${config.databaseUrl})`];
if (province)
  lines.push(
    `Reference provincial system (demo) at ${province.url}: dossiers advance every ${province.stepMs / 1000} s`,
  );
for (const center of await server.queue.store.centers()) {
  const snap = await server.queue.snapshot(center.id);
  const urls = pageUrlsOf(
    base,
    center.id,
    snap.counters.map((c) => c.id),
  );
  lines.push(
    '',
    center.name,
    `  kiosk:          ${urls.kiosk}`,
    `  hall display:   ${urls.hall}`,
    `  counter 1:      ${urls.counters[0]}`,
    `  officer/manager ${urls.console}`,
  );
}
if (server.demoAccounts.length) {
  lines.push('', 'Demo accounts (passwords shown only now, at the first start; keep them):');
  for (const a of server.demoAccounts) lines.push(`  ${a.role.padEnd(8)} ${a.username.padEnd(26)} ${a.password}`);
}
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server
      .close()
      .then(() => province?.close())
      .then(() => process.exit(0));
  });
}
