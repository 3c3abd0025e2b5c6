import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CounterParams, Rating, RatingBody } from '@luot/contract';
import { rateService } from '../../reports/ratings.ts';

export const ratingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/centers/:centerId/counters/:counterId/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: "The citizen's rating of a service just completed at this counter",
        params: CounterParams,
        body: RatingBody,
        response: { 201: Rating },
      },
      config: { access: { need: 'counter' } },
    },
    async (req, reply) =>
      reply.code(201).send(await rateService(app.queue.store, req.params, req.body, app.queue.clock())),
  );
};
