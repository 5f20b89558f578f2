/**
 * Paged pull of reference data. The cursor is opaque to the device: the last sequence number
 * it has, the office it came from and a fingerprint of the engineer's hospitals. When either of
 * the last two changed, the pull starts over (reset), so a newly assigned hospital's rows,
 * written long before, are not skipped.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PullQuery, type PullPage } from '../src-shared/sync/protocol';
import { parseOrThrow } from './accept/zod-error';
import type { OfficeContext } from './context';
import { ApiError } from './errors';
import type { Engineer } from './storage/port';

const Cursor = z.object({ o: z.string(), s: z.number().int().min(0), h: z.string() }).strict();

const encode = (c: z.infer<typeof Cursor>): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(text: string): z.infer<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError(400, 'invalid_request', 'the cursor is not one this office issued; pull without a cursor to start over');
  }
}

const fingerprint = (hospitalIds: string[]): string =>
  createHash('sha256').update([...hospitalIds].sort().join('\n')).digest('hex').slice(0, 16);

export async function pullReference(ctx: OfficeContext, engineer: Engineer, query: unknown): Promise<PullPage> {
  const { cursor, limit } = parseOrThrow(PullQuery, query, 'the pull query');
  const hospitals = engineer.hospitalIds;
  const h = fingerprint(hospitals);
  let after = 0;
  let reset = false;
  if (cursor) {
    const c = decode(cursor);
    if (c.o === ctx.office.id && c.h === h) after = c.s;
    else reset = true;
  }
  const rows = await ctx.store.pullReference(after, hospitals, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1)?.seq ?? after;
  return {
    items: page.map((r) => ({ kind: r.kind, key: r.key, hospitalId: r.hospitalId, deleted: r.deleted, hash: r.hash, data: r.data })),
    cursor: encode({ o: ctx.office.id, s: last, h }),
    more: rows.length > limit,
    reset,
    hospitalIds: hospitals,
  };
}
