// Socket.IO adapter: rooms per center and per counter; a subscriber gets a snapshot, then every committed delta.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { Compile } from 'typebox/compile';
import { checkSubscription, deviceOfSocket, socketAuth, userOfSocket } from '../auth/socket-auth.ts';
import type { DeviceService } from '../devices/service.ts';
import {
  DeviceHeartbeat,
  encodeDelta,
  roomOfCenter,
  roomOfDevice,
  roomOfStaff,
  roomOfCounter,
  SubscribeRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TrackInterServerEvents,
} from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { errorBody } from '@luot/contract';
import type { QueueService } from '../queue/service.ts';
import { SnapshotCache } from './snapshots.ts';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, TrackInterServerEvents>;

const validSubscribe = Compile(SubscribeRequest);
const validHeartbeat = Compile(DeviceHeartbeat);

export function attachRealtime(httpServer: HttpServer, queue: QueueService, devices: DeviceService): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    cors: { origin: false },
    // Compression pays for snapshots (kilobytes of names and views), not for deltas (a hundred bytes): only messages
    // above the threshold are deflated, with a small window and no context kept between messages, so that thousands
    // of idle displays do not each hold a large zlib state.
    perMessageDeflate: {
      threshold: 1024,
      serverNoContextTakeover: true,
      serverMaxWindowBits: 9,
      zlibDeflateOptions: { memLevel: 1, chunkSize: 1024 },
    },
  });
  const snapshots = new SnapshotCache(queue);

  // Who connects: a staff session, an enrolled device, or neither (public feed only).
  io.use(socketAuth(queue.store, queue.clock, devices));
  // A device's status change goes to its center's staff; the connections of a revoked (or re-paired) device drop
  // at once (every instance, through the adapter).
  devices.onStatus((event) => io.to(roomOfStaff(event.centerId)).emit('device:status', event));
  devices.onCredentialVoided((deviceId) => io.in(roomOfDevice(deviceId)).disconnectSockets(true));

  queue.onEvent((event) => {
    const rooms = [roomOfCenter(event.centerId), ...event.counters.map((c) => roomOfCounter(event.centerId, c.id))];
    io.to(rooms).emit(event.type, encodeDelta(event));
  });

  io.on('connection', (socket) => {
    const device = deviceOfSocket(socket);
    if (device) {
      void socket.join(roomOfDevice(device.id));
      socket.on('device:heartbeat', (heartbeat, ack) => {
        if (!validHeartbeat.Check(heartbeat)) {
          ack?.({ ok: false, code: 'VALIDATION', message: 'device:heartbeat needs { version, condition, message? }' });
          return;
        }
        devices.heartbeat(device, heartbeat).then(
          () => ack?.({ ok: true }),
          () => ack?.({ ok: false, code: 'INTERNAL', message: errorBody('INTERNAL').message }),
        );
      });
    }
    socket.on('subscribe', async (request, reply) => {
      if (typeof reply !== 'function') return;
      if (!validSubscribe.Check(request))
        return reply({ ok: false, code: 'VALIDATION', message: 'subscribe needs { centerId, counterId? }' });
      try {
        await checkSubscription(queue.store, socket, request.centerId);
        // Join first: a delta committed while the snapshot is read reaches the client too, and the client
        // drops every delta the snapshot already holds (seq ≤ snapshot.seq).
        await socket.join(roomOfCenter(request.centerId));
        if (request.counterId) await socket.join(roomOfCounter(request.centerId, request.counterId));
        // Staff also hear of the center's devices (status changes); displays never do.
        if (userOfSocket(socket)) await socket.join(roomOfStaff(request.centerId));
        reply({ ok: true, snapshot: await snapshots.get(request.centerId) });
      } catch (err) {
        await socket.leave(roomOfCenter(request.centerId));
        const body = err instanceof DomainError ? errorBody(err.code, err.detail) : errorBody('INTERNAL');
        reply({ ok: false, code: body.code, message: body.message });
      }
    });
  });
  return io;
}
