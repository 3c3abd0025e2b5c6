// Socket.IO side of sign-in: a connection carrying a staff session (same origin only) is that staff
// member's, and may follow only the centers they belong to; a connection without one is a display or
// kiosk and gets the public feed, which holds nothing personal.
import { fastifyCookie } from '@fastify/cookie';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE, type StaffUser } from '@luot/contract';
import type { Clock } from '../queue/service.ts';
import type { Store } from '../store/store.ts';
import { checkCenter } from './access.ts';
import { sessionUser } from './sessions.ts';

/** What a connection carries besides Socket.IO's own: its staff member, once the handshake is checked. */
const dataOf = (socket: Socket) => socket.data as { user?: StaffUser | null };

export const userOfSocket = (socket: Socket): StaffUser | null => dataOf(socket).user ?? null;

export function socketAuth(store: Store, clock: Clock) {
  const authenticate = async (socket: Socket) => {
    const { cookie, origin, host } = socket.request.headers;
    const token = cookie ? fastifyCookie.parse(cookie)[SESSION_COOKIE] : undefined;
    // Another site's page cannot borrow the session: its Origin differs from the Host it connects to.
    const sameOrigin = origin === undefined || URL.parse(origin)?.host === host;
    dataOf(socket).user = token && sameOrigin ? await sessionUser(store, token, clock()) : null;
  };
  // Socket.IO middleware is callback-style: whatever fails (even before the first await) goes to next().
  return (socket: Socket, next: (err?: Error) => void) => {
    authenticate(socket).then(
      () => next(),
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  };
}

/** Throws WRONG_CENTER when a staff connection asks for another center. */
export async function checkSubscription(store: Store, socket: Socket, centerId: string): Promise<void> {
  const user = userOfSocket(socket);
  if (user) await checkCenter(store, user, centerId);
}
