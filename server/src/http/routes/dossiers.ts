import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  Authority,
  CallForResultBody,
  CatalogImportResult,
  CenterParams,
  CounterParams,
  Dossier,
  DossierCodeParams,
  DossierReceipt,
  DossierStatus,
  Procedure,
  ReceiveByCodeBody,
  ReceiveDossierBody,
  ResultCall,
  ReturnResultBody,
  AddDocumentsBody,
  FeesPaidBody,
  WithdrawBody,
} from '@luot/contract';
import { checkCenter } from '../../auth/access.ts';
import { catalogFromCsv, CatalogError } from '../../dossier/catalog.ts';
import { receiptPdf } from '../../dossier/receipt-pdf.ts';
import type { Handoff } from '../../handoff/handoff.ts';
import { DomainError } from '../../engine/domain-error.ts';

declare module 'fastify' {
  interface FastifyInstance {
    handoff: Handoff;
  }
}

// Who may do what (see auth/access.ts): officers at their counter, staff of the receiving center, and nobody
// but a province administrator for the catalog. Reading the catalog is public; so is tracking (routes/track.ts), by code and secret.
const atCounter = { access: { need: 'counter' } } as const;
const centerStaff = { access: { need: 'staff', center: 'param' } } as const;
const signedIn = { access: { need: 'signed-in' } } as const;

/** Staff of the dossier's receiving center (or an administrator of its province). */
export async function checkDossierCenter(app: FastifyInstance, req: FastifyRequest<{ Params: { code: string } }>) {
  const dossier = await app.handoff.dossiers.store.transaction((tx) => tx.dossiers.dossier(req.params.code));
  if (dossier) await checkCenter(app.queue.store, req.user!, dossier.receivingCenter.id);
}

