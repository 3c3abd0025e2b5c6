// An app's live view of one center: the contract's followCenter (snapshot, then deltas in order, a new
// snapshot after a gap or a reconnect) over its own Socket.IO connection, as reactive fields for the screens.
// The displays and the console use it as it is; the kiosk's CenterLink extends it with its printer and opening.
import {
  DEVICE_HEARTBEAT_MS,
  ERRORS,
  followCenter,
  type CenterEvent,
  type CenterSnapshot,
  type CenterSocket,
  type ErrorCode,
  type ResultCall,
  type Alert,
} from '@luot/contract';
import { io } from 'socket.io-client';

export interface LiveCenterOptions {
  /** A counter display or a counter's desk also joins the counter's room. */
  counterId?: string | null;
  /** Reconnection delays (Socket.IO's), in ms. */
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  /** Connection timeout, in ms. */
  timeout?: number;
  /**
   * After the server refuses the subscription (an unknown center, say), try again on a new connection after
   * this many ms: a display nobody touches recovers once the center exists. Not set: stay refused.
   */
  retryAfterErrorMs?: number;
  /** An enrolled kiosk or display: its credential goes with the handshake, and its heartbeat (with `version`) follows. */
  device?: { credential: string; version: string };
}

export class LiveCenter {
  snapshot = $state<CenterSnapshot | null>(null);
  /** null until the first connection succeeds or fails; then whether the connection is up. */
  online = $state<boolean | null>(null);
  /** Since when the connection is down (for "offline for …"), null while online. */
  offlineSince = $state<number | null>(Date.now());
  /** The server refused the subscription: a configuration problem, not a network one. */
  error = $state<{ code: string; message: string } | null>(null);
  /** Server time minus local time, in ms (a snapshot's `at` is the server's clock; a device's own drifts). */
  clockOffset = $state(0);
  /** The server refused the device credential (revoked, or unknown): the page must be paired again. */
  credentialRefused = $state(false);

  protected readonly socket: CenterSocket;
  private readonly stop: () => void;
  // Who to tell of each event: not state any view renders.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly listeners = new Set<(event: CenterEvent) => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly centerId: string,
    options: LiveCenterOptions = {},
  ) {
    const { counterId, retryAfterErrorMs } = options;
    const { device } = options;
    this.socket = io({
      path: '/socket.io',
      ...(device ? { auth: { device: device.credential } } : {}),
      reconnectionDelay: options.reconnectionDelay ?? 500,
      reconnectionDelayMax: options.reconnectionDelayMax ?? 3000,
      timeout: options.timeout ?? 20_000,
    });
    this.stop = followCenter(this.socket, counterId ? { centerId, counterId } : { centerId }, {
      onState: (snapshot) => {
        this.snapshot = snapshot;
        this.error = null;
        this.clockOffset = Date.parse(snapshot.at) - Date.now();
      },
      onEvent: (event) => this.listeners.forEach((listener) => listener(event)),
      onOnline: (online) => {
        this.online = online;
        this.offlineSince = online ? null : (this.offlineSince ?? Date.now());
        this.onlineChanged(online);
      },
      onError: (code, message) => {
        this.error = { code, message };
        if (retryAfterErrorMs === undefined) return;
        // A new connection subscribes afresh.
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.socket.disconnect().connect();
        }, retryAfterErrorMs);
      },
    });
    this.socket.on('connect_error', (err) => {
      this.online = false;
      this.offlineSince ??= Date.now();
      if (err.message === 'DEVICE_CREDENTIAL_INVALID') this.credentialRefused = true;
    });
    if (device) {
      // Alive, and which version: on every connection, then every DEVICE_HEARTBEAT_MS.
      const beat = () => {
        if (this.socket.connected) this.socket.emit('device:heartbeat', { version: device.version, condition: 'ok' });
      };
      this.socket.on('connect', beat);
      this.heartbeat = setInterval(beat, DEVICE_HEARTBEAT_MS);
      // The server drops a device whose credential was revoked or replaced: connecting again tells which
      // (a refused handshake sets credentialRefused); Socket.IO does not reconnect by itself after this.
      this.socket.on('disconnect', (reason) => {
        if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 1000);
      });
    }
  }

  /** The refusal in Vietnamese words (the contract's error table), or the server's message for an unknown code. */
  get errorText(): string | null {
    return this.error && (ERRORS[this.error.code as ErrorCode]?.vi ?? this.error.message);
  }

  /** Called on every (re)connection (true) and disconnection (false), after `online` changed. */
  protected onlineChanged(_online: boolean): void {}

  /** Each delta applied live, in order; returns the unsubscribe function. */
  onEvent(listener: (event: CenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A citizen called to collect a dossier's result (outside the numbered queue stream). */
  onResultCall(listener: (call: ResultCall) => void): () => void {
    this.socket.on('dossier:result_call', listener);
    return () => void this.socket.off('dossier:result_call', listener);
  }

  /** Staff only (the server sends them to its staff room): an alert of the center raised, cleared or acknowledged. */
  onAlert(listener: (type: 'alert:raised' | 'alert:cleared' | 'alert:acked', alert: Alert) => void): () => void {
    const raised = (a: Alert) => listener('alert:raised', a);
    const cleared = (a: Alert) => listener('alert:cleared', a);
    const acked = (a: Alert) => listener('alert:acked', a);
    this.socket.on('alert:raised', raised);
    this.socket.on('alert:cleared', cleared);
    this.socket.on('alert:acked', acked);
    return () => {
      this.socket.off('alert:raised', raised);
      this.socket.off('alert:cleared', cleared);
      this.socket.off('alert:acked', acked);
    };
  }

  close() {
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.stop();
    this.socket.disconnect();
  }
}
