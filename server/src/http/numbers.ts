// Numbers in query strings and path parameters arrive as text: Ajv turns "1e400" into Infinity and then skips
// `minimum`/`maximum` for it. Such a value is refused here, before validation, with 400 VALIDATION; the schemas'
// bounds (see MAX_INT in the contract) refuse the finite ones that are too large.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../engine/domain-error.ts';

interface SchemaPart {
  type?: unknown;
  properties?: Record<string, SchemaPart>;
}

const isNumeric = (s: SchemaPart) => s.type === 'integer' || s.type === 'number';

function checkFinite(part: string, schema: unknown, values: unknown) {
  if (!schema || typeof schema !== 'object' || !values || typeof values !== 'object') return;
  for (const [key, property] of Object.entries((schema as SchemaPart).properties ?? {})) {
    if (!isNumeric(property)) continue;
    const raw: unknown = (values as Record<string, unknown>)[key];
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value === 'string' && value.trim() !== '' && !Number.isFinite(Number(value))) {
        throw new DomainError('VALIDATION', `${part}/${key} must be a finite number`);
      }
    }
  }
}

export function refuseInfiniteNumbers(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema;
    if (!schema) return;
    checkFinite('querystring', schema.querystring, req.query);
    checkFinite('params', schema.params, req.params);
  });
}
