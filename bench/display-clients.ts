// Display clients, many per process. argv: url count centerId mode.
// mode `raw`: each subscribes and stamps every `ticket:called` it receives (the same work against luot and a bare
// Socket.IO server), and counts the bytes of every delta. mode `follow`: each keeps the center's state as a display
// does (followCenter: snapshot, deltas, new snapshot after a reconnect), for the reconnect storm.
// Messages in: report → { receipts, calls, callBytes, deltas, deltaBytes }; drop (all disconnect) → dropped;
// reconnect { seq } (all connect again at once) → converged { ms } once every state has reached seq; stop.
import { io, type Socket } from 'socket.io-client';
import { type CenterDelta, type CenterSnapshot, CENTER_EVENT_TYPES, followCenter } from '@luot/contract';
import { now } from './lib.ts';

const [url, countArg, centerId, mode = 'raw'] = process.argv.slice(2);
const count = Number(countArg);
const receipts: [number, number][] = []; // [ticket number, receive time]
const bytes = { calls: 0, callBytes: 0, deltas: 0, deltaBytes: 0 };
const states: (CenterSnapshot | null)[] = Array.from({ length: count }, () => null);
const sockets: Socket[] = [];
let target: { seq: number; since: number } | null = null;

function checkConverged() {
  if (!target || states.some((s) => !s || s.seq < target!.seq)) return;
  process.send?.({ type: 'converged', ms: now() - target.since });
  target = null;
}

await Promise.all(
  Array.from({ length: count }, (_, i) => {
    // A following display reconnects by itself as the display app does; a raw client never does.
    const socket = io(
      url,
      mode === 'follow'
        ? { transports: ['websocket'], reconnectionDelay: 1000, reconnectionDelayMax: 5000 }
        : { transports: ['websocket'], reconnection: false },
    );
    sockets.push(socket);
    if (mode === 'follow') {
      // A failed attempt is tried again (as on a real display): ready once the first state is in.
      return new Promise<void>((resolve) => {
        followCenter(
          socket,
          { centerId },
          {
            onState: (s) => {
              const first = !states[i];
              states[i] = s;
              if (first) resolve();
              checkConverged();
            },
          },
        );
      });
    }
    socket.on('ticket:called', (d: CenterDelta) => {
      if (d.i) receipts.push([d.i[1], now()]);
    });
    for (const type of CENTER_EVENT_TYPES) {
      socket.on(type, (d: CenterDelta) => {
        const n = Buffer.byteLength(JSON.stringify(d));
        bytes.deltas += 1;
        bytes.deltaBytes += n;
        if (type === 'ticket:called') {
          bytes.calls += 1;
          bytes.callBytes += n;
        }
      });
    }
    return new Promise<void>((resolve, reject) => {
      socket.on('connect_error', reject);
      socket.on('connect', () => socket.emit('subscribe', { centerId }, () => resolve()));
    });
  }),
);
process.send?.({ type: 'ready' });
process.on('message', (m: { type: string; seq?: number }) => {
  if (m.type === 'report') {
    process.send?.({ type: 'report', receipts: receipts.splice(0), ...bytes });
    Object.assign(bytes, { calls: 0, callBytes: 0, deltas: 0, deltaBytes: 0 });
  }
  if (m.type === 'drop') {
    for (const s of sockets) s.disconnect();
    process.send?.({ type: 'dropped' });
  }
  if (m.type === 'reconnect') {
    target = { seq: m.seq ?? 0, since: now() };
    for (const s of sockets) s.connect();
  }
  if (m.type === 'stop') process.exit(0);
});
