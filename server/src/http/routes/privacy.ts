import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ConsentRecord,
  NewPrivacyRequest,
  PersonalDataRegister,
  PersonalDataReport,
  PersonalDataView,
  PersonalViewQuery,
  PrivacyCompleteBody,
  PrivacyReplyBody,
  PrivacyRequest,
  PrivacyRequestQuery,
} from '@luot/contract';
import { isManager } from '../../auth/access.ts';
import { DomainError } from '../../engine/domain-error.ts';
import type { PrivacyService } from '../../privacy/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    privacy: PrivacyService;
  }
}

// Who may do what: managers (their center) and province administrators (their province) see the register, the
// consents, the requests and the views of personal data, and handle requests; running retention now is for
// administrators. Officers see none of it.
const signedIn = { access: { need: 'signed-in' } } as const;
const managers = async (req: FastifyRequest) => {
  if (!isManager(req.user!)) throw new DomainError('FORBIDDEN', 'manager');
};
const admins = async (req: FastifyRequest) => {
  if (req.user!.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY');
};
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const CenterQuery = Type.Object({
  centerId: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
const tags = ['privacy'];

export const privacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const opts = { config: signedIn, preHandler: managers } as const;

  app.get(
    '/api/privacy/register',
    {
      ...opts,
      schema: {
        tags,
        summary: 'The register of personal data: what, why, legal basis, where, retention, rows held and anonymised',
        response: { 200: PersonalDataRegister },
      },
    },
    (req) => app.privacy.register(req.user!),
  );

  app.post(
    '/api/privacy/retention/run',
    {
      config: signedIn,
      preHandler: admins,
      schema: {
        tags,
        summary: 'Runs retention now (it runs nightly by itself): counts of what was anonymised or deleted',
        response: { 200: Type.Record(Type.String(), Type.Integer()) },
      },
    },
    () => app.privacy.runRetention(),
  );

  app.get(
    '/api/privacy/consents',
    {
      ...opts,
      schema: {
        tags,
        summary: 'Consents given (proof kept), newest first',
        querystring: CenterQuery,
        response: { 200: Type.Array(ConsentRecord) },
      },
    },
    (req) => app.privacy.consents(req.user!, req.query.centerId ?? null, req.query.limit),
  );

  app.post(
    '/api/privacy/consents/:id/withdraw',
    {
      ...opts,
      schema: {
        tags,
        summary:
          'Withdraws a consent (the person asked at the desk): the phone or push endpoint it allowed goes; audited',
        params: IdParams,
        response: { 200: ConsentRecord },
      },
    },
    (req) => app.privacy.withdrawConsent(req.user!, req.params.id, null),
  );

  app.get(
    '/api/privacy/requests',
    {
      ...opts,
      schema: {
        tags,
        summary: "Persons' requests (see, correct, delete, withdraw consent…) with their deadlines and overdue flags",
        querystring: PrivacyRequestQuery,
        response: { 200: Type.Array(PrivacyRequest) },
      },
    },
    (req) => app.privacy.requests(req.user!, req.query.centerId ?? null, req.query.state ?? null, req.query.limit),
  );

  app.post(
    '/api/privacy/requests',
    {
      ...opts,
      schema: {
        tags,
        summary: 'Records a request: reply due in 2 working days (province calendar), completion in 15 days; audited',
        body: NewPrivacyRequest,
        response: { 201: PrivacyRequest },
      },
    },
    async (req, reply) => reply.code(201).send(await app.privacy.createRequest(req.user!, req.body)),
  );

  app.get(
    '/api/privacy/requests/:id',
    { ...opts, schema: { tags, summary: 'One request', params: IdParams, response: { 200: PrivacyRequest } } },
    (req) => app.privacy.request(req.user!, req.params.id),
  );

  app.get(
    '/api/privacy/requests/:id/data',
    {
      ...opts,
      schema: {
        tags,
        summary: 'The requester\'s personal data luot holds (the answer to "see my data"); the view is recorded',
        params: IdParams,
        response: { 200: PersonalDataReport },
      },
    },
    (req) => app.privacy.personalData(req.user!, req.params.id),
  );

  app.post(
    '/api/privacy/requests/:id/reply',
    {
      ...opts,
      schema: {
        tags,
        summary: 'The first answer was given; audited',
        params: IdParams,
        body: PrivacyReplyBody,
        response: { 200: PrivacyRequest },
      },
    },
    (req) => app.privacy.reply(req.user!, req.params.id, req.body.note ?? null),
  );

  app.post(
    '/api/privacy/requests/:id/complete',
    {
      ...opts,
      schema: {
        tags,
        summary: 'Carries the request out (correction, deletion, withdrawal) or refuses it with a reason; audited',
        params: IdParams,
        body: PrivacyCompleteBody,
        response: { 200: PrivacyRequest },
      },
    },
    (req) => app.privacy.complete(req.user!, req.params.id, req.body),
  );

  app.get(
    '/api/privacy/views',
    {
      ...opts,
      schema: {
        tags,
        summary: 'Views of personal data by staff (who, when, which dossier), newest first',
        querystring: PersonalViewQuery,
        response: { 200: Type.Array(PersonalDataView) },
      },
    },
    (req) => app.privacy.views(req.user!, req.query.centerId ?? null, req.query.ref ?? null, req.query.limit),
  );
};
