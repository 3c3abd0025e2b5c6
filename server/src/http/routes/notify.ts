// The citizen's notifications, opened from the tracking page with the ticket's code + secret (the same rule and
// the same per-address budget as GET /api/track): Web Push, or a phone number given with consent.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotifyConfig, OptInResult, OptOutBody, OptOutResult, PhoneOptInBody, PushOptInBody } from '@luot/contract';
import { DomainError } from '../../engine/domain-error.ts';
import { TRACK_RATE_PER_MINUTE } from './track.ts';

export const notifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limit = { rateLimit: { max: TRACK_RATE_PER_MINUTE, timeWindow: 60_000 } };
  // The shared budget with the tracking look-ups and the live feed.
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.url?.startsWith('/api/track/') && !(await app.trackLimiter.hit(req.ip)))
      throw new DomainError('RATE_LIMITED');
  });

  app.get(
    '/api/notify/config',
    {
      schema: {
        tags: ['tracking'],
        summary: 'What the tracking page needs to offer notifications (VAPID public key, phone channel, consent text)',
        response: { 200: NotifyConfig },
      },
    },
    async () => app.notifications.config(),
  );

  app.post(
    '/api/track/push',
    {
      config: limit,
      schema: {
        tags: ['tracking'],
        summary: "Web Push for a ticket: the browser's PushSubscription, with the code + secret",
        body: PushOptInBody,
        response: { 201: OptInResult },
      },
    },
    async (req, reply) => {
      await app.notifications.optInPush(req.body.code, req.body.s, req.body.subscription, req.body.lang ?? 'vi');
      return reply.code(201).send({ channel: 'webpush', subscribed: true });
    },
  );

  app.post(
    '/api/track/phone',
    {
      config: limit,
      schema: {
        tags: ['tracking'],
        summary:
          'Text messages for a ticket: a phone number, kept only with the consent given (recorded) and deleted with the ticket’s personal data',
        body: PhoneOptInBody,
        response: { 201: OptInResult },
      },
    },
    async (req, reply) => {
      await app.notifications.optInPhone(req.body.code, req.body.s, req.body.phone, req.body.lang ?? 'vi');
      return reply.code(201).send({ channel: 'sms', subscribed: true });
    },
  );

  app.post(
    '/api/track/notifications/withdraw',
    {
      config: limit,
      schema: {
        tags: ['tracking'],
        summary: 'Stop notifications of a ticket (one channel or all): what was kept for them is deleted',
        body: OptOutBody,
        response: { 200: OptOutResult },
      },
    },
    async (req) => ({ removed: await app.notifications.optOut(req.body.code, req.body.s, req.body.channel ?? null) }),
  );
};
