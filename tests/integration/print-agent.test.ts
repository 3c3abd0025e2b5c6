// The print agent against the real server and a network printer on 127.0.0.1: exact bytes, retries while the
// printer is away, paper-out reported to the kiosk screen, and no ticket printed twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CenterSocket,
  type IssuedTicket,
  type PrinterStatusUpdate,
  type PrintUpdate,
  trackingUrlOf,
} from '@luot/contract';
import { PrintAgent } from '../../printer/src/agent.ts';
import { targetOf } from '../../printer/src/connection.ts';
import { startFakePrinter } from '../../printer/src/fake-printer.ts';
import { profileOf } from '../../printer/src/profile.ts';
import { ticketBytes } from '../../printer/src/ticket-bytes.ts';
import { waitFor } from '../helpers/wait.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const CENTER = 'ninh-kieu';
const KIOSK = 'ninh-kieu-kiosk-1';
/** The seeded print agent of KIOSK. */
const AGENT = 'ninh-kieu-printer-1';
const profile = profileOf('epson');

let t: TestServer;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  t = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'luot-print-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function agentOn(printer: string, stateDir = join(dir, `state-${Math.random().toString(36).slice(2)}`)) {
  const agent = new PrintAgent({
    serverUrl: t.url,
    credential: (await t.enrollDevice(CENTER, AGENT)).credential,
    centerId: CENTER,
    kioskId: KIOSK,
    target: targetOf(printer),
    paper: 80,
    profile,
    stateDir,
    retryMs: 100,
    pollMs: 200,
    timeoutMs: 1_000,
  });
  agent.start();
  cleanups.push(() => agent.stop());
  return { agent, stateDir };
}

async function fakePrinter(options: { port?: number; paperOut?: boolean } = {}) {
  const printer = await startFakePrinter(options);
  cleanups.push(() => printer.close());
  return printer;
}

/** A kiosk screen watching its printer. */
async function kioskScreen() {
  const socket: CenterSocket = t.deviceSocket((await t.enrollDevice(CENTER, KIOSK)).credential);
  const updates: PrintUpdate[] = [];
  const statuses: PrinterStatusUpdate[] = [];
  socket.on('print:update', (u) => updates.push(u));
  socket.on('printer:status', (s) => statuses.push(s));
  const ack = await socket.emitWithAck('kiosk:watch', { centerId: CENTER, kioskId: KIOSK });
  cleanups.push(() => void socket.disconnect());
  return { socket, updates, statuses, ack };
}

async function issue(): Promise<IssuedTicket> {
  const res = await t.issueAsKiosk((await t.enrollDevice(CENTER, KIOSK)).credential, CENTER, { areaId: 'ht' });
  expect(res.status).toBe(201);
  return res.body;
}

const expectedBytes = (issued: IssuedTicket, jobId: string) =>
  ticketBytes(
    {
      jobId,
      kioskId: KIOSK,
      issued,
      trackingUrl: trackingUrlOf(t.url, issued.ticket.dossierCode, issued.ticket.trackingSecret),
      validFrom: '',
      expiresAt: '',
    },
    80,
    profile,
  );

const printedUpdate = (screen: { updates: PrintUpdate[] }, ticketId: string) => () =>
  screen.updates.find((u) => u.ticketId === ticketId && u.state === 'printed');

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const p = await startFakePrinter();
  await p.close();
  return p.port;
}

