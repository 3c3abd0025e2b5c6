import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  AnswerFeedbackBody,
  CenterFeedbackBody,
  CenterParams,
  DossierCodeParams,
  Feedback,
  FeedbackParams,
  FeedbackQuery,
  MAX_INT,
  TrackedFeedback,
  TrackFeedbackBody,
  TrackQuery,
} from '@luot/contract';
import { checkCenter, isManager } from '../../auth/access.ts';
import { DomainError } from '../../engine/domain-error.ts';
import { FEEDBACK_WEBHOOK_PATH } from '../../handoff/handoff.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../handoff/province-contract.ts';
import { checkDossierCenter } from './dossiers.ts';
import { TRACK_RATE_PER_MINUTE } from './track.ts';

// Feedback and recommendations (phản ánh, kiến nghị): the holder from the tracking page (code + secret, limited),
// staff of the receiving center at the desk; the center's managers list and answer; the province answers by webhook.
export const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const feedback = () => app.handoff.feedback;

  app.post(
    '/api/track/feedback',
    {
      // Writes something a person must read: far fewer than the lookups.
      config: { rateLimit: { max: app.handoff.feedback.perHour, timeWindow: 3_600_000 } },
      schema: {
        tags: ['tracking'],
        summary: 'Send feedback or a recommendation about your dossier (code + secret); it goes to the province',
        body: TrackFeedbackBody,
        response: { 201: TrackedFeedback },
      },
    },
    async (req, reply) => {
      if (!(await app.trackLimiter.hit(req.ip))) throw new DomainError('RATE_LIMITED');
      return reply.code(201).send(await feedback().fromCitizen(req.body));
    },
  );
  app.get(
    '/api/track/feedback',
    {
      config: { rateLimit: { max: TRACK_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['tracking'],
        summary: "Your dossier's feedback and their answers (code + secret)",
        querystring: TrackQuery,
        response: { 200: Type.Array(TrackedFeedback) },
      },
    },
    async (req, reply) => {
      if (!(await app.trackLimiter.hit(req.ip))) throw new DomainError('RATE_LIMITED');
      reply.header('cache-control', 'no-store');
      return feedback().ofHolder(req.query.code, req.query.s);
    },
  );

  const dossierStaff = {
    config: { access: { need: 'signed-in' } },
    preHandler: (req: Parameters<typeof checkDossierCenter>[1]) => checkDossierCenter(app, req),
  } as const;
  app.post(
    '/api/dossiers/:code/feedback',
    {
      ...dossierStaff,
      schema: {
        tags: ['dossiers'],
        summary: "Record the applicant's feedback or recommendation at the center (it goes to the province)",
        params: DossierCodeParams,
        body: CenterFeedbackBody,
        response: { 201: Feedback },
      },
    },
    async (req, reply) => reply.code(201).send(await feedback().fromCenter(req.params.code, req.body, req.user!)),
  );
  app.get(
    '/api/dossiers/:code/feedback',
    {
      ...dossierStaff,
      schema: {
        tags: ['dossiers'],
        summary: "The dossier's feedback (staff of its receiving center)",
        params: DossierCodeParams,
        response: { 200: Type.Array(Feedback) },
      },
    },
    (req) => feedback().ofDossier(req.params.code),
  );

  app.get(
    '/api/centers/:centerId/feedback',
    {
      config: { access: { need: 'manager', center: 'param' } },
      schema: {
        tags: ['dossiers'],
        summary: "The center's feedback (managers): open items oldest first, with their age from createdAt",
        params: CenterParams,
        querystring: FeedbackQuery,
        response: { 200: Type.Array(Feedback) },
      },
    },
    (req) => feedback().list(req.params.centerId, req.query.state, req.query.limit),
  );
  app.post(
    '/api/feedback/:feedbackId/answer',
    {
      config: { access: { need: 'signed-in' } },
      schema: {
        tags: ['dossiers'],
        summary: 'Answer a feedback (a manager of its center); the province is told, the citizen sees it',
        params: FeedbackParams,
        body: AnswerFeedbackBody,
        response: { 200: Feedback },
      },
      preHandler: async (req) => {
        if (!isManager(req.user!)) throw new DomainError('FORBIDDEN', 'manager');
        const centerId = await feedback().centerOf(req.params.feedbackId);
        if (centerId) await checkCenter(app.queue.store, req.user!, centerId);
      },
    },
    (req) => feedback().answer(req.params.feedbackId, req.body, req.user!),
  );
};

const FeedbackAnswerBody = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 128 }),
  feedbackId: Type.Integer({ minimum: 1, maximum: MAX_INT }),
  code: Type.String({ minLength: 5, maxLength: 64 }),
  answer: Type.String({ minLength: 1, maxLength: 4000 }),
  date: Type.String({ pattern: '^[0-9]{14}$' }),
  unit: Type.Object({ code: Type.String(), name: Type.String({ minLength: 1 }) }),
});

/** The province's answers: registered inside the hand-off's signed scope (routes/handoff.ts), which checks the signature. */
export function feedbackWebhookRoute(scope: FastifyInstance) {
  scope.withTypeProvider<TypeBoxTypeProvider>().post(
    FEEDBACK_WEBHOOK_PATH,
    {
      schema: {
        tags: ['hand-off'],
        summary: `The province's answer to a feedback, signed as progress webhooks are (${SIGNATURE_HEADER}, ${TIMESTAMP_HEADER}). Kept once; a feedback already answered keeps its first answer.`,
        body: FeedbackAnswerBody,
        response: {
          200: Type.Object({ errorCode: Type.String(), message: Type.String(), applied: Type.Boolean() }),
        },
      },
    },
    async (req) => ({ errorCode: '00', message: 'ok', ...(await scope.handoff.feedback.provinceAnswer(req.body)) }),
  );
}
