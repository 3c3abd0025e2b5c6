// `npm start`: the server on embedded SQLite with the demo province, printing the page URLs.
import type { PairingCode } from '@luot/contract';
import { ConfigError, configFromEnv } from './config.ts';
import { pageUrlsOf } from './http/pages.ts';
import { startServer } from './server.ts';
import { DEMO_PAIRING_MS, demoPairingCodes } from './seed/demo.ts';
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
// Demo mode: each demo device's URL carries a fresh pairing code (valid DEMO_PAIRING_MS, shown only here): the
// page pairs itself once and keeps its own credential. Other devices are added and paired from the console.
const codes = config.demoProvince ? await demoPairingCodes(server.devices) : new Map<string, PairingCode>();
const paired = (id: string) => codes.get(id)?.pairingUrl ?? '(pair from the console: Thiết bị)';
for (const center of await server.queue.store.centers()) {
  const urls = pageUrlsOf(base, center.id);
  const agent = codes.get(`${center.id}-printer-1`);
  lines.push(
    '',
    center.name,
    `  kiosk:          ${paired(`${center.id}-kiosk-1`)}`,
    `  hall display:   ${paired(`${center.id}-hall`)}`,
    `  counter 1:      ${paired(`${center.id}-counter-1`)}`,
    `  officer/manager ${urls.console}`,
  );
  if (agent)
    lines.push(
      `  print agent:    npm run agent -w @luot/printer -- --server ${base} --pair ${agent.code} --printer tcp://127.0.0.1:9100`,
    );
}
if (codes.size)
  lines.push(
    '',
    `Demo pairing codes above are valid ${DEMO_PAIRING_MS / 3_600_000} h and once each; a new start prints new ones.`,
  );
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
