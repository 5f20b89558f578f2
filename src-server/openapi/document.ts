/**
 * The options of @fastify/swagger that make GET /api/v1/openapi.json: OpenAPI 3.1, the protocol's
 * components generated from zod (components.ts), and a HEAD operation beside every GET, as
 * Fastify answers HEAD for each (headers only).
 */
import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { componentSchemas } from './components';

const DESCRIPTION = [
  'The office sync protocol of Xunjian. docs/sync-protocol.md says what the schemas cannot: the canonical JSON and hashes,',
  'the order of the checks, the signing profile of report PDFs and how to verify a receipt.',
  'Every error body is the `Error` component; each operation lists the codes it answers with per status.',
].join(' ');

/** A HEAD operation: the GET's statuses and descriptions, no body. */
function headOf(schema: FastifySchema & { summary?: string }): FastifySchema {
  const response: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries((schema.response ?? {}) as Record<string, { description?: string }>)) {
    response[status] = { description: `${answer.description ?? ''} (headers only)`.trim(), type: 'null' };
  }
  return { ...schema, summary: `${schema.summary ?? ''} — HEAD: the same answer without a body`.replace(/^ — /, ''), response };
}

export function swaggerOptions(): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Xunjian office sync protocol', version: '1', description: DESCRIPTION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The device token from POST /api/v1/enroll' } } },
    },
    exposeHeadRoutes: true,
    convertConstToEnum: false,
    transform: ({ schema, url, route }) => ({ schema: route.method === 'HEAD' && schema ? headOf(schema) : schema, url }),
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      // Added last, as generated: the plugin's own conversion is for route schemas, these are already 2020-12.
      const doc = document.openapiObject as { components?: { schemas?: Record<string, unknown> } };
      doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...componentSchemas() } };
      return document.openapiObject;
    },
  };
}
