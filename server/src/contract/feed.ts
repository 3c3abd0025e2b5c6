// The client side of the realtime contract, shared by every app and by the tests: subscribe, take the
// snapshot, apply deltas in order, and take a new snapshot after a reconnect or a missed delta.
import type { Socket } from 'socket.io-client';
import { applyDelta, CENTER_EVENT_TYPES, type CenterEvent, type ClientToServerEvents, type ServerToClientEvents, type SubscribeRequest } from './events.ts';
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
  let pending: CenterEvent[] = [];
  let subscribing = false;

  const subscribe = () => {
    if (subscribing) return;
    subscribing = true;
    snapshot = null;
    socket.emit('subscribe', request, (reply) => {
      subscribing = false;
      if (!reply.ok) return handlers.onError?.(reply.code, reply.message);
      let state: CenterSnapshot | null = reply.snapshot;
      const buffered = pending.sort((a, b) => a.seq - b.seq);
      pending = [];
      for (const event of buffered) state = state && applyDelta(state, event);
      if (!state) return subscribe();
      snapshot = state;
      handlers.onState(state);
    });
  };

  const onDelta = (event: CenterEvent) => {
    if (event.centerId !== request.centerId) return;
    if (!snapshot) {
      pending.push(event);
      return;
    }
    const next = applyDelta(snapshot, event);
    if (!next) return subscribe(); // a delta went missing: start again from a snapshot
    if (next === snapshot) return;
    snapshot = next;
    handlers.onEvent?.(event);
    handlers.onState(next);
  };

  const onConnect = () => {
    handlers.onOnline?.(true);
    subscribe();
  };
  const onDisconnect = () => {
    subscribing = false;
    handlers.onOnline?.(false);
  };

  for (const type of CENTER_EVENT_TYPES) socket.on(type, onDelta);
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  if (socket.connected) onConnect();

  return () => {
    for (const type of CENTER_EVENT_TYPES) socket.off(type, onDelta);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
  };
}
