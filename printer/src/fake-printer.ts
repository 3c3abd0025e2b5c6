// A network printer on 127.0.0.1 for tests and for trying the agent without hardware: it keeps each job's bytes
// and answers DLE EOT status queries with the paper state it is told to have.
import { createServer, type Server, type Socket } from 'node:net';

export interface FakePrinter {
  port: number;
  /** tcp://127.0.0.1:<port> */
  url: string;
  /** The bytes of each connection that carried a job, status queries removed. */
  jobs: Buffer[];
  /** Status queries received (the n of DLE EOT n). */
  queries: number[];
  paperOut: boolean;
  /** The roll sensor says the paper is near its end (it still prints). */
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Resolves once `count` jobs have arrived. */
  waitForJobs(count: number): Promise<Buffer[]>;
  close(): Promise<void>;
}

/** The answer of an EPSON printer to DLE EOT n. */
function answer(n: number, printer: FakePrinter): number {
  let b = 0x12;
  if (n === 1 && (printer.paperOut || printer.coverOpen)) b |= 0x08; // offline
  if (n === 2) {
    if (printer.coverOpen) b |= 0x04;
    if (printer.paperOut) b |= 0x20; // printing stopped by paper end
  }
  if (n === 4 && printer.paperOut)
    b |= 0x0c | 0x60; // near end and end
  else if (n === 4 && printer.paperNearEnd) b |= 0x0c;
  return b;
}

export async function startFakePrinter(options: { port?: number; paperOut?: boolean } = {}): Promise<FakePrinter> {
  const waiters: { count: number; resolve: (jobs: Buffer[]) => void }[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    const chunks: Buffer[] = [];
    // Queries come first and each waits for its answer; the first other byte starts the job.
    let inJob = false;
    socket.on('data', (data) => {
      let i = 0;
      while (!inJob && i + 2 < data.length && data[i] === 0x10 && data[i + 1] === 0x04) {
        printer.queries.push(data[i + 2]);
        socket.write(Buffer.from([answer(data[i + 2], printer)]));
        i += 3;
      }
      if (i < data.length) {
        inJob = true;
        chunks.push(data.subarray(i));
      }
    });
    socket.on('error', () => undefined);
    socket.on('end', () => {
      socket.end();
      if (chunks.length === 0) return;
      printer.jobs.push(Buffer.concat(chunks));
      for (const w of [...waiters]) {
        if (printer.jobs.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(printer.jobs.slice());
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const printer: FakePrinter = {
    port,
    url: `tcp://127.0.0.1:${port}`,
    jobs: [],
    queries: [],
    paperOut: options.paperOut ?? false,
    paperNearEnd: false,
    coverOpen: false,
    waitForJobs(count) {
      if (printer.jobs.length >= count) return Promise.resolve(printer.jobs.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      }),
  };
  return printer;
}
