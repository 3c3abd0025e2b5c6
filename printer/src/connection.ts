// Talking to the printer itself: a network printer on raw port 9100 (tcp://host:port) or a device file such as
// /dev/usb/lp0. Asks the paper status first (DLE EOT) where the profile allows it, then writes the job.
import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import type { DeviceCondition, PrinterStatus } from '@luot/contract';

export type Target = { kind: 'tcp'; host: string; port: number } | { kind: 'file'; path: string };

export function targetOf(spec: string): Target {
  if (spec.startsWith('tcp://')) {
    const url = new URL(spec);
    const port = url.port ? Number(url.port) : 9100;
    if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`Bad printer address "${spec}": use tcp://host:9100`);
    return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port };
  }
  if (spec.startsWith('/') || /^[A-Za-z]:\\/.test(spec) || spec.startsWith('\\\\')) return { kind: 'file', path: spec };
  throw new Error(`Bad printer "${spec}": use tcp://host:9100 or a device file such as /dev/usb/lp0`);
}

export const describeTarget = (t: Target) => (t.kind === 'tcp' ? `tcp://${t.host}:${t.port}` : t.path);

export interface StatusReading {
  printer: PrinterStatus;
  message: string | null;
  /** What the agent's heartbeat reports of the printer (finer than `printer`: paper near end, cover open). */
  condition: DeviceCondition;
}

const READY: StatusReading = { printer: 'ready', message: null, condition: 'ok' };

/** DLE EOT n: real-time status, answered even while the printer is busy or out of paper. */
export const DLE_EOT = (n: 1 | 2 | 3 | 4) => Buffer.from([0x10, 0x04, n]);

/** A status byte has bit 1 and bit 4 set, bits 0 and 7 clear. */
const isStatusByte = (b: number) => (b & 0x93) === 0x12;

/** Reads the answers to DLE EOT 2 (offline cause) and DLE EOT 4 (roll paper sensor). */
export function statusOf(offlineCause: number, paperSensor: number): StatusReading {
  if (!isStatusByte(offlineCause) || !isStatusByte(paperSensor))
    return { printer: 'error', message: 'unexpected answer to the status query', condition: 'printer_error' };
  if ((paperSensor & 0x60) !== 0 || (offlineCause & 0x20) !== 0)
    return { printer: 'paper_out', message: 'Máy in hết giấy / out of paper', condition: 'paper_out' };
  if ((offlineCause & 0x04) !== 0)
    return { printer: 'error', message: 'Nắp máy in đang mở / printer cover open', condition: 'cover_open' };
  if ((offlineCause & 0x40) !== 0)
    return { printer: 'error', message: 'Máy in báo lỗi / printer error', condition: 'printer_error' };
  return (paperSensor & 0x0c) !== 0
    ? { printer: 'ready', message: 'Sắp hết giấy / paper near end', condition: 'paper_near_end' }
    : READY;
}

export type Delivery =
  /** Nothing was written: safe to try again. */
  | { outcome: 'not-sent'; status: StatusReading }
  | { outcome: 'sent'; status: StatusReading }
  /** Writing started and broke off: part of the ticket may be on paper, so it is not sent again. */
  | { outcome: 'interrupted'; status: StatusReading };

export interface DeliveryOptions {
  queryStatus: boolean;
  timeoutMs: number;
  /** Called just before the first byte of the job is written. */
  beforeWrite?: () => void;
}

const offline = (message: string): StatusReading => ({ printer: 'offline', message, condition: 'printer_offline' });

function connectTcp(t: Extract<Target, { kind: 'tcp' }>, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: t.host, port: t.port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer from ${describeTarget(t)} within ${timeoutMs} ms`)),
    );
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one query and waits for its one-byte answer. */
function ask(socket: Socket, query: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('the printer did not answer the status query')), timeoutMs);
    const onData = (chunk: Buffer) => done(null, chunk[0]);
    const onClose = () => done(new Error('the printer closed the connection'));
    const done = (err: Error | null, value?: number) => {
      clearTimeout(timer);
      socket.off('data', onData).off('close', onClose).off('error', onClose);
      if (err) reject(err);
      else resolve(value!);
    };
    socket.on('data', onData).once('close', onClose).once('error', onClose);
    socket.write(query);
  });
}

async function tcpStatus(socket: Socket, timeoutMs: number): Promise<StatusReading> {
  const offlineCause = await ask(socket, DLE_EOT(2), timeoutMs);
  const paperSensor = await ask(socket, DLE_EOT(4), timeoutMs);
  return statusOf(offlineCause, paperSensor);
}

function writeAll(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.end(bytes, () => resolve());
  });
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function deliverTcp(
  t: Extract<Target, { kind: 'tcp' }>,
  bytes: Buffer | null,
  opts: DeliveryOptions,
): Promise<Delivery> {
  let socket: Socket;
  try {
    socket = await connectTcp(t, opts.timeoutMs);
  } catch (err) {
    return {
      outcome: 'not-sent',
      status: offline(`Không kết nối được máy in ${describeTarget(t)}: ${messageOf(err)}`),
    };
  }
  socket.on('error', () => undefined);
  try {
    let status: StatusReading = READY;
    if (opts.queryStatus) {
      try {
        status = await tcpStatus(socket, opts.timeoutMs);
      } catch (err) {
        status = { printer: 'error', message: messageOf(err), condition: 'printer_error' };
      }
    }
    if (status.printer !== 'ready' || bytes === null) {
      socket.end();
      return { outcome: 'not-sent', status };
    }
    opts.beforeWrite?.();
    try {
      await writeAll(socket, bytes);
      return { outcome: 'sent', status };
    } catch (err) {
      return { outcome: 'interrupted', status: offline(`Mất kết nối khi đang in: ${messageOf(err)}`) };
    }
  } finally {
    socket.destroySoon();
  }
}

async function deliverFile(path: string, bytes: Buffer | null, opts: DeliveryOptions): Promise<Delivery> {
  // A device file cannot tell paper-out here: it is ready when it can be opened for writing.
  let handle;
  try {
    if (bytes === null) {
      await access(path, constants.W_OK);
      return { outcome: 'not-sent', status: READY };
    }
    handle = await open(path, 'a');
  } catch (err) {
    return { outcome: 'not-sent', status: offline(`Không mở được máy in ${path}: ${messageOf(err)}`) };
  }
  try {
    opts.beforeWrite?.();
    await handle.write(bytes);
    return { outcome: 'sent', status: READY };
  } catch (err) {
    return { outcome: 'interrupted', status: offline(`Lỗi khi ghi ra máy in ${path}: ${messageOf(err)}`) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Sends a job's bytes (or only probes the status, with null). */
export function deliver(target: Target, bytes: Buffer | null, opts: DeliveryOptions): Promise<Delivery> {
  return target.kind === 'tcp' ? deliverTcp(target, bytes, opts) : deliverFile(target.path, bytes, opts);
}
