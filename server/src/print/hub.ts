// The server side of printing over Socket.IO: print agents attach as a kiosk's printer and get that kiosk's jobs;
// kiosk screens watch their printer. A job goes out again until its agent answers, never after "printed", and never
// once it has expired (a short validity: a ticket that did not print is not printed minutes later for the next
// person). The kiosk screen may ask for a reprint of a failed or expired ticket while its citizen is there.
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  type Ack,
  AttachPrinterRequest,
  type ErrorCode,
  PrinterStatus,
  PrintResult,
  REPRINT_WINDOW_MS,
  ReprintRequest,
  roomOfKiosk,
  roomOfPrinter,
  WatchKioskRequest,
} from '@luot/contract';
import { deviceOfSocket } from '../auth/socket-auth.ts';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import { errorBody } from '@luot/contract';
import type { Clock, QueueService } from '../queue/service.ts';
import type { RealtimeServer } from '../realtime/socket.ts';
import type { PrintJobRecord, Store } from '../store/store.ts';
import { DEFAULT_PRINT_JOB_TTL_MS, expiresAtOf, printJobOf } from './jobs.ts';

const validAttach = Compile(AttachPrinterRequest);
const validWatch = Compile(WatchKioskRequest);
const validReprint = Compile(ReprintRequest);
const validResult = Compile(PrintResult);
const validReport = Compile(
  Type.Object({ printer: PrinterStatus, message: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) }),
);

interface PrinterState {
  printer: PrinterStatus;
  message: string | null;
}

export interface PrintingOptions {
  /** Where citizens' phones reach the server: the base of the QR tracking link. */
  publicBase: () => string;
  clock?: Clock;
  /** How long a job stays printable after it was queued (DEFAULT_PRINT_JOB_TTL_MS). */
  jobTtlMs?: number;
}

const refuse = (ack: Ack, code: ErrorCode, detail?: string) => {
  const body = errorBody(code, detail);
  ack({ ok: false, code: body.code, message: body.message });
};

