/**
 * Checklist versions in the console (issue 14 point 4): the list and each template's versions
 * (everyone, read-only), drafts edited, checked and published by administrators, and the
 * workbooks. Every POST is an administrator's with the CSRF token; readers get 403.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Template } from '../../src-shared/catalog/schema';
import { EDITOR_BODY_BYTES } from '../admin/template-form';
import { checkLoaded, discardDraft, loadDraft, publishDraft, publishedVersions, saveDraft, startNewTemplate, startNewVersion, type Actor } from '../admin/template-publish';
import type { OfficeContext } from '../context';
import { XLSX_TYPE, type ConsoleHelpers } from './helpers';
import { escapeHtml, html } from './html';
import type { Translate } from './i18n';
import { templateCheckPage } from './pages/template-check';
import { templateDraftPage } from './pages/template-draft';
import { templateListPage } from './pages/template-list';
import { templatePage } from './pages/template-page';
import { templateVersionPage } from './pages/template-version';
import type { ConsoleSession } from './session';
import { templatesWorkbook, templateVersionWorkbook } from './template-export';

const NOTICES = ['saved', 'started'] as const;

export function templateConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const idOf = (request: FastifyRequest): string => String((request.params as { id?: unknown }).id ?? '');
  const actor = (request: FastifyRequest, session: ConsoleSession): Actor => ({ actor: `admin:${session.username}`, ip: request.ip });
  const notFound = (reply: FastifyReply, t: Translate) => h.sendHtml(reply, `<!doctype html><p>${escapeHtml(t('tpl.notFound'))}</p>`, 404);
  const conflict = (t: Translate, by: string): string => t('edit.conflict', { who: by ? by.replace(/^admin:/, '') : t('edit.conflict.someone') });
  // After a discard the draft's page is gone: the template's page (or the list) says it was done.
  const discardedNotice = (request: FastifyRequest, t: Translate): string | undefined =>
    (request.query as { notice?: unknown }).notice === 'discarded' ? t('tpl.notice.discarded') : undefined;
  const draftUrl = (id: string) => `/console/templates/${encodeURIComponent(id)}/draft`;

  app.get('/console/templates', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    return h.sendHtml(reply, await templateListPage(ctx, pc, undefined, discardedNotice(request, pc.t)));
  });

  app.get('/console/templates.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const book = await templatesWorkbook(ctx, session, h.pageContext(request, reply, session).lang);
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'template.export', outcome: 'ok', target: book.filename, details: { templates: book.count }, ip: request.ip });
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });

  app.post('/console/templates/new', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const form = h.formOf(request);
    const started = await startNewTemplate(ctx, form, actor(request, session), pc.t('tpl.sources.default'));
    if (started.outcome === 'started') {
      const notes = started.notes ?? [];
      const query = `?notice=started${notes.includes('enFromZh') ? '&en=zh' : ''}${notes.includes('sourceDefault') ? '&src=default' : ''}`;
      return reply.redirect(`${draftUrl(form.id!.trim())}${query}`, 303);
    }
    const problems = started.outcome === 'refused' ? started.problems : [{ code: 'templateExists' as const, where: { field: 'id' }, params: { id: form.id ?? '' } }];
    return h.sendHtml(reply, await templateListPage(ctx, pc, { typed: form, problems }), 422);
  });

  app.get('/console/templates/:id', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const body = await templatePage(ctx, pc, idOf(request), undefined, discardedNotice(request, pc.t));
    return body ? h.sendHtml(reply, body) : notFound(reply, pc.t);
  });

  app.get('/console/templates/:id/v/:version', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const asked = String((request.params as { version?: unknown }).version ?? '');
    const workbook = asked.endsWith('.xlsx');
    const version = Number(workbook ? asked.slice(0, -'.xlsx'.length) : asked);
    const row = Number.isInteger(version) && version > 0 ? await ctx.store.getReference('template', `${idOf(request)}@${version}`) : undefined;
    const template = row && !row.deleted ? Template.safeParse(row.data).data : undefined;
    if (!template) return notFound(reply, pc.t);
    if (!workbook) {
      // Just published (the publish redirects here): say so, and when devices get it.
      const published = (request.query as { notice?: unknown }).notice === 'published';
      const note = published ? html`<p class="ok" data-testid="notice">${pc.t('tpl.notice.published', { n: version })}</p>` : undefined;
      return h.sendHtml(reply, templateVersionPage(pc, template, pc.t('tpl.version.title', { name: template.name[pc.lang === 'en' ? 'en' : 'zh'], n: version }), note));
    }
    const book = await templateVersionWorkbook(ctx, template, pc.lang);
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'template.export', outcome: 'ok', target: `${template.id}@${template.version}`, details: { items: book.count }, ip: request.ip });
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });

  app.post('/console/templates/:id/draft/new', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const started = await startNewVersion(ctx, id, actor(request, session));
    if (started.outcome === 'missing') return notFound(reply, pc.t);
    if (started.outcome === 'exists') return h.sendHtml(reply, (await templatePage(ctx, pc, id, pc.t('tpl.draft.exists', { who: started.by.replace(/^admin:/, '') })))!, 409);
    return reply.redirect(`${draftUrl(id)}?notice=started`, 303);
  });

  // The editor for administrators; a reader sees the draft's items read-only.
  app.get('/console/templates/:id/draft', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const loaded = await loadDraft(ctx, idOf(request));
    if (!loaded) return notFound(reply, pc.t);
    if (session.role !== 'admin') {
      const note = html`<p class="muted">${pc.t('tpl.draft.readOnly')}</p>`;
      return h.sendHtml(reply, templateVersionPage(pc, loaded.draft, pc.t('tpl.draft.title', { name: loaded.draft.name[pc.lang === 'en' ? 'en' : 'zh'], version: loaded.draft.version }), note));
    }
    const query = request.query as { notice?: unknown; en?: unknown; src?: unknown };
    const notice = NOTICES.find((n) => n === query.notice);
    // What the save or start filled in for the user: English texts from the Chinese, the default source.
    const said = notice
      ? [
          pc.t(`tpl.notice.${notice}`),
          ...(query.en === 'zh' ? [pc.t('tpl.notice.enFromZh')] : []),
          ...(query.src === 'default' ? [pc.t('tpl.notice.sourceDefault', { source: loaded.draft.sources.join(', ') })] : []),
        ].join(' ')
      : undefined;
    return h.sendHtml(reply, templateDraftPage(pc, loaded, said ? { notice: said } : {}));
  });

  // A long template's form is large (every item's texts, URL-encoded); this route alone takes more than the console's 64 KB.
  app.post('/console/templates/:id/draft', { ...hide, bodyLimit: EDITOR_BODY_BYTES, config: { formBodyLimit: EDITOR_BODY_BYTES } }, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const form = h.formOf(request);
    const saved = await saveDraft(ctx, id, form.hash ?? '', form, actor(request, session));
    if (saved.outcome === 'saved') return reply.redirect(`${draftUrl(id)}?notice=saved${saved.filled.length ? '&en=zh' : ''}`, 303);
    const loaded = await loadDraft(ctx, id);
    if (saved.outcome === 'missing' || !loaded) return h.sendHtml(reply, (await templatePage(ctx, pc, id, pc.t('tpl.draft.gone'))) ?? '', 409);
    if (saved.outcome === 'conflict') return h.sendHtml(reply, templateDraftPage(pc, loaded, { typed: form, message: conflict(pc.t, saved.by) }), 409);
    return h.sendHtml(reply, templateDraftPage(pc, loaded, { typed: form, problems: saved.problems }), 422);
  });

  app.get('/console/templates/:id/draft/check', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const loaded = await loadDraft(ctx, idOf(request));
    if (!loaded) return notFound(reply, pc.t);
    return h.sendHtml(reply, templateCheckPage(pc, loaded, checkLoaded(loaded)));
  });

  app.post('/console/templates/:id/draft/publish', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const form = h.formOf(request);
    const version = Number(form.version);
    const published = await publishDraft(ctx, id, form.hash ?? '', actor(request, session), Number.isInteger(version) ? version : undefined);
    if (published.outcome === 'published') return reply.redirect(`/console/templates/${encodeURIComponent(id)}/v/${published.version}?notice=published`, 303);
    const loaded = await loadDraft(ctx, id);
    const message =
      published.outcome === 'changed' ? pc.t('tpl.publish.changed', { who: published.by.replace(/^admin:/, '') })
      : published.outcome === 'taken' ? pc.t('tpl.publish.taken', { n: published.version })
      : published.outcome === 'failed' ? pc.t(published.problems.some((p) => p.code === 'unchanged') ? 'tpl.publish.unchanged' : 'tpl.publish.failed')
      : pc.t('tpl.draft.gone');
    if (!loaded) return h.sendHtml(reply, (await templatePage(ctx, pc, id, message)) ?? `<!doctype html><p>${escapeHtml(message)}</p>`, 409);
    return h.sendHtml(reply, templateCheckPage(pc, loaded, checkLoaded(loaded), message), 409);
  });

  app.post('/console/templates/:id/draft/discard', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const discarded = await discardDraft(ctx, id, h.formOf(request).hash ?? '', actor(request, session));
    // A template never published has no page of its own once its draft is gone: back to the list.
    if (discarded.outcome === 'discarded') {
      const published = (await publishedVersions(ctx, id)).length > 0;
      return reply.redirect(`${published ? `/console/templates/${encodeURIComponent(id)}` : '/console/templates'}?notice=discarded`, 303);
    }
    const loaded = await loadDraft(ctx, id);
    if (discarded.outcome === 'missing' || !loaded) return h.sendHtml(reply, (await templatePage(ctx, pc, id, pc.t('tpl.draft.gone'))) ?? '', 409);
    return h.sendHtml(reply, templateDraftPage(pc, loaded, { message: conflict(pc.t, discarded.by) }), 409);
  });
}
