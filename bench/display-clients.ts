// Display clients, many per process: each subscribes like a hall display and stamps every call it receives.
// argv: url count centerId. Messages: { type: 'ready' } once all are subscribed; on { type: 'report' } → receipts.
import { io } from 'socket.io-client';
import type { CenterDelta } from '../server/src/contract/index.ts';
import { now } from './lib.ts';

const [url, countArg, centerId] = process.argv.slice(2);
const count = Number(countArg);
const receipts: [number, number][] = []; // [ticket number, receive time]

await Promise.all(
  Array.from({ length: count }, () => {
    const socket = io(url, { transports: ['websocket'], reconnection: false });
    socket.on('ticket:called', (d: CenterDelta) => {
      if (d.i) receipts.push([d.i[1], now()]);
    });
    return new Promise<void>((resolve, reject) => {
      socket.on('connect_error', reject);
      socket.on('connect', () => socket.emit('subscribe', { centerId }, () => resolve()));
    });
  }),
);
process.send?.({ type: 'ready' });
process.on('message', (m: { type: string }) => {
  if (m.type === 'report') process.send?.({ type: 'report', receipts: receipts.splice(0) });
  if (m.type === 'stop') process.exit(0);
});
