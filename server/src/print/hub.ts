// The server side of printing over Socket.IO: print agents attach as a kiosk's printer and get that kiosk's jobs;
// kiosk screens watch their printer. A job goes out again until its agent answers, never after "printed".
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  type Ack,
  AttachPrinterRequest,
  type ErrorCode,
  PrinterStatus,
  PrintResult,
  roomOfKiosk,
  roomOfPrinter,
  WatchKioskRequest,
} from '../contract/index.ts';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import { errorBody } from '../http/errors.ts';
import type { Clock, QueueService } from '../queue/service.ts';
import type { RealtimeServer } from '../realtime/socket.ts';
import type { PrintJobRecord, Store } from '../store/store.ts';
import { printJobOf } from './jobs.ts';

const validAttach = Compile(AttachPrinterRequest);
const validWatch = Compile(WatchKioskRequest);
const validResult = Compile(PrintResult);
const validReport = Compile(Type.Object({ printer: PrinterStatus, message: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) }));

interface PrinterState {
  printer: PrinterStatus;
  message: string | null;
}

export interface PrintingOptions {
  /** Where citizens' phones reach the server: the base of the QR tracking link. */
  publicBase: () => string;
  clock?: Clock;
}

const refuse = (ack: Ack, code: ErrorCode, detail?: string) => {
  const body = errorBody(code, detail);
  ack({ ok: false, code: body.code, message: body.message });
};

export function attachPrinting(io: RealtimeServer, queue: QueueService, { publicBase, clock = () => new Date() }: PrintingOptions) {
  const store: Store = queue.store;
  /** kioskId → the socket id of its print agent. */
  const agents = new Map<string, string>();
  const states = new Map<string, PrinterState>();
  /** Jobs of one kiosk go out in order: one chain of sends per kiosk. */
  const chains = new Map<string, Promise<void>>();

  const stateOf = (kioskId: string): PrinterState => (agents.has(kioskId) ? (states.get(kioskId) ?? { printer: 'ready', message: null }) : { printer: 'offline', message: null });

  const setState = (kioskId: string, state: PrinterState) => {
    states.set(kioskId, state);
    io.to(roomOfKiosk(kioskId)).emit('printer:status', { kioskId, printer: state.printer, at: clock().toISOString() });
  };

  const announce = (job: PrintJobRecord) => {
    const { printer } = stateOf(job.kioskId);
    io.to(roomOfKiosk(job.kioskId)).emit('print:update', { kioskId: job.kioskId, jobId: job.id, ticketId: job.ticketId, state: job.state, printer, message: job.message });
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

  /** Sends a job to its kiosk's agent, or tells the kiosk it waits for one. */
  const send = async (job: PrintJobRecord) => {
    const agent = agents.get(job.kioskId);
    if (!agent) return announce(job);
    const sent = await save(job, { state: 'printing', attempts: job.attempts + 1 });
    if (agents.get(job.kioskId) !== agent) return announce({ ...sent, state: 'queued' });
    io.to(agent).emit('print:job', printJobOf(sent, publicBase()));
    announce(sent);
  };

  /** Everything the kiosk's agent has not answered yet; jobs of an earlier day are failed, not printed late. */
  const sendPending = (kioskId: string) =>
    inOrder(kioskId, async () => {
      const today = serviceDayOf(clock());
      for (const job of await store.transaction((tx) => tx.pendingPrintJobs(kioskId))) {
        if (job.issued.ticket.serviceDay === today) await send(job);
        else announce(await save(job, { state: 'failed', message: 'Vé của ngày trước, không in / ticket of an earlier day' }));
      }
    });

  queue.onEvent((event) => {
    if (event.type !== 'ticket:issued' || !event.ticket) return;
    const ticketId = event.ticket.id;
    void store.transaction((tx) => tx.printJobOfTicket(ticketId)).then((job) => {
      if (job && job.state === 'queued') return inOrder(job.kioskId, () => send(job));
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
      try {
        const problem = await checkKiosk(request.centerId, request.kioskId);
        if (problem) return refuse(ack, problem, request.kioskId);
        await socket.join(roomOfKiosk(request.kioskId));
        ack({ ok: true, printer: stateOf(request.kioskId).printer });
      } catch (err) {
        refuse(ack, err instanceof DomainError ? err.code : 'INTERNAL');
      }
    });

    socket.on('printer:attach', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!validAttach.Check(request)) return refuse(ack, 'VALIDATION', 'printer:attach needs { centerId, kioskId }');
      try {
        const problem = await checkKiosk(request.centerId, request.kioskId);
        if (problem) return refuse(ack, problem, request.kioskId);
        const holder = agents.get(request.kioskId);
        // Two agents on one kiosk would both print every ticket.
        if (holder && holder !== socket.id && io.sockets.sockets.has(holder)) return refuse(ack, 'PRINTER_ALREADY_ATTACHED', request.kioskId);
        if (printsFor && printsFor !== request.kioskId) return refuse(ack, 'VALIDATION', `this connection already prints for ${printsFor}`);
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
        if (job.state === 'failed' && !result.ok) return;
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
}