describe('print agent', () => {
  it('prints exactly the job bytes on a network printer, and the kiosk screen hears "printed"', async () => {
    const printer = await fakePrinter();
    const screen = await kioskScreen();
    expect(screen.ack).toEqual({ ok: true, printer: 'offline' }); // no agent yet
    await agentOn(printer.url);
    await waitFor(() => screen.statuses.find((s) => s.printer === 'ready'), 'printer ready');

    const issued = await issue();
    const [bytes] = await printer.waitForJobs(1);
    const update = await waitFor(printedUpdate(screen, issued.ticket.id), 'printed update');
    expect(update).toMatchObject({ kioskId: KIOSK, state: 'printed', printer: 'ready', message: null });
    expect(Buffer.compare(bytes, await expectedBytes(issued, update.jobId))).toBe(0);
    // The agent asked the paper status before printing.
    expect(printer.queries).toEqual(expect.arrayContaining([2, 4]));
  });

  it('keeps a job while the printer is unreachable and prints it once the printer is back', async () => {
    const port = await freePort();
    const screen = await kioskScreen();
    await agentOn(`tcp://127.0.0.1:${port}`);
    await waitFor(() => screen.statuses.find((s) => s.printer === 'offline'), 'offline status');
    const issued = await issue();
    await waitFor(
      () => screen.updates.find((u) => u.ticketId === issued.ticket.id && u.state === 'printing'),
      'printing update',
    );

    const printer = await fakePrinter({ port });
    const [bytes] = await printer.waitForJobs(1);
    const update = await waitFor(printedUpdate(screen, issued.ticket.id), 'printed update');
    expect(Buffer.compare(bytes, await expectedBytes(issued, update.jobId))).toBe(0);
    await waitFor(() => screen.statuses.find((s) => s.printer === 'ready'), 'ready status');
    // Polling goes on; still one ticket on paper.
    await new Promise((r) => setTimeout(r, 500));
    expect(printer.jobs).toHaveLength(1);
  });

  it('reports paper-out from DLE EOT, holds the ticket, and prints it when paper is loaded', async () => {
    const printer = await fakePrinter({ paperOut: true });
    const screen = await kioskScreen();
    await agentOn(printer.url);
    await waitFor(() => screen.statuses.find((s) => s.printer === 'paper_out'), 'paper_out status');
    const issued = await issue();
    await waitFor(
      () => screen.updates.find((u) => u.ticketId === issued.ticket.id && u.state === 'printing'),
      'printing update',
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(printer.jobs).toHaveLength(0);

    printer.paperOut = false;
    await printer.waitForJobs(1);
    await waitFor(printedUpdate(screen, issued.ticket.id), 'printed update');
    expect(screen.statuses.at(-1)?.printer).toBe('ready');
  });

  it('never prints a ticket twice, even when the server sends the job again after a lost answer', async () => {
    const printer = await fakePrinter();
    const screen = await kioskScreen();
    const first = await agentOn(printer.url);
    const issued = await issue();
    await printer.waitForJobs(1);
    const update = await waitFor(printedUpdate(screen, issued.ticket.id), 'printed update');
    await first.agent.stop();
    await waitFor(() => screen.statuses.at(-1)?.printer === 'offline', 'offline after the agent left');

    // As if the "printed" answer had been lost: the server still thinks the job is out.
    await t.db().updateTable('print_jobs').set({ state: 'printing' }).where('id', '=', update.jobId).execute();
    screen.updates.length = 0;

    await agentOn(printer.url, first.stateDir); // same kiosk machine, same journal
    await waitFor(printedUpdate(screen, issued.ticket.id), 'printed again from the journal');
    await new Promise((r) => setTimeout(r, 400));
    expect(printer.jobs).toHaveLength(1);
  });

  it('sends jobs queued while no agent was attached when one attaches, in order', async () => {
    const printer = await fakePrinter();
    const screen = await kioskScreen();
    const a = await issue();
    const b = await issue();
    await waitFor(
      () => screen.updates.filter((u) => u.state === 'queued' && u.printer === 'offline').length >= 2,
      'queued updates',
    );
    await agentOn(printer.url);
    const jobs = await printer.waitForJobs(2);
    const ua = await waitFor(printedUpdate(screen, a.ticket.id), 'a printed');
    const ub = await waitFor(printedUpdate(screen, b.ticket.id), 'b printed');
    expect(Buffer.compare(jobs[0], await expectedBytes(a, ua.jobId))).toBe(0);
    expect(Buffer.compare(jobs[1], await expectedBytes(b, ub.jobId))).toBe(0);
  });

  it('refuses a second agent for the same kiosk, another kiosk, and a kiosk screen of another center', async () => {
    const printer = await fakePrinter();
    const screen = await kioskScreen();
    await agentOn(printer.url);
    await waitFor(() => screen.statuses.find((s) => s.printer === 'ready'), 'printer ready');
    // A second connection with the agent's own credential (a second agent process on the machine).
    const other = t.deviceSocket((await t.enrollDevice(CENTER, AGENT)).credential);
    cleanups.push(() => void other.disconnect());
    expect(await other.emitWithAck('printer:attach', { centerId: CENTER, kioskId: KIOSK })).toMatchObject({
      ok: false,
      code: 'PRINTER_ALREADY_ATTACHED',
    });
    expect(await other.emitWithAck('printer:attach', { centerId: CENTER, kioskId: 'no-such-kiosk' })).toMatchObject({
      ok: false,
      code: 'DEVICE_WRONG_KIND',
    });
    const kiosk = t.deviceSocket((await t.enrollDevice(CENTER, KIOSK)).credential);
    cleanups.push(() => void kiosk.disconnect());
    expect(await kiosk.emitWithAck('kiosk:watch', { centerId: 'nowhere', kioskId: KIOSK })).toMatchObject({
      ok: false,
      code: 'DEVICE_WRONG_KIND',
    });
    expect(await other.emitWithAck('printer:attach', { centerId: CENTER } as never)).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
  });

  it('a ticket issued by a staff member (no kiosk) has no print job', async () => {
    const res = await t.request(
      'POST',
      `/api/centers/${CENTER}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    expect(res.status).toBe(201);
    expect(
      await t.db().selectFrom('print_jobs').select('id').where('ticket_id', '=', res.body.ticket.id).execute(),
    ).toEqual([]);
  });
});

describe('print job validity', () => {
  /** A server whose print jobs are valid `ttlMs`, with its own agents and kiosk screen. */
  async function setup(options: { ttlMs: number; clock?: () => Date }) {
    const server = await startTestServer({
      config: { printJobTtlMs: options.ttlMs },
      ...(options.clock ? { clock: options.clock } : {}),
    });
    cleanups.push(() => server.close());
    const printer = await fakePrinter();
    const stateDir = join(dir, `state-${Math.random().toString(36).slice(2)}`);
    const agentCredential = (await server.enrollDevice(CENTER, AGENT)).credential;
    const kioskCredential = (await server.enrollDevice(CENTER, KIOSK)).credential;
    const startAgent = () => {
      const agent = new PrintAgent({
        serverUrl: server.url,
        credential: agentCredential,
        centerId: CENTER,
        kioskId: KIOSK,
        target: targetOf(printer.url),
        paper: 80,
        profile,
        stateDir,
        retryMs: 100,
        pollMs: 200,
        timeoutMs: 1_000,
      });
      agent.start();
      cleanups.push(() => agent.stop());
      return agent;
    };
    const socket: CenterSocket = server.deviceSocket(kioskCredential);
    const updates: PrintUpdate[] = [];
    const statuses: PrinterStatusUpdate[] = [];
    socket.on('print:update', (u) => updates.push(u));
    socket.on('printer:status', (s) => statuses.push(s));
    await socket.emitWithAck('kiosk:watch', { centerId: CENTER, kioskId: KIOSK });
    const issueHere = async (): Promise<IssuedTicket> => {
      const res = await server.issueAsKiosk(kioskCredential, CENTER, { areaId: 'ht' });
      expect(res.status).toBe(201);
      return res.body;
    };
    const jobState = async (ticketId: string) =>
      server
        .db()
        .selectFrom('print_jobs')
        .select(['state', 'message'])
        .where('ticket_id', '=', ticketId)
        .executeTakeFirstOrThrow();
    return { server, printer, startAgent, socket, updates, statuses, issueHere, jobState };
  }

  it('expires a job its agent did not get in time: not printed when the agent reconnects, reprinted on the kiosk’s request', async () => {
    const s = await setup({ ttlMs: 1_500 });
    const first = s.startAgent();
    await waitFor(() => s.statuses.find((x) => x.printer === 'ready'), 'printer ready');
    await first.stop();
    await waitFor(() => s.statuses.at(-1)?.printer === 'offline', 'offline after the agent left');

    const issued = await s.issueHere();
    const expired = await waitFor(
      () => s.updates.find((u) => u.ticketId === issued.ticket.id && u.state === 'expired'),
      'expired update',
      10_000,
    );
    expect(expired.message).toMatch(/Quá thời hạn in/);
    expect((await s.jobState(issued.ticket.id)).state).toBe('expired');

    // The agent comes back: the expired ticket is not printed for the next person.
    s.startAgent();
    await waitFor(() => s.statuses.filter((x) => x.printer === 'ready').length >= 2, 'printer ready again');
    await new Promise((r) => setTimeout(r, 800));
    expect(s.printer.jobs).toHaveLength(0);
    expect((await s.jobState(issued.ticket.id)).state).toBe('expired');

    // The citizen is still at the kiosk and asks again: printed once, exactly the ticket.
    const other = server2Socket(s.server);
    expect(
      await other.emitWithAck('kiosk:reprint', { centerId: CENTER, kioskId: KIOSK, ticketId: issued.ticket.id }),
    ).toMatchObject({ ok: false, code: 'KIOSK_NOT_FOUND' });
    expect(
      await s.socket.emitWithAck('kiosk:reprint', { centerId: CENTER, kioskId: KIOSK, ticketId: 'nope' }),
    ).toMatchObject({ ok: false, code: 'TICKET_NOT_FOUND' });
    expect(
      await s.socket.emitWithAck('kiosk:reprint', { centerId: CENTER, kioskId: KIOSK, ticketId: issued.ticket.id }),
    ).toMatchObject({ ok: true, printer: 'ready' });
    const [bytes] = await s.printer.waitForJobs(1);
    const printed = await waitFor(
      () => s.updates.find((u) => u.ticketId === issued.ticket.id && u.state === 'printed'),
      'printed after reprint',
    );
    const expectedReprint = await ticketBytes(
      {
        jobId: printed.jobId,
        kioskId: KIOSK,
        issued,
        trackingUrl: trackingUrlOf(s.server.url, issued.ticket.dossierCode, issued.ticket.trackingSecret),
        validFrom: '',
        expiresAt: '',
      },
      80,
      profile,
    );
    expect(Buffer.compare(bytes, expectedReprint)).toBe(0);
    // Printed is final: no second reprint.
    expect(
      await s.socket.emitWithAck('kiosk:reprint', { centerId: CENTER, kioskId: KIOSK, ticketId: issued.ticket.id }),
    ).toMatchObject({ ok: false, code: 'PRINT_NOT_REPRINTABLE' });
    await new Promise((r) => setTimeout(r, 400));
    expect(s.printer.jobs).toHaveLength(1);
  }, 60_000);

  it('the agent itself refuses a job already past its validity', async () => {
    // The server's clock is ten minutes late: it thinks the job is fresh and sends it; the kiosk machine knows better.
    const s = await setup({ ttlMs: 120_000, clock: () => new Date(Date.now() - 600_000) });
    s.startAgent();
    await waitFor(() => s.statuses.find((x) => x.printer === 'ready'), 'printer ready');
    const issued = await s.issueHere();
    const failed = await waitFor(
      () => s.updates.find((u) => u.ticketId === issued.ticket.id && u.state === 'failed'),
      'refused by the agent',
    );
    expect(failed.message).toMatch(/Quá thời hạn in/);
    await new Promise((r) => setTimeout(r, 400));
    expect(s.printer.jobs).toHaveLength(0);
  }, 60_000);
});

function server2Socket(server: TestServer): CenterSocket {
  const socket = server.socket();
  cleanups.push(() => void socket.disconnect());
  return socket;
}
