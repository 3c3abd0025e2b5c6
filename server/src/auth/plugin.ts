// The Fastify side of sign-in: reads the session cookie of every request, sets who acts (for the audit
// log), and enforces each route's declared access (see access.ts) and the CSRF rule on state changes.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, type StaffUser } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { type Access, checkAccess } from './access.ts';
import type { SessionUser } from './accounts.ts';
import { SESSION_HOURS, type Session, sessionUser } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null. */
    user: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** What a caller needs; routes without it are public. */
    access?: Access;
  }
}

export interface AuthOptions {
  /** Send the cookie only over HTTPS (also set on any request that arrived over HTTPS). */
  secureCookies: boolean;
}

/** How the audit log names a staff member: `officer:canbo1.ninh-kieu`. */
export const actorOf = (user: StaffUser) => `${user.role}:${user.username}`;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a user whose password was set by someone else may do before changing it. */
const OPEN_BEFORE_CHANGE = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password']);

/** A state change must carry the console's header, and a browser's Origin, if sent, must be this server. */
export function checkCsrf(req: FastifyRequest) {
  if (req.headers[CSRF_HEADER] === undefined) throw new DomainError('CSRF', `missing ${CSRF_HEADER} header`);
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.host}`)
    throw new DomainError('CSRF', `origin ${origin}`);
}

export async function registerAuth(app: FastifyInstance, options: AuthOptions) {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.user = await sessionUser(app.queue.store, token, app.queue.clock());
      if (req.user) req.actor = actorOf(req.user);
    }
    const access = req.routeOptions.config.access;
    if (!access) return;
    if (!req.user) throw new DomainError('UNAUTHENTICATED');
    if (UNSAFE.has(req.method)) checkCsrf(req);
    // A password someone else set opens nothing but the change of it (and signing out).
    if (req.user.mustChangePassword && !OPEN_BEFORE_CHANGE.has(req.routeOptions.url ?? ''))
      throw new DomainError('PASSWORD_CHANGE_REQUIRED');
    await checkAccess(app.queue.store, req.user, access, req.params as Record<string, string>);
  });

  app.decorate('sessionCookie', {
    set(req: FastifyRequest, reply: FastifyReply, session: Session) {
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies || req.protocol === 'https',
        path: '/',
        // Max-Age, not Expires: the browser counts it from its own clock, so a kiosk or laptop whose clock is off
        // (or a server on an injected clock) still keeps the session for its 12 hours.
        maxAge: SESSION_HOURS * 3600,
      });
    },
    clear(req: FastifyRequest, reply: FastifyReply) {
      reply.clearCookie(SESSION_COOKIE, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies || req.protocol === 'https',
        path: '/',
      });
    },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookie: {
      set(req: FastifyRequest, reply: FastifyReply, session: Session): void;
      clear(req: FastifyRequest, reply: FastifyReply): void;
    };
  }
}