export function attachPrinting(
  io: RealtimeServer,
  queue: QueueService,
  { publicBase, clock = () => new Date(), jobTtlMs = DEFAULT_PRINT_JOB_TTL_MS }: PrintingOptions,
) {
  const store: Store = queue.store;
  /** kioskId → the socket id of its print agent. */
  const agents = new Map<string, string>();
  const states = new Map<string, PrinterState>();
  /** Jobs of one kiosk go out in order: one chain of sends per kiosk. */
  const chains = new Map<string, Promise<void>>();

  const stateOf = (kioskId: string): PrinterState =>
    agents.has(kioskId)
      ? (states.get(kioskId) ?? { printer: 'ready', message: null })
      : { printer: 'offline', message: null };

  const setState = (kioskId: string, state: PrinterState) => {
    states.set(kioskId, state);
    io.to(roomOfKiosk(kioskId)).emit('printer:status', { kioskId, printer: state.printer, at: clock().toISOString() });
  };

  const announce = (job: PrintJobRecord) => {
    const { printer } = stateOf(job.kioskId);
    io.to(roomOfKiosk(job.kioskId)).emit('print:update', {
      kioskId: job.kioskId,
      jobId: job.id,
      ticketId: job.ticketId,
      state: job.state,
      printer,
      message: job.message,
    });
  };

  const inOrder = (kioskId: string, step: () => Promise<void>) => {
    const next = (chains.get(kioskId) ?? Promise.resolve()).then(step).catch((err) => console.error('print job', err));
    chains.set(kioskId, next);
    return next;
  };

  const save = (job: PrintJobRecord, change: Partial<PrintJobRecord>): Promise<PrintJobRecord> =>
    store.transaction(async (tx) => {
      const current = await tx.printJob(job.id);
      if (!current) throw new Error(`print job ${job.id} vanished`);
      const next = { ...current, ...change, updatedAt: clock().toISOString() };
      await tx.updatePrintJob(next);
      return next;
    });

  const expired = (job: PrintJobRecord) => clock().getTime() >= expiresAtOf(job, jobTtlMs).getTime();
  const EXPIRED_MESSAGE = 'Quá thời hạn in, phiếu không được in / print job expired';

  /** Marks a job expired if it is still waiting for paper past its validity; true when it is (now) expired. */
  const expireIfDue = async (job: PrintJobRecord): Promise<boolean> => {
    if (job.state === 'expired') return true;
    if ((job.state !== 'queued' && job.state !== 'printing') || !expired(job)) return false;
    announce(await save(job, { state: 'expired', message: EXPIRED_MESSAGE }));
    return true;
  };

  /** At the end of its validity, a job not printed yet is expired, even if no agent ever comes back. */
  const timers = new Set<NodeJS.Timeout>();
  const expireLater = (job: PrintJobRecord) => {
    const ms = Math.max(0, expiresAtOf(job, jobTtlMs).getTime() - clock().getTime()) + 50;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void inOrder(job.kioskId, async () => {
        const current = await store.transaction((tx) => tx.printJob(job.id));
        if (current && current.createdAt === job.createdAt) await expireIfDue(current);
      });
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** Sends a job to its kiosk's agent, or tells the kiosk it waits for one; an expired job is never sent. */
  const send = async (job: PrintJobRecord) => {
    if (await expireIfDue(job)) return;
    const agent = agents.get(job.kioskId);
    if (!agent) return announce(job);
    const sent = await save(job, { state: 'printing', attempts: job.attempts + 1 });
    if (agents.get(job.kioskId) !== agent) return announce({ ...sent, state: 'queued' });
    io.to(agent).emit('print:job', printJobOf(sent, publicBase(), jobTtlMs));
    announce(sent);
  };

  /** Everything the kiosk's agent has not answered yet; jobs of an earlier day are failed, not printed late. */
  const sendPending = (kioskId: string) =>
    inOrder(kioskId, async () => {
      const today = serviceDayOf(clock());
      for (const job of await store.transaction((tx) => tx.pendingPrintJobs(kioskId))) {
        if (job.issued.ticket.serviceDay === today) await send(job);
        else
          announce(
            await save(job, { state: 'failed', message: 'Vé của ngày trước, không in / ticket of an earlier day' }),
          );
      }
    });

  queue.onEvent((event) => {
    if (event.type !== 'ticket:issued' || !event.ticket) return;
    const ticketId = event.ticket.id;
    void store
      .transaction((tx) => tx.printJobOfTicket(ticketId))
      .then((job) => {
        if (!job || job.state !== 'queued') return;
        expireLater(job);
        return inOrder(job.kioskId, () => send(job));
      });
  });

  /** The kiosk must be a kiosk device of the center. */
  const checkKiosk = async (centerId: string, kioskId: string): Promise<ErrorCode | null> => {
    const center = await store.transaction((tx) => tx.center(centerId));
    if (!center) return 'CENTER_NOT_FOUND';
    const devices = await store.devices(centerId);
    return devices.some((d) => d.id === kioskId && d.kind === 'kiosk') ? null : 'KIOSK_NOT_FOUND';
  };

  io.on('connection', (socket) => {
    /** The kiosk this socket prints for, once attached. */
    let printsFor: string | null = null;

    socket.on('kiosk:watch', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!validWatch.Check(request)) return refuse(ack, 'VALIDATION', 'kiosk:watch needs { centerId, kioskId }');
      // Only the kiosk itself, by its credential: its room carries its tickets' print updates.
      const device = deviceOfSocket(socket);
      if (!device) return refuse(ack, 'DEVICE_CREDENTIAL_REQUIRED');
      if (device.kind !== 'kiosk' || device.id !== request.kioskId || device.centerId !== request.centerId)
        return refuse(ack, 'DEVICE_WRONG_KIND', `this device is ${device.kind} ${device.id}`);
      try {
        const problem = await checkKiosk(request.centerId, request.kioskId);
        if (problem) return refuse(ack, problem, request.kioskId);
        await socket.join(roomOfKiosk(request.kioskId));
        ack({ ok: true, printer: stateOf(request.kioskId).printer });
      } catch (err) {
        refuse(ack, err instanceof DomainError ? err.code : 'INTERNAL');
      }
    });

    socket.on('kiosk:reprint', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!validReprint.Check(request))
        return refuse(ack, 'VALIDATION', 'kiosk:reprint needs { centerId, kioskId, ticketId }');
      // Only the screen of that kiosk, which watches it.
      if (!socket.rooms.has(roomOfKiosk(request.kioskId))) return refuse(ack, 'KIOSK_NOT_FOUND', request.kioskId);
      try {
        const job = await store.transaction((tx) => tx.printJobOfTicket(request.ticketId));
        if (!job || job.kioskId !== request.kioskId || job.centerId !== request.centerId)
          return refuse(ack, 'TICKET_NOT_FOUND', request.ticketId);
        const now = clock();
        const recent = now.getTime() - Date.parse(job.issued.ticket.issuedAt) <= REPRINT_WINDOW_MS;
        if ((job.state !== 'failed' && job.state !== 'expired') || !recent)
          return refuse(ack, 'PRINT_NOT_REPRINTABLE', job.state);
        const again = await store.transaction(async (tx) =>
          (await tx.desk.requeuePrintJob(job.id, now.toISOString())) ? tx.printJob(job.id) : null,
        );
        if (!again) return refuse(ack, 'PRINT_NOT_REPRINTABLE', job.state);
        ack({ ok: true, printer: stateOf(request.kioskId).printer });
        expireLater(again);
        void inOrder(again.kioskId, () => send(again));
      } catch (err) {
        refuse(ack, err instanceof DomainError ? err.code : 'INTERNAL');
      }
    });

    socket.on('printer:attach', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!validAttach.Check(request)) return refuse(ack, 'VALIDATION', 'printer:attach needs { centerId, kioskId }');
      // Only an enrolled print agent, and only for the kiosk it was enrolled for: it receives that kiosk's tickets.
      const device = deviceOfSocket(socket);
      if (!device) return refuse(ack, 'DEVICE_CREDENTIAL_REQUIRED');
      if (device.kind !== 'print_agent' || device.kioskId !== request.kioskId || device.centerId !== request.centerId)
        return refuse(ack, 'DEVICE_WRONG_KIND', `this device is ${device.kind} ${device.id} (kiosk ${device.kioskId})`);
      try {
        const problem = await checkKiosk(request.centerId, request.kioskId);
        if (problem) return refuse(ack, problem, request.kioskId);
        const holder = agents.get(request.kioskId);
        // Two agents on one kiosk would both print every ticket.
        if (holder && holder !== socket.id && io.sockets.sockets.has(holder))
          return refuse(ack, 'PRINTER_ALREADY_ATTACHED', request.kioskId);
        if (printsFor && printsFor !== request.kioskId)
          return refuse(ack, 'VALIDATION', `this connection already prints for ${printsFor}`);
        printsFor = request.kioskId;
        agents.set(request.kioskId, socket.id);
        await socket.join(roomOfPrinter(request.kioskId));
        ack({ ok: true, printer: stateOf(request.kioskId).printer });
        void sendPending(request.kioskId);
      } catch (err) {
        refuse(ack, err instanceof DomainError ? err.code : 'INTERNAL');
      }
    });

    socket.on('printer:report', (report) => {
      if (!printsFor || agents.get(printsFor) !== socket.id || !validReport.Check(report)) return;
      setState(printsFor, { printer: report.printer, message: report.message });
    });

    socket.on('print:result', (result) => {
      const kioskId = printsFor;
      if (!kioskId || agents.get(kioskId) !== socket.id || !validResult.Check(result)) return;
      void inOrder(kioskId, async () => {
        const job = await store.transaction((tx) => tx.printJob(result.jobId));
        // Only the kiosk's own jobs, and "printed" is final.
        if (!job || job.kioskId !== kioskId || job.state === 'printed') return;
        if ((job.state === 'failed' || job.state === 'expired') && !result.ok) return;
        states.set(kioskId, { printer: result.printer, message: result.message });
        announce(await save(job, { state: result.ok ? 'printed' : 'failed', message: result.message }));
      });
    });

    socket.on('disconnect', () => {
      if (!printsFor || agents.get(printsFor) !== socket.id) return;
      agents.delete(printsFor);
      setState(printsFor, { printer: 'offline', message: 'Máy in chưa kết nối / print agent disconnected' });
    });
  });

  /** Stops the expiry timers (the server is closing). */
  return () => {
    timers.forEach((t) => clearTimeout(t));
    timers.clear();
  };
}
