/**
 * Hardware units (issue 14): a hospital's list (readers see their hospitals'), the add/edit form,
 * deletion and the exports. Every change is one guarded reference write. The Excel import is in
 * unit-import-routes.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OfficeContext } from '../context';
import { EditConflict } from '../admin/reference-edits';
import { checkUnit, type UnitInput } from '../admin/unit-checks';
import { UNIT_FIELDS } from '../admin/unit-fields';
import { deleteUnit, loadUnitScope, newUnitId, saveUnit } from '../admin/unit-store';
import { unitExportWorkbook, unitTemplateWorkbook, type WorkbookText } from '../admin/unit-workbook';
import { XLSX_TYPE, type ConsoleHelpers } from './helpers';
import { translator } from './i18n';
import type { PageContext } from './layout';
import { inputOf, unitFormPage, type UnitFormState } from './pages/unit-form';
import { readUnitsQuery, unitsPage, unitsUrl } from './pages/units';
import { readScope, type ConsoleSession } from './session';
import { actor, hide, unitRouteHelpers, type UnitParams as Params } from './unit-routes-shared';

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
  const { notFound, scopeFor } = unitRouteHelpers(ctx, h);

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
}
