import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DossierCodeParams, DossierPayments, StartPaymentBody, StartPaymentReply } from '@luot/contract';
import { DomainError } from '../../engine/domain-error.ts';
import { IPN_PATH, isRefusal, type PaymentService, RETURN_PATH } from '../../payment/service.ts';
import { TRACK_RATE_PER_MINUTE } from './track.ts';
import { checkDossierCenter } from './dossiers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentService;
  }
}

/** The gateway's answer as query parameters; a repeated one is refused by the schema. */
const GatewayQuery = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }));

export const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Public: the tracking page's holder (code + secret) starts a payment of the fees due, within the tracking budget.
  app.post(
    '/api/track/pay',
    {
      config: { rateLimit: { max: TRACK_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['tracking'],
        summary: 'Start an online payment of the fees due: answers the gateway URL to send the browser to',
        body: StartPaymentBody,
        response: { 200: StartPaymentReply },
      },
    },
    async (req) => {
      if (!(await app.trackLimiter.hit(req.ip))) throw new DomainError('RATE_LIMITED');
      return app.payments.start(req.body, req.ip);
    },
  );

  // The citizen's browser back from the gateway: a recorded (or already recorded) answer goes on to the tracking
  // page; a refused one is an error with its code (and logged).
  app.get(
    RETURN_PATH,
    {
      schema: {
        tags: ['payment'],
        summary: "The payment gateway's signed return (browser redirect): checked, recorded, then to the tracking page",
        querystring: GatewayQuery,
      },
    },
    async (req, reply) => {
      const result = await app.payments.answer('return', req.query, req.ip);
      if (isRefusal(result.outcome)) throw new DomainError(result.outcome, result.detail ?? undefined);
      reply.header('cache-control', 'no-store');
      return reply.redirect(`${result.trackingUrl}&payment=${result.state}`, 303);
    },
  );

  // The gateway's own call (IPN): always 200 with the gateway's reply code, as its protocol expects.
  app.get(
    IPN_PATH,
    {
      schema: {
        tags: ['payment'],
        summary: "The payment gateway's signed IPN: checked and recorded once; answered {RspCode, Message}",
        querystring: GatewayQuery,
      },
    },
    async (req) => {
      const adapter = app.payments.adapter;
      if (!adapter) throw new DomainError('PAYMENT_UNAVAILABLE');
      const result = await app.payments.answer('ipn', req.query, req.ip);
      return adapter.ipnReply(result.ipn);
    },
  );

  app.get(
    '/api/dossiers/:code/payments',
    {
      config: { access: { need: 'signed-in' } },
      preHandler: (req) => checkDossierCenter(app, req),
      schema: {
        tags: ['dossiers'],
        summary: "A dossier's online payments and the log of the gateway's answers (staff of its receiving center)",
        params: DossierCodeParams,
        response: { 200: DossierPayments },
      },
    },
    (req) => app.payments.ofDossier(req.params.code),
  );
};
