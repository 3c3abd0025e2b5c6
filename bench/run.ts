// `npm run bench`: throughput, call → display latency, memory per display and a province day, each timing
// beside a baseline measured in the same run (the machines are shared and noisy: ratios mean more than figures).
// Load goes to 127.0.0.1 only, bounded in count. Prints a table and writes bench/results/<time>.json.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { child, load, machine, nextMessage, now, post, signIn, summary } from './lib.ts';
import { provinceDay } from './province-day.ts';

const quick = process.argv.includes('--quick');
const CENTER = 'bench-001';
const AREAS = ['ht', 'ct', 'dd', 'kd', 'ld'];

/** PostgreSQL for the throughput run, when one is reachable (.ci/run and the README say how to start one). */
const POSTGRES = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;

async function startServer(kind: string, ...args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = child('./server-process.ts', [kind, ...args]);
  const { url } = await nextMessage<{ url: string }>(proc, 'ready');
  return { proc, url };
}

const stop = (proc: ChildProcess) => {
  proc.send({ type: 'stop' });
  return new Promise((resolve) => proc.once('exit', resolve));
};

async function memoryOf(proc: ChildProcess) {
  proc.send({ type: 'memory' });
  return nextMessage<{ rss: number; heapUsed: number }>(proc, 'memory');
}

async function ticketsPerSecond() {
  const total = quick ? 500 : 3000;
  const rows = [];
  const bare = await startServer('bare-fastify');
  const stores: [string, string[]][] = [['SQLite', ['luot']]];
  if (POSTGRES) stores.push(['PostgreSQL', ['luot-postgres', POSTGRES]]);
  else console.warn('PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to measure it too.');
  for (const [store, args] of stores) {
    const luot = await startServer(...(args as [string, ...string[]]));
    for (const kiosks of [1, 16, 64]) {
      const tickets = await load(kiosks, total, (i) => post(`${luot.url}/api/centers/${CENTER}/tickets`, { areaId: AREAS[i % AREAS.length] }, { 'idempotency-key': `bench-${kiosks}-${i}` }));
      const baseline = await load(kiosks, total, () => post(`${bare.url}/noop`, { areaId: 'ht' }));
      rows.push({ store, kiosks, ticketsPerSecond: Math.round(tickets.perSecond), failed: tickets.failed, bareRoutePerSecond: Math.round(baseline.perSecond), ratio: +(tickets.perSecond / baseline.perSecond).toFixed(2) });
    }
    await stop(luot.proc);
  }
  await stop(bare.proc);
  return rows;
}

/** Display clients spread over several processes. */
async function connectDisplays(url: string, count: number): Promise<ChildProcess[]> {
  const processes = Math.min(4, count);
  const procs = Array.from({ length: processes }, (_, i) => child('./display-clients.ts', [url, String(Math.floor(count / processes) + (i < count % processes ? 1 : 0)), CENTER]));
  await Promise.all(procs.map((p) => nextMessage(p, 'ready')));
  return procs;
}

async function receipts(procs: ChildProcess[]): Promise<[number, number][]> {
  await new Promise((r) => setTimeout(r, 300));
  const all = await Promise.all(procs.map((p) => (p.send({ type: 'report' }), nextMessage<{ receipts: [number, number][] }>(p, 'report'))));
  return all.flatMap((r) => r.receipts);
}

const latencies = (sent: Map<number, number>, got: [number, number][]) => got.filter(([n]) => sent.has(n)).map(([n, t]) => t - sent.get(n)!);

async function callLatency() {
  const calls = quick ? 20 : 60;
  const rows = [];
  let memoryPerDisplay = null;
  for (const displays of [100, 1000, 2000]) {
    // luot: a call through the API (commit, event, broadcast) until each display has it.
    const luot = await startServer('luot');
    for (let i = 0; i < calls; i++) {
      const issued = await post(`${luot.url}/api/centers/${CENTER}/tickets`, { areaId: 'ht' }, { 'idempotency-key': `latency-${i}` });
      if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
    }
    const staff = await signIn(luot.url);
    const before = await memoryOf(luot.proc);
    const procs = await connectDisplays(luot.url, displays);
    const after = await memoryOf(luot.proc);
    if (displays === 2000) memoryPerDisplay = { rssKiB: Math.round((after.rss - before.rss) / displays / 1024), heapKiB: Math.round((after.heapUsed - before.heapUsed) / displays / 1024) };
    const sent = new Map<number, number>();
    for (let i = 0; i < calls; i++) {
      const t0 = now();
      const called = await post(`${luot.url}/api/centers/${CENTER}/counters/3/call-next`, undefined, staff);
      if (called.status !== 200) throw new Error(`call-next: ${called.status} ${JSON.stringify(called.body)}`);
      sent.set(called.body.number, t0);
      await post(`${luot.url}/api/centers/${CENTER}/counters/3/start`, undefined, staff);
      await post(`${luot.url}/api/centers/${CENTER}/counters/3/complete`, undefined, staff);
    }
    const luotMs = summary(latencies(sent, await receipts(procs)));
    const events = await fetch(`${luot.url}/api/centers/${CENTER}/events?after=0&limit=1000`).then((r) => r.json());
    // What luot broadcast for the calls (each: called, serving, completed), to replay in the baseline.
    const broadcast = (events as { type: string; call: { number: number } | null }[]).filter((e) => e.type !== 'ticket:issued');
    await Promise.all([...procs.map(stop), stop(luot.proc)]);

    // Baseline: the same events through a bare Socket.IO broadcast to as many clients.
    const bare = await startServer('bare-socketio');
    const bareProcs = await connectDisplays(bare.url, displays);
    const bareSent = new Map<number, number>();
    for (const [i, event] of broadcast.entries()) {
      const payload = structuredClone(event);
      if (payload.call) {
        payload.call.number = 100_000 + i;
        bareSent.set(payload.call.number, now());
      }
      await post(`${bare.url}/emit`, payload);
    }
    const bareMs = summary(latencies(bareSent, await receipts(bareProcs)));
    await Promise.all([...bareProcs.map(stop), stop(bare.proc)]);
    const round = (x: number) => +x.toFixed(1);
    rows.push({
      displays,
      received: `${luotMs.n}/${calls * displays}`,
      p50: round(luotMs.p50),
      p99: round(luotMs.p99),
      max: round(luotMs.max),
      bareP50: round(bareMs.p50),
      bareP99: round(bareMs.p99),
      bareMax: round(bareMs.max),
      p99Ratio: +(luotMs.p99 / bareMs.p99).toFixed(2),
    });
  }
  return { rows, memoryPerDisplay };
}

const results = { at: new Date().toISOString(), machine: machine(), quick } as Record<string, unknown>;
console.log(`luot benchmarks on ${results.machine && JSON.stringify(results.machine)}${quick ? ' (quick)' : ''}\n`);

results.ticketsPerSecond = await ticketsPerSecond();
console.log('Durable tickets per second over HTTP, beside a bare Fastify route:');
console.table(results.ticketsPerSecond);

const latency = await callLatency();
results.callToDisplayMs = latency.rows;
results.memoryPerDisplay = latency.memoryPerDisplay;
console.log('Call → display latency in ms, measured at the clients, beside a bare Socket.IO broadcast:');
console.table(latency.rows);
console.log('Server memory per connected display (2,000 displays):', latency.memoryPerDisplay);

results.provinceDay = await provinceDay(quick ? 10 : 104);
console.log('\nA province day (in-process queue service on SQLite):');
console.table([results.provinceDay]);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${(results.at as string).replaceAll(':', '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nwritten ${file.pathname}`);
