/**
 * Route response documentation: successes by component name, and error answers as the `Error`
 * component narrowed to the codes the route really answers with at that status. Fastify does not
 * validate or serialize with these (app.ts); they are what the OpenAPI document says.
 */
import type { ErrorCode } from '../../src-shared/sync/protocol';
import { ref, type ComponentName } from './components';

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429 | 500 | 503;

/** Per status, the error codes a route answers with, each with why. */
export type ErrorSpec = Partial<Record<Status, Partial<Record<ErrorCode, string>>>>;

export const ok = (name: ComponentName, description: string): Record<string, unknown> => ({ description, ...ref(name) });

/** A JSON body that is not JSON, or not of the route's content type, is refused before the handler runs. */
export const BODY_ERRORS: ErrorSpec = {
  400: {
    invalid_request: 'the body is not JSON, or not in the protocol\'s shape (`issues` lists the paths)',
    too_deep: 'JSON nested deeper than 32 levels (`at`)',
    unpaired_surrogate: 'a JSON string or key holds half a UTF-16 surrogate pair (`at`)',
    reserved_key: 'a JSON object has a `__proto__` key (`at`)',
  },
  413: { payload_too_large: 'the body is over the route\'s limit (`limit`: that limit in bytes)' },
  415: { invalid_request: 'a content type this route does not take' },
};

/** Routes with a path parameter: Fastify's router refuses a segment over 100 characters. */
export const PATH_ERRORS: ErrorSpec = { 414: { invalid_request: 'a path segment longer than 100 characters' } };

/** Every route that takes a device token. */
export const DEVICE_ERRORS: ErrorSpec = { 401: { unauthorized: 'no, malformed, unknown or revoked device token' } };

/** Any route, on a fault of the office itself: the device retries. */
export const SERVER_ERRORS: ErrorSpec = { 500: { internal: 'logged on the office; retry later' } };

function merge(specs: ErrorSpec[]): ErrorSpec {
  const out: ErrorSpec = {};
  for (const spec of specs) {
    for (const [status, codes] of Object.entries(spec) as [`${Status}`, Partial<Record<ErrorCode, string>>][]) {
      const key = Number(status) as Status;
      out[key] = { ...out[key], ...codes };
    }
  }
  return out;
}

/** The error responses of a route: one entry per status, the body the Error component with only the codes listed. */
export function errors(...specs: ErrorSpec[]): Record<number, Record<string, unknown>> {
  const responses: Record<number, Record<string, unknown>> = {};
  for (const [status, codes] of Object.entries(merge([...specs, SERVER_ERRORS]))) {
    const entries = Object.entries(codes) as [ErrorCode, string][];
    responses[Number(status)] = {
      description: entries.map(([code, why]) => `\`${code}\`: ${why}`).join('; '),
      allOf: [ref('Error'), { properties: { error: { properties: { code: { enum: [...new Set(entries.map(([code]) => code))] } } } } }],
    };
  }
  return responses;
}
