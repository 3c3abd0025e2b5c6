// The client side of the realtime contract, shared by every app and by the tests: subscribe, take the
// snapshot, apply deltas in order, and take a new snapshot after a reconnect or a missed delta.
import type { Socket } from 'socket.io-client';
import {
  applyDelta,
  CENTER_EVENT_TYPES,
  type CenterDelta,
  type CenterEvent,
  type CenterEventType,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeRequest,
} from './events.ts';
import type { CenterSnapshot } from './model.ts';

export type CenterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface FeedHandlers {
  /** The center as the server holds it, after every snapshot or delta. */
  onState(snapshot: CenterSnapshot): void;
  /** Each delta applied live, in order (not those folded into a snapshot after a reconnect). */
  onEvent?(event: CenterEvent): void;
  /** false while the connection is down: show it. */
  onOnline?(online: boolean): void;
  onError?(code: string, message: string): void;
}

export function followCenter(socket: CenterSocket, request: SubscribeRequest, handlers: FeedHandlers): () => void {
  let snapshot: CenterSnapshot | null = null;
  let pending: { type: CenterEventType; delta: CenterDelta }[] = [];
  let subscribing = false;

  const subscribe = () => {
    if (subscribing) return;
    subscribing = true;
    snapshot = null;
    socket.emit('subscribe', request, (reply) => {
      subscribing = false;
      if (!reply.ok) return handlers.onError?.(reply.code, reply.message);
      let state: CenterSnapshot | null = reply.snapshot;
      const buffered = pending.sort((a, b) => a.delta.s - b.delta.s);
      pending = [];
      for (const { type, delta } of buffered) {
        if (!state) break;
        const applied = applyDelta(state, type, delta);
        state = applied === 'held' ? state : applied && applied.snapshot;
      }
      if (!state) return subscribe();
      snapshot = state;
      handlers.onState(state);
    });
  };

  const onDelta = (type: CenterEventType, delta: CenterDelta) => {
    if (delta.c !== request.centerId) return;
    if (!snapshot) {
      pending.push({ type, delta });
      return;
    }
    const applied = applyDelta(snapshot, type, delta);
    if (!applied) return subscribe(); // a delta went missing (or names what the snapshot lacks): start again from a snapshot
    if (applied === 'held') return;
    snapshot = applied.snapshot;
    handlers.onEvent?.(applied.event);
    handlers.onState(applied.snapshot);
  };
  const listeners = CENTER_EVENT_TYPES.map((type) => [type, (delta: CenterDelta) => onDelta(type, delta)] as const);

  const onConnect = () => {
    handlers.onOnline?.(true);
    subscribe();
  };
  const onDisconnect = () => {
    subscribing = false;
    handlers.onOnline?.(false);
  };

  for (const [type, listener] of listeners) socket.on(type, listener);
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  if (socket.connected) onConnect();

  return () => {
    for (const [type, listener] of listeners) socket.off(type, listener);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
  };
}
