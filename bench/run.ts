// `npm run bench`: each figure beside its baseline measured in the same run, interleaved (A B A B …, the median of
// several rounds), because these machines are shared and noisy: ratios mean more than figures.
// - durable tickets per second over HTTP (kiosks printing), beside a bare Fastify route;
// - issue, call-next, snapshot and board on a center with 300 days of history, beside the same center empty;
// - a kiosk's issue latency at one center while year reports of that history run, beside none running;
// - call → display latency while kiosks issue and three other centers run, beside a bare Socket.IO broadcast of the
//   same deltas; bytes per call per display; server memory per display after a full GC;
// - 2,000 displays reconnecting at once: time until every one holds the center's latest state;
// - a province day through the queue service;
// - applying the example province file (121 centers) to an empty database, then again, on SQLite and PostgreSQL.
// Load goes to 127.0.0.1 only, bounded in count. Prints tables and writes bench/results/<time>.json.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { type CenterEvent, encodeDelta } from '@luot/contract';
import { provinceFileApply } from './province-file.ts';
import { child, enrollKiosks, load, machine, nextMessage, now, post, signIn, summary } from './lib.ts';
import { provinceDay } from './province-day.ts';
import { benchCenterId } from './province.ts';

const quick = process.argv.includes('--quick');
/** `--only=throughput,history,report,latency,storm,day,file`: some parts only. */
const only =
  process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',') ?? null;
const part = (name: string) => !only || only.includes(name);
const ROUNDS = quick ? 3 : 5;
const CENTER = benchCenterId(1);
const AREAS = ['ht', 'ct', 'dd', 'kd', 'ld'];
/** History of the measured center: 300 service days. */
const HISTORY_DAYS = 300;
const HISTORY_PER_DAY = quick ? 100 : 300;

/** PostgreSQL for the throughput run, when one is reachable (.ci/run and the README say how to start one). */
const POSTGRES = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;

interface Started {
  proc: ChildProcess;
  url: string;
  history?: { days: number; tickets: number; events: number; seconds: number; bytesPerTicket: number };
}

async function startServer(kind: string, ...args: string[]): Promise<Started> {
  const proc = child('./server-process.ts', [kind, ...args], ['--expose-gc']);
  const ready = await nextMessage<Omit<Started, 'proc'>>(proc, 'ready');
  return { proc, ...ready };
}

const stop = (proc: ChildProcess) => {
  proc.send({ type: 'stop' });
  return new Promise((resolve) => proc.once('exit', resolve));
};

async function memoryOf(proc: ChildProcess) {
  proc.send({ type: 'memory' });
  return nextMessage<{ rss: number; heapUsed: number; gc: boolean }>(proc, 'memory');
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (x: number) => +x.toFixed(1);
const ratio = (a: number, b: number) => +(a / b).toFixed(2);

/** Runs A and B alternately `rounds` times; each returns one figure per round; medians of both. */
async function interleaved(
  rounds: number,
  a: (round: number) => Promise<number>,
  b: (round: number) => Promise<number>,
) {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // A B, then B A: neither side always runs on a machine warmed (or tired) by the other.
    if (r % 2 === 0) {
      as.push(await a(r));
      bs.push(await b(r));
    } else {
      bs.push(await b(r));
      as.push(await a(r));
    }
  }
  return { a: median(as), b: median(bs) };
}

async function ticketsPerSecond() {
  const perRound = quick ? 200 : 1000;
  const rows = [];
  const bare = await startServer('bare-fastify');
  const stores: [string, string[]][] = [['SQLite', ['luot']]];
  if (POSTGRES) stores.push(['PostgreSQL', ['luot-postgres', POSTGRES]]);
  else console.warn('PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to measure it too.');
  for (const [store, args] of stores) {
    const luot = await startServer(args[0], ...args.slice(1));
    const enrolled = await enrollKiosks(luot.proc, CENTER, 64);
    for (const kiosks of [1, 16, 64]) {
      let failed = 0;
      const m = await interleaved(
        ROUNDS,
        async (r) => {
          // Each kiosk has its printer: every ticket also queues its print job, in the same transaction.
          const res = await load(kiosks, perRound, (i) =>
            post(
              `${luot.url}/api/centers/${CENTER}/tickets`,
              { areaId: AREAS[i % AREAS.length] },
              { 'idempotency-key': `bench-${kiosks}-${r}-${i}`, ...enrolled[i % kiosks] },
            ),
          );
          failed += res.failed;
          return res.perSecond;
        },
        async () => (await load(kiosks, perRound, () => post(`${bare.url}/noop`, { areaId: 'ht' }))).perSecond,
      );
      rows.push({
        store,
        kiosks,
        ticketsPerSecond: Math.round(m.a),
        failed,
        bareRoutePerSecond: Math.round(m.b),
        ratio: ratio(m.a, m.b),
      });
    }
    await stop(luot.proc);
  }
  await stop(bare.proc);
  return rows;
}

