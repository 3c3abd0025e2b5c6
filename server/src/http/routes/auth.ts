import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CenterParams, Counter, CSRF_HEADER, LoginBody, Me, SESSION_COOKIE, type StaffUser } from '@luot/contract';
import type { ScryptCost } from '../../auth/password.ts';
import { checkCsrf } from '../../auth/plugin.ts';
import { signOut } from '../../auth/sessions.ts';
import { createSignInGuard, type SignInLimits } from '../../auth/sign-in-guard.ts';

export interface AuthRouteOptions {
  secureCookies: boolean;
  passwordCost?: ScryptCost;
  signInLimits?: Partial<SignInLimits>;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, options) => {
  const guard = createSignInGuard(app, {
    store: app.queue.store,
    clock: app.queue.clock,
    passwordCost: options.passwordCost,
    secureCookies: options.secureCookies,
    limits: options.signInLimits,
  });
  const centersOf = async (user: StaffUser) =>
    (await app.queue.store.centers())
      .filter((c) => (user.role === 'admin' ? c.provinceId === user.provinceId : c.id === user.centerId))
      .map(({ id, name, commune, agencyCode }) => ({ id, name, commune, agencyCode }));

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: `Sign in; sets the session cookie. Send the ${CSRF_HEADER} header.`,
        body: LoginBody,
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      checkCsrf(req);
      const session = await guard.signIn(req, reply, req.body.username, req.body.password);
      req.log.info({ user: session.user.username }, 'signed in');
      return {
        user: session.user,
        centers: await centersOf(session.user),
        mustChangePassword: session.user.mustChangePassword,
      };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: Type.Null() } },
      config: { access: { need: 'signed-in' } },
    },
    async (req, reply) => {
      await signOut(app.queue.store, req.cookies[SESSION_COOKIE] ?? '');
      req.log.info({ user: req.user?.username }, 'signed out');
      app.sessionCookie.clear(req, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user and their centers', response: { 200: Me } },
      config: { access: { need: 'signed-in' } },
    },
    async (req) => ({
      user: req.user!,
      centers: await centersOf(req.user!),
      mustChangePassword: req.user!.mustChangePassword,
    }),
  );

  // The public snapshot leaves out who holds a counter (displays show nothing personal); the desk needs it.
  app.get(
    '/api/centers/:centerId/counters',
    {
      schema: {
        tags: ['counters'],
        summary: 'Counters with the officer holding each (staff)',
        params: CenterParams,
        response: { 200: Type.Array(Counter) },
      },
      config: { access: { need: 'staff', center: 'param' } },
    },
    (req) => app.queue.store.transaction((tx) => tx.counters(req.params.centerId)),
  );
};
