import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DossierCodeParams,
  DossierFile,
  DossierFileParams,
  TrackedFile,
  TrackQuery,
  UploadFileQuery,
} from '@luot/contract';
import { limitText } from '../../attachments/files.ts';
import { DomainError } from '../../engine/domain-error.ts';
import { checkDossierCenter } from './dossiers.ts';
import { TRACK_RATE_PER_MINUTE } from './track.ts';

// Dossiers' files: staff of the receiving center upload, list and download; the holder lists on the tracking page.
export const fileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const files = () => app.handoff.files;
  const maxBytes = app.handoff.files.maxBytes;

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The body is the file's bytes, whatever type the browser declares: the bytes themselves say what it is.
    // Read here with the limit from the configuration, so an oversize file is refused with its own code.
    scope.addContentTypeParser('*', (req, payload, done) => {
      const declared = Number(req.headers['content-length']);
      if (declared > maxBytes) return done(new DomainError('FILE_TOO_LARGE', limitText(maxBytes)), undefined);
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      payload.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes && !failed) {
          failed = true;
          done(new DomainError('FILE_TOO_LARGE', limitText(maxBytes)), undefined);
        }
        if (!failed) chunks.push(chunk);
      });
      payload.on('end', () => {
        if (!failed) done(null, Buffer.concat(chunks));
      });
      payload.on('error', (err) => {
        if (!failed) done(err, undefined);
      });
    });
    scope.post(
      '/api/dossiers/:code/files',
      {
        bodyLimit: maxBytes + 1024,
        schema: {
          tags: ['dossiers'],
          summary: `Attach a file to the dossier (staff of its receiving center): the body is the file (PDF, JPEG or PNG, recognised by its bytes; ${limitText(maxBytes)}); it is sent to the province`,
          params: DossierCodeParams,
          querystring: UploadFileQuery,
          consumes: ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'],
          response: { 201: DossierFile },
        },
        config: { access: { need: 'signed-in' } },
        // Before the body is read: another center's staff send nothing worth reading.
        preParsing: async (req, _reply, payload) => {
          await checkDossierCenter(app, req);
          return payload;
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('FILE_TYPE_REFUSED', 'empty body');
        return reply.code(201).send(await files().upload(req.params.code, req.query.name, req.body, req.user!));
      },
    );
  });

  app.get(
    '/api/dossiers/:code/files',
    {
      schema: {
        tags: ['dossiers'],
        summary: "The dossier's files (staff of its receiving center)",
        params: DossierCodeParams,
        response: { 200: Type.Array(DossierFile) },
      },
      config: { access: { need: 'signed-in' } },
      preHandler: (req) => checkDossierCenter(app, req),
    },
    (req) => files().list(req.params.code),
  );

  app.get(
    '/api/dossiers/:code/files/:fileId',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Download a file of the dossier (staff of its receiving center)',
        params: DossierFileParams,
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
      },
      config: { access: { need: 'signed-in' } },
      preHandler: (req) => checkDossierCenter(app, req),
    },
    async (req, reply) => {
      const { file, bytes } = await files().download(req.params.code, req.params.fileId);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/track/files',
    {
      config: { rateLimit: { max: TRACK_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['tracking'],
        summary: "The names of the holder's own dossier's files (code + secret); never their content",
        querystring: TrackQuery,
        response: { 200: Type.Array(TrackedFile) },
      },
    },
    async (req, reply) => {
      if (!(await app.trackLimiter.hit(req.ip))) throw new DomainError('RATE_LIMITED');
      reply.header('cache-control', 'no-store');
      return files().tracked(req.query.code, req.query.s);
    },
  );
};