/** Times `n` sequential requests; returns the median in ms. */
async function timed(n: number, send: (i: number) => Promise<{ status: number; body: unknown }>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    const res = await send(i);
    ms.push(now() - t0);
    if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  }
  return median(ms);
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.json() };
};

/** The hot commands on a center with a long history and on the same center empty, interleaved. */
async function history() {
  const n = quick ? 40 : 100;
  const empty = await startServer('luot');
  const old = await startServer('luot-history', String(HISTORY_DAYS), String(HISTORY_PER_DAY));
  const servers = new Map([
    [empty, await signIn(empty.url)],
    [old, await signIn(old.url)],
  ]);
  // Kiosk 1 of the center, enrolled on each server: its tickets queue their print jobs, as a real kiosk's do.
  const kiosk = new Map<Started, Record<string, string>>();
  for (const s of servers.keys()) kiosk.set(s, (await enrollKiosks(s.proc, CENTER, 2))[1]);
  const ops: Record<string, (s: Started, staff: Record<string, string>, r: number) => Promise<number>> = {
    issue: (s, _staff, r) =>
      timed(n, (i) =>
        post(
          `${s.url}/api/centers/${CENTER}/tickets`,
          { areaId: 'ht' },
          { 'idempotency-key': `hist-${r}-${i}`, ...kiosk.get(s)! },
        ),
      ),
    'call-next': async (s, staff) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = now();
        const res = await post(`${s.url}/api/centers/${CENTER}/counters/3/call-next`, undefined, staff);
        ms.push(now() - t0);
        if (res.status !== 200) throw new Error(`call-next: ${res.status} ${JSON.stringify(res.body)}`);
        await post(`${s.url}/api/centers/${CENTER}/counters/3/start`, undefined, staff);
        await post(`${s.url}/api/centers/${CENTER}/counters/3/complete`, undefined, staff);
      }
      return median(ms);
    },
    snapshot: (s) => timed(n, () => get(`${s.url}/api/centers/${CENTER}/snapshot`)),
    board: (s, staff) => timed(n, () => get(`${s.url}/api/centers/${CENTER}/board`, staff)),
  };
  const rows = [];
  for (const [op, run] of Object.entries(ops)) {
    const m = await interleaved(
      ROUNDS,
      (r) => run(old, servers.get(old)!, r),
      (r) => run(empty, servers.get(empty)!, r),
    );
    rows.push({
      command: op,
      historyMs: round1(m.a),
      emptyMs: round1(m.b),
      ratio: ratio(m.a, m.b),
      target: op === 'issue' || op === 'call-next' ? '≤ 1.2' : '',
    });
  }
  await Promise.all([stop(empty.proc), stop(old.proc)]);
  return { database: old.history, rows };
}

/**
 * A kiosk at another center issues one ticket after another while year reports of the 300-day center run back to
 * back (on the store's read path), beside the same kiosk with no report running: interleaved rounds, the median of
 * the rounds' p99.
 */
