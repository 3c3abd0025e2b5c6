import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isManager } from '../../auth/access.ts';
import { HandoffStatus, OutboxEntry, OutboxParams, OutboxQuery, PROVINCE_STATUSES } from '../../contract/index.ts';
import { WEBHOOK_PATH } from '../../handoff/handoff.ts';
import { type ProgressEvent, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../handoff/province-contract.ts';
import { DomainError } from '../../engine/domain-error.ts';
import { errorBody } from '../errors.ts';

const ProgressEventBody = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 128 }),
  code: Type.String({ minLength: 5, maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
  status: Type.Enum(PROVINCE_STATUSES),
  statusCode: Type.Integer(),
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
      const ok = verifySignature(app.handoff.webhookSecret, req.headers[TIMESTAMP_HEADER] as string | undefined, raw, req.headers[SIGNATURE_HEADER] as string | undefined, Date.now());
      if (!ok) return reply.code(401).send(errorBody('BAD_SIGNATURE'));
    });
    scope.post(
      WEBHOOK_PATH,
      {
        schema: {
          tags: ['hand-off'],
          summary: `Progress from the provincial system, signed: ${SIGNATURE_HEADER} = hex HMAC-SHA256 of "<${TIMESTAMP_HEADER}>.<raw body>". Applied once and in version order.`,
          body: ProgressEventBody,
          response: { 200: Type.Object({ errorCode: Type.String(), message: Type.String(), recorded: Type.Integer(), applied: Type.Integer() }) },
        },
      },
      async (req) => {
        const result = await app.handoff.dossiers.applyProgress([req.body as ProgressEvent]);
        return { errorCode: '00', message: 'ok', ...result };
      },
    );
  });

  // Managers watch the hand-off and send dead letters again.
  const managers = { access: { need: 'signed-in' } } as const;
  const onlyManagers = async (req: FastifyRequest) => {
    if (!isManager(req.user!)) throw new DomainError('FORBIDDEN', 'manager');
  };

  app.get('/api/handoff/status', { config: managers, preHandler: onlyManagers, schema: { tags: ['hand-off'], summary: 'Health of the hand-off to the province (managers)', response: { 200: HandoffStatus } } }, () =>
    app.handoff.worker.status(),
  );
  app.get(
    '/api/handoff/outbox',
    { config: managers, preHandler: onlyManagers, schema: { tags: ['hand-off'], summary: 'Messages to the province; state=dead lists the dead letters (managers)', querystring: OutboxQuery, response: { 200: Type.Array(OutboxEntry) } } },
    (req) => app.handoff.dossiers.store.transaction((tx) => tx.dossiers.outbox(req.query.state ?? null, req.query.limit)),
  );
  app.post(
    '/api/handoff/outbox/:id/retry',
    { config: managers, preHandler: onlyManagers, schema: { tags: ['hand-off'], summary: 'Send a dead-lettered message again (managers)', params: OutboxParams, response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async (req) => {
      await app.handoff.worker.retry(req.params.id);
      return { ok: true };
    },
  );
};
