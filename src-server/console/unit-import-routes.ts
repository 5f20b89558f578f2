/**
 * The Excel import of a hospital's hardware units (issue 14): upload → column mapping → preview →
 * confirm, kept as an import preview per user until confirmed; the confirm is one guarded reference
 * write. The list, the form, deletion and the exports are in unit-routes.ts.
 */
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OfficeContext } from '../context';
import { EditConflict } from '../admin/reference-edits';
import { guessMapping } from '../admin/unit-fields';
import { checkUpload, MAX_FILE_BYTES, MAX_UNPACKED_BYTES } from '../admin/unit-file';
import { planImport } from '../admin/unit-import';
import { readSheetAt, summarizeWorkbook } from '../admin/unit-sheet';
import { confirmImport, liveUnitIds, unitIdUsed } from '../admin/unit-store';
import type { ConsoleHelpers } from './helpers';
import { escapeHtml, query } from './html';
import { importBase, mappingPage, readMapping, sheetProblem, uploadPage, type StoredImport } from './pages/unit-import';
import { previewPage, readPreviewQuery, type PreviewProblem } from './pages/unit-preview';
import { unitsUrl } from './pages/units';
import { csrfMatches, type ConsoleSession } from './session';
import { actor, hide, unitRouteHelpers, type UnitParams as Params } from './unit-routes-shared';

