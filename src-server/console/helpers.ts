/**
 * What every console route module is given: the session (or a redirect to the login page), the
 * administrator check for anything that changes data, the page context and the HTML reply.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageContext } from './layout';
import type { ConsoleSession } from './session';

export interface ConsoleHelpers {
  /** The page's session, or a redirect to the login page (the caller returns the reply when undefined). */
  requireSession(request: FastifyRequest, reply: FastifyReply): Promise<ConsoleSession | undefined>;
  /**
   * For every route that changes data (and the pages whose only use is to change it): an
   * administrator's session whose form or header carries the session's CSRF token. Otherwise the
   * reply is already sent — the login page, 403 for a reader (audited as refused), or 403 for a
   * missing CSRF token — and undefined comes back. `csrf: false` for GET pages (no token to check).
   */
  requireAdmin(request: FastifyRequest, reply: FastifyReply, options?: { csrf?: boolean }): Promise<ConsoleSession | undefined>;
  pageContext(request: FastifyRequest, reply: FastifyReply, session?: ConsoleSession): PageContext;
  sendHtml(reply: FastifyReply, body: string, status?: number): FastifyReply;
  /** The urlencoded form of a POST, as strings (repeated fields: see formList). */
  formOf(request: FastifyRequest): Record<string, string>;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