const ListQuery = Type.Object({
  status: Type.Optional(DossierStatus),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
const ImportQuery = Type.Object({ dryRun: Type.Boolean({ default: false }) });

export const dossierRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const dossiers = () => app.handoff.dossiers;

  app.post(
    '/api/centers/:centerId/counters/:counterId/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Receive a dossier for the ticket at this counter; returns the receipt with the promised return date',
        params: CounterParams,
        body: ReceiveDossierBody,
        response: { 201: DossierReceipt },
      },
      config: atCounter,
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await dossiers().receive(req.params.centerId, { counterId: req.params.counterId }, req.body, req.actor)),
  );

  app.post(
    '/api/centers/:centerId/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: "Receive a dossier for a ticket of this center, by the dossier code scanned from the ticket's QR",
        params: CenterParams,
        body: ReceiveByCodeBody,
        response: { 201: DossierReceipt },
      },
      config: centerStaff,
    },
    async (req, reply) => {
      const { dossierCode, ...body } = req.body;
      return reply.code(201).send(await dossiers().receive(req.params.centerId, { dossierCode }, body, req.actor));
    },
  );

  app.get(
    '/api/centers/:centerId/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Dossiers received at this center, newest first',
        params: CenterParams,
        querystring: ListQuery,
        response: { 200: Type.Array(Dossier) },
      },
      config: centerStaff,
    },
    (req) => dossiers().list(req.params.centerId, req.query.status ?? null, req.query.limit),
  );

  app.get(
    '/api/dossiers/:code',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'A dossier with its history, as its receipt (for reprinting)',
        params: DossierCodeParams,
        response: { 200: DossierReceipt },
      },
      config: signedIn,
      preHandler: (req) => checkDossierCenter(app, req),
    },
    (req) => dossiers().receipt(req.params.code),
  );

  app.get(
    '/api/dossiers/:code/receipt.pdf',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (form no. 01, Circular 01/2018/TT-VPCP) as a PDF, A4 or A5',
        params: DossierCodeParams,
        querystring: Type.Object({ size: Type.Union([Type.Literal('A4'), Type.Literal('A5')], { default: 'A4' }) }),
        produces: ['application/pdf'],
      },
      config: signedIn,
      preHandler: (req) => checkDossierCenter(app, req),
    },
    async (req, reply) => {
      const pdf = await receiptPdf(await dossiers().receipt(req.params.code), req.query.size);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="giay-tiep-nhan-${req.params.code.replace(/[^0-9A-Za-z.-]/g, '_')}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/dossiers/:code/return',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The result is handed to the applicant (the province is told)',
        params: DossierCodeParams,
        body: ReturnResultBody,
        response: { 200: Dossier },
      },
      config: signedIn,
      preHandler: (req) => checkDossierCenter(app, req),
    },
    (req) => dossiers().returnResult(req.params.code, req.actor, req.body ?? {}),
  );

  // Updates of the dossier at our side, each sent to the province by dossier code through the outbox.
  const update = {
    config: signedIn,
    preHandler: (req: FastifyRequest<{ Params: { code: string } }>) => checkDossierCenter(app, req),
  } as const;
  app.post(
    '/api/dossiers/:code/documents',
    {
      ...update,
      schema: {
        tags: ['dossiers'],
        summary: 'The documents a supplement request asked for were brought: processing resumes (the province is told)',
        params: DossierCodeParams,
        body: AddDocumentsBody,
        response: { 200: Dossier },
      },
    },
    (req) => dossiers().addDocuments(req.params.code, req.actor, req.body),
  );
  app.post(
    '/api/dossiers/:code/paid',
    {
      ...update,
      schema: {
        tags: ['dossiers'],
        summary: 'The fees due were paid at the desk: processing resumes (the province is told)',
        params: DossierCodeParams,
        body: FeesPaidBody,
        response: { 200: Dossier },
      },
    },
    (req) => dossiers().feesPaid(req.params.code, req.actor, req.body),
  );
  app.post(
    '/api/dossiers/:code/withdraw',
    {
      ...update,
      schema: {
        tags: ['dossiers'],
        summary: "Withdrawn at the applicant's request (national status 7; the province is told)",
        params: DossierCodeParams,
        body: WithdrawBody,
        response: { 200: Dossier },
      },
    },
    (req) => dossiers().withdraw(req.params.code, req.actor, req.body),
  );

  app.get(
    '/api/centers/:centerId/dossiers/ready',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Dossiers of this center whose result waits to be handed back, the oldest promised date first',
        params: CenterParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }) }),
        response: { 200: Type.Array(Dossier) },
      },
      config: centerStaff,
    },
    (req) => dossiers().ready(req.params.centerId, req.query.limit),
  );

  app.post(
    '/api/dossiers/:code/call-for-result',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'Call the applicant of a ready dossier to a counter to collect the result: the hall display announces it (by dossier number, never by name)',
        params: DossierCodeParams,
        body: CallForResultBody,
        response: { 200: ResultCall },
      },
      config: signedIn,
      preHandler: (req) => checkDossierCenter(app, req),
    },
    (req) => dossiers().callForResult(req.params.code, req.body.counterId),
  );

  app.get(
    '/api/procedures',
    { schema: { tags: ['catalog'], summary: 'The procedure catalog', response: { 200: Type.Array(Procedure) } } },
    () => dossiers().procedures(),
  );
  app.get(
    '/api/authorities',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Competent authorities: province departments and communes',
        response: { 200: Type.Array(Authority) },
      },
    },
    () => dossiers().authorities(),
  );

  // The catalog file comes as text/csv or as JSON (an array of procedures).
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/api/procedures/import',
      {
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ['catalog'],
          summary: `Import a catalog file (province administrators only; each changed procedure is audited): CSV with a header row, or a JSON array of procedures. All rows are checked; one bad row refuses the file.`,
          querystring: ImportQuery,
          consumes: ['text/csv', 'application/json'],
          response: { 200: CatalogImportResult },
        },
        config: signedIn,
      },
      async (req) => {
        // The catalog is province-wide: a center manager may not rewrite it (fees, time limits).
        if (req.user!.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY', 'the procedure catalog');
        const body = req.body;
        if (typeof body === 'string') {
          let csv: ReturnType<typeof catalogFromCsv>;
          try {
            csv = catalogFromCsv(body);
          } catch (err) {
            if (err instanceof CatalogError) throw new DomainError('CATALOG_INVALID', err.message);
            throw err;
          }
          return dossiers().importCatalog(csv.rows, csv.lineOf, req.query.dryRun, req.user!);
        }
        const rows = Array.isArray(body) ? body : (body as { procedures?: unknown } | null)?.procedures;
        if (!Array.isArray(rows))
          throw new DomainError('CATALOG_INVALID', 'send a JSON array of procedures, or { "procedures": [...] }');
        return dossiers().importCatalog(rows, undefined, req.query.dryRun, req.user!);
      },
    );
  });
};
