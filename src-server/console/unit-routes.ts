/**
 * Hardware units (issue 14): a hospital's list (readers see their hospitals'), the add/edit form,
 * deletion, the Excel import (upload → column mapping → preview → confirm, kept as an import
 * preview per user until confirmed) and the exports. Every change is one guarded reference write.
 */
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OfficeContext } from '../context';
import { EditConflict } from '../admin/reference-edits';
import { checkUnit, type UnitInput, type UnitScope } from '../admin/unit-checks';
import { guessMapping, UNIT_FIELDS } from '../admin/unit-fields';
import { checkUpload, MAX_FILE_BYTES, MAX_UNPACKED_BYTES } from '../admin/unit-file';
import { planImport } from '../admin/unit-import';
import { readSheetAt, summarizeWorkbook } from '../admin/unit-sheet';
import { confirmImport, deleteUnit, liveUnitIds, loadUnitScope, newUnitId, saveUnit, unitIdUsed } from '../admin/unit-store';
import { unitExportWorkbook, unitTemplateWorkbook, type WorkbookText } from '../admin/unit-workbook';
import { XLSX_TYPE, type ConsoleHelpers } from './helpers';
import { escapeHtml, html, query } from './html';
import { translator } from './i18n';
import { page, type PageContext } from './layout';
import { inputOf, unitFormPage, type UnitFormState } from './pages/unit-form';
import { importBase, mappingPage, readMapping, sheetProblem, uploadPage, type StoredImport } from './pages/unit-import';
import { previewPage, readPreviewQuery, type PreviewProblem } from './pages/unit-preview';
import { readUnitsQuery, unitsPage, unitsUrl } from './pages/units';
import { csrfMatches, mayRead, readScope, type ConsoleSession } from './session';


type Params = { id: string; assetId?: string; previewId?: string };

function workbookText(): WorkbookText {
  const zh = translator('zh-CN');
  const en = translator('en');
  const both = (key: Parameters<typeof zh>[0]) => ({ zh: zh(key), en: en(key) });
  return {
    unitsSheet: both('units.sheet.units'),
    notesSheet: both('units.sheet.notes'),
    hospitalHeader: both('units.sheet.hospital'),
    notes: [both('units.notes.1'), both('units.notes.2'), both('units.notes.3')],
    roomsTable: { department: both('units.notes.rooms.department'), rooms: both('units.notes.rooms.rooms') },
    fieldNotes: Object.fromEntries(UNIT_FIELDS.map((f) => [f, both(`units.note.${f}`)])) as WorkbookText['fieldNotes'],
  };
}

const conflictText = (pc: PageContext, error: EditConflict): string =>
  pc.t('edit.conflict', { who: error.by ? error.by.replace(/^admin:/, '') : pc.t('edit.conflict.someone') });

