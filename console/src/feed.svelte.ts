// The console's live view of a center: the shared followCenter over Socket.IO (the session cookie goes
// with the connection, so the server checks the center), plus each delta for those who react to events.
import {
  ERRORS,
  followCenter,
  type CenterEvent,
  type CenterSnapshot,
  type CenterSocket,
  type ErrorCode,
} from '@luot/contract';
import { io } from 'socket.io-client';

export class CenterFeed {
  snapshot = $state<CenterSnapshot | null>(null);
  online = $state(true);
  error = $state<string | null>(null);
  private readonly socket: CenterSocket;
  private readonly stop: () => void;
  // Who to tell of each event: not state any view renders.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly listeners = new Set<(e: CenterEvent) => void>();

  constructor(centerId: string, counterId?: string) {
    this.socket = io({ reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    this.stop = followCenter(this.socket, counterId ? { centerId, counterId } : { centerId }, {
      onState: (s) => {
        this.snapshot = s;
        this.error = null;
      },
      onEvent: (e) => this.listeners.forEach((l) => l(e)),
      onOnline: (online) => (this.online = online),
      onError: (code, message) => (this.error = ERRORS[code as ErrorCode]?.vi ?? message),
    });
    this.socket.on('connect_error', () => (this.online = false));
  }

  onEvent(listener: (e: CenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close() {
    this.stop();
    this.socket.disconnect();
  }
}
