// Real socket.io-client subscribers for integration tests.
import { followCenter, type CenterEvent, type CenterSnapshot, type CenterSocket } from '@luot/contract';

export interface Subscriber {
  socket: CenterSocket;
  events: CenterEvent[];
  state(): CenterSnapshot | null;
  /** Resolves when the predicate holds on the subscriber's state (or rejects after `ms`). */
  until(predicate: (s: CenterSnapshot) => boolean, ms?: number): Promise<CenterSnapshot>;
  close(): void;
}

export function subscribe(socket: CenterSocket, centerId: string, counterId?: string): Subscriber {
  let current: CenterSnapshot | null = null;
  const events: CenterEvent[] = [];
  const waiters = new Set<() => void>();
  const stop = followCenter(
    socket,
    { centerId, ...(counterId ? { counterId } : {}) },
    {
      onState(s) {
        current = s;
        for (const w of [...waiters]) w();
      },
      onEvent: (e) => events.push(e),
    },
  );
  return {
    socket,
    events,
    state: () => current,
    until(predicate, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (current && predicate(current)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(current);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`state not reached in ${ms} ms; seq ${current?.seq}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close() {
      stop();
      socket.disconnect();
    },
  };
}