/** Registered right after unitConsoleRoutes, so the routes keep their order. */
export function unitImportRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const { notFound, scopeFor } = unitRouteHelpers(ctx, h);

  app.get('/console/hospitals/:id/units/import', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply, { csrf: false });
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    return h.sendHtml(reply, uploadPage(h.pageContext(request, reply, session), scope));
  });

  // The upload has its own scope: @fastify/multipart applies to it alone, and a reader is refused
  // (onRequest) before the body is read. One file and a few small fields; a larger file stops at
  // the limit and the page says so.
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 8, fieldSize: 1024, parts: 10, headerPairs: 100 } });
    scope.addHook('onRequest', async (request, reply) => {
      const session = await h.requireAdmin(request, reply, { csrf: false });
      if (!session) return reply;
      return undefined;
    });
    scope.post('/console/hospitals/:id/units/import', hide, async (request, reply) => {
      const session = await h.requireSession(request, reply);
      if (!session) return reply;
      const hospital = await scopeFor(request, reply, session);
      if (!hospital) return reply;
      const pc = h.pageContext(request, reply, session);
      const refuse = (message: string, status: number) => h.sendHtml(reply, uploadPage(pc, hospital, message), status);
      if (!request.isMultipart()) return refuse(pc.t('units.file.notMultipart'), 400);
      const fields: Record<string, string> = {};
      let file: { filename: string; data: Buffer } | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') fields[part.fieldname] = String(part.value);
          else if (part.fieldname === 'file' && !file) file = { filename: part.filename, data: await part.toBuffer() };
          else part.file.resume();
        }
      } catch (error) {
        // Too large: no CSRF token to check, and nothing is done but saying so.
        if (error instanceof scope.multipartErrors.RequestFileTooLargeError) return refuse(pc.t('units.file.tooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 }), 413);
        if (error instanceof Error && 'statusCode' in error && (error as { statusCode: number }).statusCode < 500) return refuse(pc.t('units.file.notMultipart'), 400);
        throw error;
      }
      if (!csrfMatches(session, fields.csrf)) return h.sendHtml(reply, `<!doctype html><p>${escapeHtml(pc.t('error.csrf'))}</p>`, 403);
      if (!file || (file.filename === '' && file.data.length === 0)) return refuse(pc.t('units.file.noFile'), 400);
      const verdict = checkUpload(file.data);
      if (!verdict.ok) {
        const mb = (verdict.code === 'tooLargeUnpacked' ? MAX_UNPACKED_BYTES : MAX_FILE_BYTES) / 1024 / 1024;
        return refuse(pc.t(`units.file.${verdict.code}`, { mb }), verdict.code === 'tooLarge' ? 413 : 422);
      }
      // Each sheet is read on its own and only its summary kept; the file itself is kept for the mapping step.
      const book = await summarizeWorkbook(verdict.parts);
      if (!book.ok) return refuse(pc.t(`units.file.${book.code}`), 422);
      // The first sheet with anything in it is the list; if it cannot be read, say why rather than guess another.
      const first = book.sheets.findIndex((s) => s.state !== 'empty');
      const problem = first < 0 ? pc.t('units.sheet.empty', { sheet: book.sheets[0]!.name }) : sheetProblem(pc, book.sheets[first]!);
      if (first < 0 || problem) return refuse(problem!, 422);
      const stored: StoredImport = { fileName: file.filename.slice(0, 200) || 'upload.xlsx', file: file.data.toString('base64'), sheets: book.sheets, sheet: first };
      const id = randomUUID();
      await ctx.store.saveImportPreview({ id, username: session.username, hospitalId: hospital.hospital.id, createdAt: ctx.now().toISOString(), data: stored });
      return reply.redirect(`${importBase(hospital.hospital.id)}/${id}/mapping`, 303);
    });
  });

  /** The user's stored import for this hospital, or the "gone" page. */
  const storedImport = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession): Promise<StoredImport | undefined> => {
    const { id, previewId = '' } = request.params as Params;
    const preview = await ctx.store.getImportPreview(previewId, session.username);
    // A preview saved before the file was kept with it has no rows to read again: upload anew.
    if (!preview || preview.hospitalId !== id || typeof (preview.data as Partial<StoredImport>).file !== 'string') {
      await notFound(reply, h.pageContext(request, reply, session), 'units.preview.gone');
      return undefined;
    }
    return preview.data as StoredImport;
  };

  /**
   * What every step after the upload needs: an administrator (CSRF checked on POSTs), the hospital
   * and the user's stored import; undefined when a refusal or the "gone" page was already sent.
   */
  const importStep = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await h.requireAdmin(request, reply, { csrf: request.method !== 'GET' });
    if (!session) return undefined;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return undefined;
    const stored = await storedImport(request, reply, session);
    return stored && { session, scope, stored };
  };

  app.get('/console/hospitals/:id/units/import/:previewId/mapping', hide, async (request, reply) => {
    const step = await importStep(request, reply);
    if (!step) return reply;
    const { session, scope, stored } = step;
    const pc = h.pageContext(request, reply, session);
    const asked = Number((request.query as { sheet?: string }).sheet);
    const sheet = Number.isInteger(asked) && stored.sheets[asked] && !sheetProblem(pc, stored.sheets[asked]) ? asked : stored.sheet;
    const read = stored.sheets[sheet]!;
    const mapping = sheet === stored.sheet && stored.mapping ? stored.mapping : read.state === 'ok' ? guessMapping(read.table.columns.map((c) => c.header)) : {};
    return h.sendHtml(reply, mappingPage(pc, scope, (request.params as Params).previewId!, { ...stored, sheet }, mapping));
  });

  app.post('/console/hospitals/:id/units/import/:previewId/mapping', hide, async (request, reply) => {
    const step = await importStep(request, reply);
    if (!step) return reply;
    const { session, scope, stored } = step;
    const pc = h.pageContext(request, reply, session);
    const form = h.formOf(request);
    const asked = Number(form.sheet);
    const sheet = Number.isInteger(asked) && stored.sheets[asked] ? asked : stored.sheet;
    const summary = stored.sheets[sheet]!;
    if (summary.state !== 'ok' || sheetProblem(pc, summary)) return h.sendHtml(reply, mappingPage(pc, scope, (request.params as Params).previewId!, { ...stored, sheet: stored.sheet }, stored.mapping ?? {}), 422);
    const { mapping, errors } = readMapping(pc, form, summary.table);
    if (errors.length) return h.sendHtml(reply, mappingPage(pc, scope, (request.params as Params).previewId!, { ...stored, sheet }, mapping, errors), 422);
    // The chosen sheet alone is read again from the kept file.
    const read = await readSheetAt(Buffer.from(stored.file, 'base64'), sheet);
    if (read?.state !== 'ok') return h.sendHtml(reply, mappingPage(pc, scope, (request.params as Params).previewId!, { ...stored, sheet }, mapping, [pc.t('units.file.corrupt')]), 422);

    const plan = await planImport(read.table, mapping, scope, await liveUnitIds(ctx), unitIdUsed(ctx));
    const id = randomUUID();
    await ctx.store.saveImportPreview({ id, username: session.username, hospitalId: scope.hospital.id, createdAt: ctx.now().toISOString(), data: { ...stored, sheet, mapping, plan } satisfies StoredImport });
    await ctx.store.deleteImportPreview((request.params as Params).previewId!);
    return reply.redirect(`${importBase(scope.hospital.id)}/${id}`, 303);
  });

  app.get('/console/hospitals/:id/units/import/:previewId', hide, async (request, reply) => {
    const step = await importStep(request, reply);
    if (!step) return reply;
    const { session, scope, stored } = step;
    const { id, previewId } = request.params as Params;
    if (!stored.plan) return reply.redirect(`${importBase(id)}/${previewId}/mapping`, 303);
    const pc = h.pageContext(request, reply, session);
    return h.sendHtml(reply, previewPage(pc, scope, previewId!, stored, readPreviewQuery(request.query as Record<string, unknown>)));
  });

  app.post('/console/hospitals/:id/units/import/:previewId/confirm', hide, async (request, reply) => {
    const step = await importStep(request, reply);
    if (!step) return reply;
    const { session, scope, stored } = step;
    const { previewId } = request.params as Params;
    const pc = h.pageContext(request, reply, session);
    const plan = stored.plan;
    if (!plan) return reply.redirect(`${importBase(scope.hospital.id)}/${previewId}/mapping`, 303);
    const form = h.formOf(request);
    const deleteAbsent = form.deleteAbsent === 'yes' && (plan.notInFile?.ids?.length ?? 0) > 0;
    const view = readPreviewQuery({});
    // Nothing done: back to the preview, saying why, so a reload there asks to post nothing again.
    const back = (problem: PreviewProblem) => reply.redirect(`${importBase(scope.hospital.id)}/${encodeURIComponent(previewId!)}${query({ problem })}`, 303);
    if (plan.writes.length === 0 && !deleteAbsent) return back(plan.counts.new + plan.counts.update + plan.counts.unchanged === 0 ? 'noneGood' : 'nothing');
    if (plan.counts.refused > 0 && form.skipRefused !== 'yes') return back('skip');
    let deleted = 0;
    try {
      ({ deleted } = await confirmImport(ctx, scope.hospital.id, plan, deleteAbsent, {
        actor: actor(session),
        outcome: 'ok',
        details: { fileName: stored.fileName, sheet: stored.sheets[stored.sheet]?.name, ...plan.counts, skippedRefused: plan.counts.refused },
        ip: request.ip,
      }));
    } catch (error) {
      if (!(error instanceof EditConflict)) throw error;
      const who = error.by ? error.by.replace(/^admin:/, '') : pc.t('edit.conflict.someone');
      const what = error.keys.map((k) => `${k.kind} ${k.key}`).join(', ');
      return h.sendHtml(reply, previewPage(pc, scope, previewId!, stored, view, pc.t('units.preview.conflict', { who, what })), 409);
    }
    await ctx.store.deleteImportPreview(previewId!);
    const c = plan.counts;
    return reply.redirect(unitsUrl(scope.hospital.id, { imported: `${c.new},${c.update},${c.unchanged},${c.refused},${deleted}` }), 303);
  });
}
