/**
 * Console users (issue 14): the list with its add form and .xlsx, each user's role, hospitals and
 * disabled state (guarded against a concurrent edit), and setting a user's password.
 * Administrators only (readers get 403 from requireAdmin). Refused input re-renders its form with
 * what was typed and the problem named per field; success is POST → 303 → GET with a notice.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError, createConsoleUser, setAdminPassword, updateConsoleUser } from '../admin/operations';
import type { OfficeContext } from '../context';
import type { ConsoleHelpers } from './helpers';
import type { MessageKey } from './i18n';
import { usersWorkbook } from './people-export';
import { actorOf, doneOf, lastEditor, notFound, sendWorkbook } from './people-shared';
import { hospitalsOfForm, problemsOf } from './pages/people-form';
import { userEditPage, type UserForm } from './pages/user-edit';
import { usersPage } from './pages/users';
import type { ConsoleSession } from './session';

const USER_NOTICES: Record<string, MessageKey> = { created: 'users.created', saved: 'users.saved', password: 'users.password.set' };

export function consoleUserRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };

  app.get('/console/users', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await usersPage(ctx, h.pageContext(request, reply, session)));
  });

  app.post('/console/users', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const form = h.formOf(request);
    const typed = { username: String(form.username ?? '').trim(), role: String(form.role ?? ''), hospitalIds: hospitalsOfForm(form) };
    try {
      await createConsoleUser(ctx, { ...typed, password: String(form.password ?? '') }, actorOf(session));
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      const pc = h.pageContext(request, reply, session);
      return h.sendHtml(reply, await usersPage(ctx, pc, { form: typed, problems: problemsOf(error, pc.t) }), 400);
    }
    return reply.redirect(`/console/users/${encodeURIComponent(typed.username)}?done=created`, 303);
  });

  app.get('/console/users.xlsx', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    return sendWorkbook(ctx, request, reply, session, 'users.export', await usersWorkbook(ctx, h.pageContext(request, reply, session).lang));
  });

  const userOf = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession) => {
    const username = (request.params as { username: string }).username;
    const user = await ctx.store.getAdmin(username);
    if (!user) await notFound(h, reply, h.pageContext(request, reply, session).t('people.problem.noUser', { username }));
    return user;
  };

  app.get('/console/users/:username', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const user = await userOf(request, reply, session);
    if (!user) return reply;
    const pc = h.pageContext(request, reply, session);
    const done = doneOf(request, USER_NOTICES);
    return h.sendHtml(reply, await userEditPage(ctx, pc, user, done ? { notice: pc.t(done) } : {}));
  });

  app.post('/console/users/:username', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const user = await userOf(request, reply, session);
    if (!user) return reply;
    const form = h.formOf(request);
    const edit: UserForm = { role: String(form.role ?? ''), hospitalIds: hospitalsOfForm(form), disabled: form.disabled === '1' };
    const pc = h.pageContext(request, reply, session);
    try {
      // A form without its state (not from this page) is checked against a state no user has: a conflict, nothing written.
      const outcome = await updateConsoleUser(ctx, user.username, edit, actorOf(session), String(form.state ?? '-'));
      if (outcome === 'conflict') {
        const current = (await ctx.store.getAdmin(user.username)) ?? user;
        const who = (await lastEditor(ctx, user.username, /^admin\.(update|disable|enable|create)$/)) ?? pc.t('edit.conflict.someone');
        return h.sendHtml(reply, await userEditPage(ctx, pc, current, { conflict: { who, typed: edit } }), 409);
      }
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      return h.sendHtml(reply, await userEditPage(ctx, pc, user, { form: edit, problems: problemsOf(error, pc.t) }), 400);
    }
    // Disabling or demoting oneself ends one's own access: the next page says so (login or 403).
    return reply.redirect(`/console/users/${encodeURIComponent(user.username)}?done=saved`, 303);
  });

  app.post('/console/users/:username/password', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const user = await userOf(request, reply, session);
    if (!user) return reply;
    try {
      await setAdminPassword(ctx, user.username, String(h.formOf(request).password ?? ''), actorOf(session));
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      const pc = h.pageContext(request, reply, session);
      return h.sendHtml(reply, await userEditPage(ctx, pc, user, { passwordProblems: problemsOf(error, pc.t) }), 400);
    }
    return reply.redirect(`/console/users/${encodeURIComponent(user.username)}?done=password`, 303);
  });
}
