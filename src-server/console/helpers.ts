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
  /** The urlencoded form of a POST, as strings: the last value of a repeated field (all of them: formList). */
  formOf(request: FastifyRequest): Record<string, string>;
  /** Every value of a repeated field (checkboxes, multi-selects), in the order sent. */
  formList(request: FastifyRequest, name: string): string[];
}

const ALL_VALUES = Symbol('all form values');

/**
 * A urlencoded body as an object of last values (what most forms need), carrying every value of
 * every field beside it, out of sight of Object.keys and JSON, for formList.
 */
export function parseForm(body: string): Record<string, string> {
  const params = new URLSearchParams(body);
  const form: Record<string, string> = Object.fromEntries(params);
  Object.defineProperty(form, ALL_VALUES, { value: params, enumerable: false });
  return form;
}

export function formValues(body: unknown, name: string): string[] {
  const params = (body as { [ALL_VALUES]?: URLSearchParams } | undefined)?.[ALL_VALUES];
  return params ? params.getAll(name) : [];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