export function unitConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const actor = (session: ConsoleSession): string => `admin:${session.username}`;

  const notFound = (reply: FastifyReply, pc: PageContext, key: 'units.notFound' | 'units.unitNotFound' | 'units.preview.gone') =>
    h.sendHtml(reply, page(pc, pc.t('units.title'), html`<p class="error">${pc.t(key)}</p>`), 404);

  /** The hospital's scope if the session may read it; otherwise the 404 page is sent. */
  const scopeFor = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession): Promise<UnitScope | undefined> => {
    const { id } = request.params as Params;
    const scope = mayRead(session, id) ? await loadUnitScope(ctx, id) : undefined;
    if (!scope) await notFound(reply, h.pageContext(request, reply, session), 'units.notFound');
    return scope;
  };

  /** Sends a workbook, audited like every export: who, which file, how many units. */
  const sendXlsx = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession, bytes: Uint8Array, filename: string, details: Record<string, unknown>) => {
    await ctx.store.audit({ actor: actor(session), action: 'units.export', outcome: 'ok', target: filename, details: { ...details, query: request.query }, ip: request.ip });
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${filename}"`).send(Buffer.from(bytes));
  };

  // The list, open to readers of the hospital.
  app.get('/console/hospitals/:id/units', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    return h.sendHtml(reply, unitsPage(h.pageContext(request, reply, session), scope, readUnitsQuery(request.query as Record<string, unknown>)));
  });

  app.get('/console/hospitals/:id/units.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    const lang = h.pageContext(request, reply, session).lang === 'en' ? 'en' : 'zh';
    const bytes = await unitExportWorkbook([{ scope }], workbookText(), lang, false);
    return sendXlsx(request, reply, session, bytes, `units-${scope.hospital.id}.xlsx`, { hospitalId: scope.hospital.id, rows: scope.units.length });
  });

  app.get('/console/units.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const allowed = readScope(session);
    const hospitals = (await ctx.store.listReference('hospital')).filter((r) => !allowed || allowed.includes(r.key));
    const scopes = [];
    for (const row of hospitals) {
      const scope = await loadUnitScope(ctx, row.key);
      if (scope) scopes.push({ scope });
    }
    const lang = h.pageContext(request, reply, session).lang === 'en' ? 'en' : 'zh';
    const bytes = await unitExportWorkbook(scopes, workbookText(), lang, true);
    const rows = scopes.reduce((n, { scope }) => n + scope.units.length, 0);
    return sendXlsx(request, reply, session, bytes, 'units.xlsx', { hospitalIds: scopes.map(({ scope }) => scope.hospital.id), rows });
  });

  // The template is for whoever fills the list in, a hospital's IT office included.
  app.get('/console/hospitals/:id/units/template.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    const bytes = await unitTemplateWorkbook(scope, workbookText());
    return sendXlsx(request, reply, session, bytes, `units-template-${scope.hospital.id}.xlsx`, { hospitalId: scope.hospital.id, template: true, rows: 1 });
  });

  // ---- One unit: add, edit, delete (administrators).

  /** The form's fields as posted: the place select carries "campus/department". */
  const postedInput = (form: Record<string, string>): UnitInput => {
    const [campus = '', department = ''] = (form.place ?? '').split('/');
    const input: UnitInput = { campus, department };
    for (const f of ['assetTag', 'hardwareType', 'model', 'nameZh', 'nameEn', 'room', 'contract', 'template'] as const) input[f] = String(form[f] ?? '').slice(0, 1000);
    return input;
  };

  app.get('/console/hospitals/:id/units/new', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply, { csrf: false });
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    return h.sendHtml(reply, unitFormPage(h.pageContext(request, reply, session), scope, { input: {}, problems: [] }));
  });

  app.get('/console/hospitals/:id/units/:assetId', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply, { csrf: false });
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    const unit = scope.units.find((u) => u.asset.id === (request.params as Params).assetId);
    const pc = h.pageContext(request, reply, session);
    if (!unit) return notFound(reply, pc, 'units.unitNotFound');
    return h.sendHtml(reply, unitFormPage(pc, scope, { unit, input: inputOf(unit.asset), problems: [] }));
  });

  const saveForm = async (request: FastifyRequest, reply: FastifyReply, editing: boolean) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    const pc = h.pageContext(request, reply, session);
    const form = h.formOf(request);
    const unit = editing ? scope.units.find((u) => u.asset.id === (request.params as Params).assetId) : undefined;
    if (editing && !unit) return notFound(reply, pc, 'units.unitNotFound');
    const input = postedInput(form);
    const state: UnitFormState = { ...(unit ? { unit: { ...unit, hash: String(form.hash ?? '') } } : {}), input, problems: [] };
    const checked = checkUnit(input, scope, unit ? { selfId: unit.asset.id } : {});
    if (!checked.unit) return h.sendHtml(reply, unitFormPage(pc, scope, { ...state, problems: checked.problems }), 422);
    try {
      const id = unit?.asset.id ?? (await newUnitId(ctx, checked.unit.assetTag));
      await saveUnit(ctx, scope.hospital.id, id, checked.unit, unit ? String(form.hash ?? '') : null, actor(session));
    } catch (error) {
      if (error instanceof EditConflict) return h.sendHtml(reply, unitFormPage(pc, scope, { ...state, error: conflictText(pc, error) }), 409);
      throw error;
    }
    return reply.redirect(unitsUrl(scope.hospital.id, { saved: checked.unit.assetTag }), 303);
  };
  app.post('/console/hospitals/:id/units/new', hide, (request, reply) => saveForm(request, reply, false));
  app.post('/console/hospitals/:id/units/:assetId', hide, (request, reply) => saveForm(request, reply, true));

  app.post('/console/hospitals/:id/units/:assetId/delete', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const scope = await scopeFor(request, reply, session);
    if (!scope) return reply;
    const pc = h.pageContext(request, reply, session);
    const unit = scope.units.find((u) => u.asset.id === (request.params as Params).assetId);
    if (!unit) return notFound(reply, pc, 'units.unitNotFound');
    const hash = String(h.formOf(request).hash ?? '');
    try {
      await deleteUnit(ctx, scope.hospital.id, unit.asset.id, hash, actor(session));
    } catch (error) {
      if (error instanceof EditConflict) {
        return h.sendHtml(reply, unitFormPage(pc, scope, { unit: { ...unit, hash }, input: inputOf(unit.asset), problems: [], error: conflictText(pc, error) }), 409);
      }
      throw error;
    }
    return reply.redirect(unitsUrl(scope.hospital.id, { deleted: unit.asset.assetTag }), 303);
  });

  // ---- The import: upload, mapping, preview, confirm (administrators).

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
