// The page's live link to its ticket: `track:subscribe {code, secret}` over Socket.IO, then `track:update` after
// every change; subscribes again on each reconnect (Socket.IO reconnects by itself) and when the phone wakes up.
import type { TrackSubscribeReply, TrackView } from '@luot/contract';
import { io, type Socket } from 'socket.io-client';

export type LinkStatus = 'idle' | 'connecting' | 'live' | 'offline' | 'not_found' | 'rate_limited';

const RETRY_RATE_LIMITED_MS = 60_000;

export class TrackLink {
  view = $state<TrackView | null>(null);
  status = $state<LinkStatus>('idle');
  updatedAt = $state<string | null>(null);
  private socket: Socket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private target: { code: string; secret: string } | null = null;
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible' && this.socket?.connected) this.subscribe();
  };

  follow(code: string, secret: string) {
    this.close();
    this.target = { code, secret };
    this.status = 'connecting';
    const socket = io({ path: '/socket.io', reconnectionDelay: 500, reconnectionDelayMax: 4000, timeout: 10_000 });
    this.socket = socket;
    socket.on('connect', () => this.subscribe());
    socket.on('disconnect', () => {
      if (this.status === 'live') this.status = 'offline';
    });
    socket.io.on('reconnect_attempt', () => {
      if (this.status === 'live' || this.status === 'connecting') this.status = 'offline';
    });
    socket.on('connect_error', () => {
      if (this.status !== 'not_found') this.status = 'offline';
    });
    socket.on('track:update', (view: TrackView) => {
      if (view.code === this.target?.code) this.show(view);
    });
    document.addEventListener('visibilitychange', this.onVisible);
  }

  private show(view: TrackView) {
    this.view = view;
    // A string taken at this moment, not a reactive date.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.updatedAt = new Date().toISOString();
  }

  private subscribe() {
    const socket = this.socket;
    const target = this.target;
    if (!socket || !target) return;
    socket.timeout(10_000).emit('track:subscribe', target, (err: Error | null, res: TrackSubscribeReply) => {
      if (socket !== this.socket) return;
      if (err) {
        this.status = 'offline';
        return;
      }
      if (res.ok) {
        this.show(res.view);
        this.status = 'live';
      } else if (res.code === 'DOSSIER_NOT_FOUND' || res.code === 'VALIDATION') {
        this.view = null;
        this.status = 'not_found';
        // Nothing to follow: the form starts a new link.
        this.close();
      } else if (res.code === 'RATE_LIMITED') {
        this.status = 'rate_limited';
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.subscribe();
        }, RETRY_RATE_LIMITED_MS);
      } else {
        this.status = 'offline';
      }
    });
  }

  close() {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.socket?.disconnect();
    this.socket = null;
    document.removeEventListener('visibilitychange', this.onVisible);
  }
}
