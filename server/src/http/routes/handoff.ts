import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CenterParams,
  CorrectOutboxBody,
  HandoffAttempt,
  HandoffStatus,
  MAX_INT,
  OutboxEntry,
  OutboxParams,
  OutboxQuery,
  PROVINCE_STATUSES,
} from '@luot/contract';
import { WEBHOOK_PATH } from '../../handoff/handoff.ts';
import {
  type ProgressEvent,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../handoff/province-contract.ts';
import { errorBody } from '@luot/contract';
import { feedbackWebhookRoute } from './feedback.ts';

const ProgressEventBody = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 128 }),
  code: Type.String({ minLength: 5, maxLength: 64 }),
  version: Type.Integer({ minimum: 1, maximum: MAX_INT }),
  status: Type.Enum(PROVINCE_STATUSES),
  statusCode: Type.Integer({ minimum: -MAX_INT, maximum: MAX_INT }),
  date: Type.String({ pattern: '^[0-9]{14}$' }),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  note: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
});

const rawBodies = new WeakMap<object, string>();

export const handoffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The webhook's signature covers the exact bytes sent: keep them beside the parsed body.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      rawBodies.set(req, body as string);
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    scope.addHook('preValidation', async (req, reply) => {
      const raw = rawBodies.get(req) ?? '';
      const secret = app.handoff.webhookSecret;
      const ok =
        secret !== null &&
        verifySignature(
          secret,
          req.headers[TIMESTAMP_HEADER] as string | undefined,
          raw,
          req.headers[SIGNATURE_HEADER] as string | undefined,
          app.queue.clock().getTime(),
        );
      if (!ok) return reply.code(401).send(errorBody('BAD_SIGNATURE'));
    });
    scope.post(
      WEBHOOK_PATH,
      {
        schema: {
          tags: ['hand-off'],
          summary: `Progress from the provincial system, signed: ${SIGNATURE_HEADER} = hex HMAC-SHA256 of "<${TIMESTAMP_HEADER}>.<raw body>". Applied once and in version order.`,
          body: ProgressEventBody,
          response: {
            200: Type.Object({
              errorCode: Type.String(),
              message: Type.String(),
              recorded: Type.Integer(),
              applied: Type.Integer(),
            }),
          },
        },
      },
      async (req) => {
        const result = await app.handoff.dossiers.applyProgress([req.body as ProgressEvent]);
        return { errorCode: '00', message: 'ok', ...result };
      },
    );
    feedbackWebhookRoute(scope);
  });

  // A center's managers (and the province's administrators) watch its dossiers' hand-off and send dead letters again.
  const managers = { access: { need: 'manager', center: 'param' } } as const;
  const base = '/api/centers/:centerId/handoff';

  app.get(
    `${base}/status`,
    {
      config: managers,
      schema: {
        tags: ['hand-off'],
        summary: "The link to the province and the center's messages by state (managers)",
        params: CenterParams,
        response: { 200: HandoffStatus },
      },
    },
    (req) => app.handoff.worker.status(req.params.centerId),
  );
  app.get(
    `${base}/outbox`,
    {
      config: managers,
      schema: {
        tags: ['hand-off'],
        summary: "The center's messages to the province; state=dead lists the dead letters (managers)",
        params: CenterParams,
        querystring: OutboxQuery,
        response: { 200: Type.Array(OutboxEntry) },
      },
    },
    (req) =>
      app.handoff.dossiers.store.transaction((tx) =>
        tx.dossiers.outbox(req.params.centerId, req.query.state ?? null, req.query.limit),
      ),
  );
  app.post(
    `${base}/outbox/:id/retry`,
    {
      config: managers,
      schema: {
        tags: ['hand-off'],
        summary: 'Send a dead-lettered message of the center again (managers)',
        params: Type.Object({ ...CenterParams.properties, ...OutboxParams.properties }),
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (req) => {
      await app.handoff.worker.retry(req.params.id, req.params.centerId);
      return { ok: true };
    },
  );
  const messageParams = Type.Object({ ...CenterParams.properties, ...OutboxParams.properties });
  app.get(
    `${base}/outbox/:id`,
    {
      config: managers,
      schema: {
        tags: ['hand-off'],
        summary: 'One message of the center with its body (a dead letter keeps the body to correct) (managers)',
        params: messageParams,
        response: { 200: Type.Object({ ...OutboxEntry.properties, payload: Type.Unknown() }) },
      },
    },
    (req) => app.handoff.dossiers.message(req.params.id, req.params.centerId),
  );
  app.post(
    `${base}/outbox/:id/correct`,
    {
      config: managers,
      schema: {
        tags: ['hand-off'],
        summary: "Correct a dead letter's body and send it again; audited with the body before and after (managers)",
        params: messageParams,
        body: CorrectOutboxBody,
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (req) => {
      await app.handoff.dossiers.correctDead(req.params.id, req.params.centerId, req.body, req.user!);
      app.handoff.worker.kick();
      return { ok: true };
    },
  );
  app.get(
    `${base}/attempts`,
    {
      config: managers,
      schema: {
        tags: ['hand-off'],
        summary: "The sync log: every attempt at the province for the center's dossiers, newest first (managers)",
        params: CenterParams,
        querystring: Type.Object({
          outboxId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_INT })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
        }),
        response: { 200: Type.Array(HandoffAttempt) },
      },
    },
    (req) =>
      app.handoff.dossiers.store.transaction((tx) =>
        tx.dossiers.attempts(req.params.centerId, req.query.outboxId ?? null, req.query.limit),
      ),
  );
};
