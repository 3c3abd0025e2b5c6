import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TrackQuery, TrackView } from '@luot/contract';
import { DomainError } from '../../engine/domain-error.ts';

/** Requests per minute and address: enough for a phone refreshing, too few to walk through codes. */
export const TRACK_RATE_PER_MINUTE = 60;

export const trackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Public and unauthenticated, hence limited (the rate-limit plugin is registered in app.ts).
  app.get(
    '/api/track',
    {
      config: { rateLimit: { max: TRACK_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['tracking'],
        summary:
          "The ticket's place in line, then its dossier's status: needs the dossier code and its 4-character secret",
        querystring: TrackQuery,
        response: { 200: TrackView },
      },
    },
    async (req, reply) => {
      // Also counted in the budget shared with the live feed and the notification opt-ins.
      if (!(await app.trackLimiter.hit(req.ip))) throw new DomainError('RATE_LIMITED');
      reply.header('cache-control', 'no-store');
      return app.handoff.dossiers.track(req.query.code, req.query.s);
    },
  );
};
