// The display's live view of its center: snapshot then deltas over Socket.IO (followCenter), the
// connection state, and the server's clock (a TV's own clock drifts over the years).
import {
  ERRORS,
  followCenter,
  type CenterEvent,
  type CenterSnapshot,
  type CenterSocket,
  type ErrorCode,
  type ResultCall,
} from '@luot/contract';
import { io } from 'socket.io-client';

const RETRY_AFTER_ERROR_MS = 30_000;

export class CenterFeed {
  snapshot = $state<CenterSnapshot | null>(null);
  online = $state(false);
  /** Since when the connection is down (for "offline for …"), null while online. */
  offlineSince = $state<number | null>(Date.now());
  error = $state<string | null>(null);
  /** Server time minus local time, in ms. */
  clockOffset = $state(0);
  private readonly socket: CenterSocket;
  private readonly stop: () => void;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    centerId: string,
    counterId: string | null,
    onEvent: (event: CenterEvent) => void,
    onResultCall?: (call: ResultCall) => void,
  ) {
    // Reconnect forever, quickly at first, then every few seconds: the display is never touched.
    this.socket = io({ path: '/socket.io', reconnectionDelay: 1000, reconnectionDelayMax: 5000, timeout: 10_000 });
    // A citizen called to collect a dossier's result (outside the numbered queue stream).
    if (onResultCall) this.socket.on('dossier:result_call', onResultCall);
    this.stop = followCenter(this.socket, counterId ? { centerId, counterId } : { centerId }, {
      onState: (snapshot) => {
        this.snapshot = snapshot;
        this.error = null;
        // A snapshot's or delta's `at` is the server's clock at that moment.
        this.clockOffset = Date.parse(snapshot.at) - Date.now();
      },
      onEvent,
      onOnline: (online) => {
        this.online = online;
        this.offlineSince = online ? null : (this.offlineSince ?? Date.now());
      },
      onError: (code, message) => {
        this.error = ERRORS[code as ErrorCode]?.vi ?? message;
        // The center may be created later: try again, a new connection subscribes afresh.
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.socket.disconnect().connect();
        }, RETRY_AFTER_ERROR_MS);
      },
    });
  }

  close() {
    if (this.retry) clearTimeout(this.retry);
    this.stop();
    this.socket.disconnect();
  }
}
