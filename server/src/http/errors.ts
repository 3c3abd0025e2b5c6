// Every refusal leaves as { statusCode, code, message, messageVi, detail }: a 4xx with a reason, never a stack.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ERRORS, errorBody, type ErrorCode } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

function codeOf(err: FastifyError): ErrorCode {
  if (err.validation) return 'VALIDATION';
  if (err.statusCode === 429) return 'RATE_LIMITED';
  if (err.code && FASTIFY_CODES[err.code]) return FASTIFY_CODES[err.code];
  if (err instanceof SyntaxError) return 'MALFORMED_JSON';
  return 'INTERNAL';
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DomainError) return reply.code(ERRORS[err.code].status).send(errorBody(err.code, err.detail));
    const code = codeOf(err);
    if (code === 'INTERNAL') {
      // Some other 4xx from Fastify or a plugin (e.g. rate limit): keep its status and words.
      if (err.statusCode && err.statusCode < 500)
        return reply.code(err.statusCode).send({ ...errorBody('VALIDATION', err.message), statusCode: err.statusCode });
      request.log.error(err);
      return reply.code(500).send(errorBody('INTERNAL'));
    }
    return reply.code(ERRORS[code].status).send(errorBody(code, err.message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `${request.method} ${request.url}`)),
  );
}
