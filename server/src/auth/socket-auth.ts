// Socket.IO side of sign-in: a connection carrying a staff session (same origin only) is that staff
// member's, and may follow only the centers they belong to; one carrying a device credential (`auth.device`) is
// that enrolled device's (an unknown or revoked credential is refused at the handshake); a connection with
// neither gets the public feed only, which holds nothing personal.
import { fastifyCookie } from '@fastify/cookie';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE, type StaffUser } from '@luot/contract';
import type { DeviceService } from '../devices/service.ts';
import type { Clock } from '../queue/service.ts';
import type { DeviceRecord } from '../store/devices.ts';
import type { Store } from '../store/store.ts';
import { checkCenter } from './access.ts';
import { sessionUser } from './sessions.ts';

/** What a connection carries besides Socket.IO's own: its staff member, once the handshake is checked. */
const dataOf = (socket: Socket) => socket.data as { user?: StaffUser | null; device?: DeviceRecord | null };

export const userOfSocket = (socket: Socket): StaffUser | null => dataOf(socket).user ?? null;
/** The enrolled device of the connection, as it was at the handshake (a revocation disconnects it). */
export const deviceOfSocket = (socket: Socket): DeviceRecord | null => dataOf(socket).device ?? null;

/** The handshake's error for a refused device credential: its message is the code, as clients check it. */
export const DEVICE_REFUSED = 'DEVICE_CREDENTIAL_INVALID';

export function socketAuth(store: Store, clock: Clock, devices: DeviceService) {
  const authenticate = async (socket: Socket) => {
    const auth: unknown = socket.handshake.auth;
    const credential = auth && typeof auth === 'object' && 'device' in auth ? auth.device : undefined;
    if (typeof credential === 'string' && credential !== '') {
      const device = await devices.authenticate(credential);
      if (!device) throw new Error(DEVICE_REFUSED);
      dataOf(socket).device = device;
    }
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