async function reportBesideIssue() {
  const n = quick ? 150 : 400;
  const old = await startServer('luot-history', String(HISTORY_DAYS), String(HISTORY_PER_DAY));
  const staff = await signIn(old.url);
  const other = benchCenterId(2);
  const kiosk = (await enrollKiosks(old.proc, other, 2))[1];
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - 365 * 86_400_000).toISOString().slice(0, 10);
  const reportUrl = `${old.url}/api/centers/${CENTER}/reports?from=${from}&to=${to}&by=area`;
  const reportMs: number[] = [];
  const samples = { with: [] as number[], without: [] as number[] };
  /** One round of `n` issues; its p99. */
  const issueRound = async (side: 'with' | 'without', r: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      const res = await post(
        `${old.url}/api/centers/${other}/tickets`,
        { areaId: AREAS[i % AREAS.length] },
        { 'idempotency-key': `report-${side}-${r}-${i}`, ...kiosk },
      );
      ms.push(now() - t0);
      if (res.status !== 201) throw new Error(`issue: ${res.status} ${JSON.stringify(res.body)}`);
    }
    samples[side].push(...ms);
    return summary(ms).p99;
  };
  const p99 = await interleaved(
    ROUNDS,
    async (r) => {
      let running = true;
      const reports = (async () => {
        while (running) {
          const t0 = now();
          const res = await get(reportUrl, staff);
          if (res.status !== 200) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
          reportMs.push(now() - t0);
        }
      })();
      // The first report is under way before the kiosk starts.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const roundP99 = await issueRound('with', r);
      running = false;
      await reports;
      return roundP99;
    },
    (r) => issueRound('without', r),
  );
  await stop(old.proc);
  const withReport = summary(samples.with);
  const without = summary(samples.without);
  return {
    issuesPerSide: withReport.n,
    yearReports: reportMs.length,
    yearReportMedianMs: Math.round(median(reportMs)),
    kioskP50WithReportMs: round1(withReport.p50),
    kioskP50WithoutMs: round1(without.p50),
    kioskP99WithReportMs: round1(p99.a),
    kioskP99WithoutMs: round1(p99.b),
    p99Ratio: ratio(p99.a, p99.b),
    target: '≤ 1.5',
  };
}

/** Display clients spread over several processes. */
async function connectDisplays(url: string, count: number, mode: 'raw' | 'follow' = 'raw'): Promise<ChildProcess[]> {
  const processes = Math.min(4, count);
  const procs = Array.from({ length: processes }, (_, i) =>
    child('./display-clients.ts', [
      url,
      String(Math.floor(count / processes) + (i < count % processes ? 1 : 0)),
      CENTER,
      mode,
    ]),
  );
  await Promise.all(procs.map((p) => nextMessage(p, 'ready')));
  return procs;
}

interface Report {
  receipts: [number, number][];
  calls: number;
  callBytes: number;
  deltas: number;
  deltaBytes: number;
}

async function reports(procs: ChildProcess[]): Promise<Report> {
  await new Promise((r) => setTimeout(r, 300));
  const all = await Promise.all(procs.map((p) => (p.send({ type: 'report' }), nextMessage<Report>(p, 'report'))));
  return {
    receipts: all.flatMap((r) => r.receipts),
    calls: all.reduce((s, r) => s + r.calls, 0),
    callBytes: all.reduce((s, r) => s + r.callBytes, 0),
    deltas: all.reduce((s, r) => s + r.deltas, 0),
    deltaBytes: all.reduce((s, r) => s + r.deltaBytes, 0),
  };
}

const latencies = (sent: Map<number, number>, got: [number, number][]) =>
  got.filter(([n]) => sent.has(n)).map(([n, t]) => t - sent.get(n)!);

/** Kiosks issuing at the measured center (areas its measured counter does not serve) and three other centers running. */
/** `kiosks`: the headers of kiosk k of bench centers 1–4 (enrolled first, see enrollKiosks), by center then k. */
function backgroundLoad(url: string, staff: Record<string, string>, kiosks: Map<string, Record<string, string>[]>) {
  let running = true;
  let issued = 0;
  let commands = 0;
  const loops: Promise<void>[] = [];
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (let k = 0; k < 4; k++) {
    loops.push(
      (async () => {
        for (let i = 0; running; i++) {
          const center = benchCenterId(1 + ((i + k) % 4));
          const area = center === CENTER ? AREAS[1 + (i % 4)] : AREAS[i % AREAS.length];
          const res = await post(
            `${url}/api/centers/${center}/tickets`,
            { areaId: area },
            { 'idempotency-key': `bg-${k}-${i}`, ...kiosks.get(center)![k] },
          );
          if (res.status < 300) issued += 1;
          await pause(20);
        }
      })(),
    );
  }
  for (const c of [2, 3, 4]) {
    for (const counter of ['1', '4', '6']) {
      loops.push(
        (async () => {
          const base = `${url}/api/centers/${benchCenterId(c)}/counters/${counter}`;
          while (running) {
            const called = await post(`${base}/call-next`, undefined, staff);
            if (called.status === 200) {
              await post(`${base}/start`, undefined, staff);
              await post(`${base}/complete`, undefined, staff);
              commands += 3;
            }
            await pause(called.status === 200 ? 50 : 200);
          }
        })(),
      );
    }
  }
  return async () => {
    running = false;
    await Promise.all(loops);
    return { issued, commands };
  };
}

