import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CenterParams, Counter, CSRF_HEADER, LoginBody, Me, SESSION_COOKIE, type StaffUser } from '../../contract/index.ts';
import { checkCsrf } from '../../auth/plugin.ts';
import { LoginThrottle, signIn, signOut } from '../../auth/sessions.ts';
import { DomainError } from '../../engine/domain-error.ts';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const throttle = new LoginThrottle();
  const centersOf = async (user: StaffUser) =>
    (await app.queue.store.centers())
      .filter((c) => (user.role === 'admin' ? c.provinceId === user.provinceId : c.id === user.centerId))
      .map(({ id, name, commune, agencyCode }) => ({ id, name, commune, agencyCode }));

  app.post('/api/auth/login', { schema: { tags: ['auth'], summary: `Sign in; sets the session cookie. Send the ${CSRF_HEADER} header.`, body: LoginBody, response: { 200: Me } } }, async (req, reply) => {
    checkCsrf(req);
    const key = `${req.body.username}|${req.ip}`;
    if (throttle.blocked(key, app.queue.clock().getTime())) throw new DomainError('RATE_LIMITED', 'too many failed sign-ins: wait 15 minutes');
    const session = await signIn(app.queue.store, req.body.username, req.body.password, app.queue.clock()).catch((err) => {
      if (err instanceof DomainError && err.code === 'BAD_CREDENTIALS') throttle.failed(key, app.queue.clock().getTime());
      throw err;
    });
    throttle.succeeded(key);
    req.log.info({ user: session.user.username }, 'signed in');
    app.sessionCookie.set(req, reply, session);
    return { user: session.user, centers: await centersOf(session.user) };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: Type.Null() } }, config: { access: { need: 'signed-in' } } }, async (req, reply) => {
    await signOut(app.queue.store, req.cookies[SESSION_COOKIE] ?? '');
    req.log.info({ user: req.user?.username }, 'signed out');
    app.sessionCookie.clear(req, reply);
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and their centers', response: { 200: Me } }, config: { access: { need: 'signed-in' } } }, async (req) => ({
    user: req.user!,
    centers: await centersOf(req.user!),
  }));

  // The public snapshot leaves out who holds a counter (displays show nothing personal); the desk needs it.
  app.get(
    '/api/centers/:centerId/counters',
    { schema: { tags: ['counters'], summary: 'Counters with the officer holding each (staff)', params: CenterParams, response: { 200: Type.Array(Counter) } }, config: { access: { need: 'staff', center: 'param' } } },
    (req) => app.queue.store.transaction((tx) => tx.counters(req.params.centerId)),
  );
};
