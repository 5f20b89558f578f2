/**
 * zod schemas as JSON Schema for the OpenAPI document. Fastify does not validate with them
 * (app.ts turns its validator off): the handlers parse with zod, the one source of truth.
 */
import { z } from 'zod';

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  // OpenAPI 3.1 takes JSON Schema 2020-12 inline, without a $schema of its own.
  delete out.$schema;
  return out;
}

export const errorResponse = (description: string): Record<string, unknown> => ({
  description,
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
});