async function callLatency() {
  const callsPerRound = quick ? 10 : 20;
  const rows = [];
  let memoryPerDisplay = null;
  let wire = null;
  for (const displays of quick ? [100, 1000] : [100, 1000, 2000]) {
    const luot = await startServer('luot', '4');
    const bare = await startServer('bare-socketio');
    const staff = await signIn(luot.url);
    for (let i = 0; i < callsPerRound * ROUNDS; i++) {
      const issued = await post(
        `${luot.url}/api/centers/${CENTER}/tickets`,
        { areaId: 'ht' },
        { 'idempotency-key': `latency-${i}`, ...staff },
      );
      if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
    }
    const before = await memoryOf(luot.proc);
    const procs = await connectDisplays(luot.url, displays);
    const after = await memoryOf(luot.proc);
    memoryPerDisplay = {
      displays,
      rssKiB: Math.round((after.rss - before.rss) / displays / 1024),
      heapKiB: Math.round((after.heapUsed - before.heapUsed) / displays / 1024),
      fullGc: after.gc,
    };
    const bareProcs = await connectDisplays(bare.url, displays);
    const kiosks = new Map<string, Record<string, string>[]>();
    for (let c = 1; c <= 4; c++) kiosks.set(benchCenterId(c), await enrollKiosks(luot.proc, benchCenterId(c), 4));
    const stopLoad = backgroundLoad(luot.url, staff, kiosks);
    await new Promise((r) => setTimeout(r, 500));

    const luotSamples: number[] = [];
    const bareSamples: number[] = [];
    let replayed = 0;
    let wireRound: Report | null = null;
    const m = await interleaved(
      ROUNDS,
      async () => {
        // luot: a call through the API (commit, event, broadcast) until each display has it.
        await reports(procs);
        const sent = new Map<number, number>();
        for (let i = 0; i < callsPerRound; i++) {
          const t0 = now();
          const called = await post(`${luot.url}/api/centers/${CENTER}/counters/3/call-next`, undefined, staff);
          if (called.status !== 200) throw new Error(`call-next: ${called.status} ${JSON.stringify(called.body)}`);
          sent.set((called.body as { number: number }).number, t0);
          await post(`${luot.url}/api/centers/${CENTER}/counters/3/start`, undefined, staff);
          await post(`${luot.url}/api/centers/${CENTER}/counters/3/complete`, undefined, staff);
        }
        const report = await reports(procs);
        wireRound ??= report;
        const ms = latencies(sent, report.receipts);
        luotSamples.push(...ms);
        return summary(ms).p99;
      },
      async () => {
        // Baseline: the deltas luot broadcast for its latest calls of the measured counter (called, serving,
        // completed), through a bare Socket.IO server to as many clients.
        const { seq } = (await get(`${luot.url}/api/centers/${CENTER}/snapshot`)).body as { seq: number };
        const events = (
          await get(`${luot.url}/api/centers/${CENTER}/events?after=${Math.max(0, seq - 1000)}&limit=1000`)
        ).body as CenterEvent[];
        const ours = events
          .filter((e) => e.counters.some((c) => c.id === '3') && e.type !== 'ticket:issued')
          .slice(-3 * callsPerRound);
        if (ours.length === 0) throw new Error('no call to replay yet');
        await reports(bareProcs);
        const sent = new Map<number, number>();
        for (let i = 0; i < 3 * callsPerRound; i++) {
          const event = ours[i % ours.length];
          const payload = encodeDelta(event);
          if (event.type === 'ticket:called' && payload.i) {
            payload.i[1] = 1_000_000 + replayed++;
            sent.set(payload.i[1], now());
          }
          await post(`${bare.url}/emit`, { type: event.type, payload });
        }
        const ms = latencies(sent, (await reports(bareProcs)).receipts);
        bareSamples.push(...ms);
        return summary(ms).p99;
      },
    );
    const load = await stopLoad();
    await Promise.all([...procs.map(stop), ...bareProcs.map(stop), stop(luot.proc), stop(bare.proc)]);
    const all = summary(luotSamples);
    const base = summary(bareSamples);
    rows.push({
      displays,
      samples: `${all.n}/${callsPerRound * ROUNDS * displays}`,
      p50: round1(all.p50),
      p99: round1(all.p99),
      max: round1(all.max),
      bareP50: round1(base.p50),
      bareP99: round1(base.p99),
      medianRoundP99: round1(m.a),
      bareMedianRoundP99: round1(m.b),
      p99Ratio: ratio(m.a, m.b),
      backgroundTickets: load.issued,
      backgroundCommands: load.commands,
    });
    const w = wireRound as Report | null;
    if (w && w.calls > 0)
      wire = {
        bytesPerCallPerDisplay: Math.round(w.callBytes / w.calls),
        bytesPerDeltaPerDisplay: Math.round(w.deltaBytes / w.deltas),
        deltasPerDisplayPerCall: round1(w.deltas / displays / callsPerRound),
      };
  }
  return { rows, memoryPerDisplay, wire };
}

