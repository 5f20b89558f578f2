/**
 * What the people routes (people-routes.ts) and the console-user routes (user-routes.ts) share:
 * the audit actor of a session, the plain 404 page, the `?done=` notice, the last editor of a
 * record for the conflict message, and the .xlsx answer with its audit entry.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OfficeContext } from '../context';
import { XLSX_TYPE, type ConsoleHelpers } from './helpers';
import { escapeHtml } from './html';
import type { MessageKey } from './i18n';
import type { Workbook } from './people-export';
import type { ConsoleSession } from './session';

export const actorOf = (session: ConsoleSession) => `admin:${session.username}`;

export const notFound = (h: ConsoleHelpers, reply: FastifyReply, message: string) =>
  h.sendHtml(reply, `<!doctype html><p>${escapeHtml(message)}</p>`, 404);

/** `?done=` after a redirect, as the notice it names. */
export const doneOf = (request: FastifyRequest, notices: Record<string, MessageKey>): MessageKey | undefined => {
  const done = (request.query as { done?: unknown }).done;
  return typeof done === 'string' ? notices[done] : undefined;
};

/** Who saved the record last (for the conflict message), from the audit log: its latest successful action of `actions`. */
export const lastEditor = async (ctx: OfficeContext, target: string, actions: RegExp): Promise<string | undefined> => {
  const rows = await ctx.store.listAudit({ limit: 20, target });
  const actor = rows.find((r) => actions.test(r.action) && r.outcome === 'ok')?.actor;
  return actor?.replace(/^admin:/, '');
};

/** The workbook as a download, its export on record in the audit log. */
export const sendWorkbook = async (
  ctx: OfficeContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: ConsoleSession,
  action: string,
  book: Workbook,
) => {
  await ctx.store.audit({ actor: actorOf(session), action, outcome: 'ok', target: book.filename, details: { query: request.query, rows: book.count }, ip: request.ip });
  return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
};
