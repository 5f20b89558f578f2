/** A zod failure as a 400 naming the first few paths, so a device developer sees what is wrong. */
import type { z } from 'zod';
import { formatPath } from '../../src-shared/catalog/validate';
import { ApiError } from '../errors';

export function invalidRequest(error: z.ZodError, what: string): ApiError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  return new ApiError(400, 'invalid_request', `${what} is not valid${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`, { issues });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error, what);
  return parsed.data;
}