/** 2,000 displays that drop at once and come back at once, while the center moved on: until all hold its state. */
async function reconnectStorm(displays = 2000) {
  const luot = await startServer('luot');
  const staff = await signIn(luot.url);
  await post(`${luot.url}/api/centers/${CENTER}/tickets`, { areaId: 'ht' }, { 'idempotency-key': 'storm-1', ...staff });
  const connectStarted = now();
  const procs = await connectDisplays(luot.url, displays, 'follow');
  const connectMs = now() - connectStarted;
  await Promise.all(procs.map((p) => (p.send({ type: 'drop' }), nextMessage(p, 'dropped'))));
  // Meanwhile the center moves on: the displays must come back to the new state.
  await post(`${luot.url}/api/centers/${CENTER}/counters/3/call-next`, undefined, staff);
  const { seq } = (await get(`${luot.url}/api/centers/${CENTER}/snapshot`)).body as { seq: number };
  const started = now();
  const converged = procs.map((p) => nextMessage<{ ms: number }>(p, 'converged'));
  for (const p of procs) p.send({ type: 'reconnect', seq });
  // Bounded: a run never hangs on displays that do not come back.
  const limit = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 120_000).unref());
  const outcome = await Promise.race([Promise.all(converged), limit]);
  const ms = now() - started;
  await Promise.all([...procs.map(stop), stop(luot.proc)]);
  return {
    displays,
    firstConnectMs: Math.round(connectMs),
    reconnectConvergedMs: outcome === 'timeout' ? 'not within 120 s' : Math.round(ms),
    target: '≤ 5000',
  };
}

const results = { at: new Date().toISOString(), machine: machine(), quick, rounds: ROUNDS } as Record<string, unknown>;
console.log(
  `luot benchmarks on ${JSON.stringify(results.machine)}${quick ? ' (quick)' : ''}, ${ROUNDS} interleaved rounds\n`,
);

if (part('throughput')) {
  results.ticketsPerSecond = await ticketsPerSecond();
  console.log(
    'Durable tickets per second over HTTP (each with its print job), beside a bare Fastify route (median of rounds):',
  );
  console.table(results.ticketsPerSecond);
}

if (part('history')) {
  const hist = await history();
  results.history = hist;
  console.log(
    `\nHot commands, median ms: a center with ${HISTORY_DAYS} days of history (${hist.database?.tickets} tickets, ${hist.database?.events} events, built in ${hist.database?.seconds} s through the store; ${hist.database?.bytesPerTicket} bytes per ticket on disk) beside the same center empty:`,
  );
  console.table(hist.rows);
}

if (part('report')) {
  results.reportBesideIssue = await reportBesideIssue();
  console.log(
    `\nA kiosk issuing at another center while year reports of the ${HISTORY_DAYS}-day center run, beside none running:`,
  );
  console.table([results.reportBesideIssue]);
}

if (part('latency')) {
  const latency = await callLatency();
  results.callToDisplayMs = latency.rows;
  results.memoryPerDisplay = latency.memoryPerDisplay;
  results.wire = latency.wire;
  console.log(
    '\nCall → display latency in ms at the clients while kiosks issue and three other centers run, beside a bare Socket.IO broadcast of the same deltas:',
  );
  console.table(latency.rows);
  console.log('Wire, per display:', latency.wire, '(target ≤ 150 bytes per call)');
  console.log('Server memory per connected display, after a full GC:', latency.memoryPerDisplay);
}

if (part('storm')) {
  results.reconnectStorm = await reconnectStorm();
  console.log('\nReconnect storm:', results.reconnectStorm);
}

if (part('day')) {
  results.provinceDay = await provinceDay(quick ? 10 : 104);
  console.log('\nA province day (in-process queue service on SQLite):');
  console.table([results.provinceDay]);
}

if (part('file')) {
  results.provinceFile = await provinceFileApply(POSTGRES);
  console.log(
    '\nApplying the example province file (121 centers) to an empty database, then again (no change), seconds:',
  );
  console.table(results.provinceFile);
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${(results.at as string).replaceAll(':', '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nwritten ${file.pathname}`);
