/**
 * What both unit route modules (unit-routes.ts, unit-import-routes.ts) share: the route params,
 * the hidden-from-docs option, the audit actor, the units 404 page and the hospital scope check.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OfficeContext } from '../context';
import type { UnitScope } from '../admin/unit-checks';
import { loadUnitScope } from '../admin/unit-store';
import type { ConsoleHelpers } from './helpers';
import { html } from './html';
import { page, type PageContext } from './layout';
import { mayRead, type ConsoleSession } from './session';

export type UnitParams = { id: string; assetId?: string; previewId?: string };

export const hide = { schema: { hide: true } };

export const actor = (session: ConsoleSession): string => `admin:${session.username}`;

export function unitRouteHelpers(ctx: OfficeContext, h: ConsoleHelpers) {
  const notFound = (reply: FastifyReply, pc: PageContext, key: 'units.notFound' | 'units.unitNotFound' | 'units.preview.gone') =>
    h.sendHtml(reply, page(pc, pc.t('units.title'), html`<p class="error">${pc.t(key)}</p>`), 404);

  /** The hospital's scope if the session may read it; otherwise the 404 page is sent. */
  const scopeFor = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession): Promise<UnitScope | undefined> => {
    const { id } = request.params as UnitParams;
    const scope = mayRead(session, id) ? await loadUnitScope(ctx, id) : undefined;
    if (!scope) await notFound(reply, h.pageContext(request, reply, session), 'units.notFound');
    return scope;
  };

  return { notFound, scopeFor };
}
