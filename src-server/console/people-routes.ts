/**
 * People (issue 14): engineers (add, edit, assign hospitals, deactivate), their one-time enrollment
 * codes as text and QR code, devices with their last sync (and revoke), console users and roles.
 */
import type { FastifyInstance } from 'fastify';
import { AdminError, revokeDevice } from '../admin/operations';
import type { OfficeContext } from '../context';
import type { ConsoleHelpers } from './helpers';
import { escapeHtml } from './html';
import { devicesPage } from './pages/devices';

export function peopleConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };

  app.get('/console/devices', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await devicesPage(ctx, h.pageContext(request, reply, session)));
  });
  app.post('/console/devices/:id/revoke', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    try {
      await revokeDevice(ctx, (request.params as { id: string }).id, `admin:${session.username}`);
    } catch (error) {
      if (error instanceof AdminError) return h.sendHtml(reply, `<!doctype html><p>${escapeHtml(error.message)}</p>`, 404);
      throw error;
    }
    return reply.redirect('/console/devices', 303);
  });
}
