/**
 * Hospitals and contracts edited in the console (issue 14): the list, one hospital (campuses,
 * departments, rooms, contacts, its contracts), one contract, their history and old versions, and
 * both lists as .xlsx. Every save is a guarded write of the row the form was rendered from, so two
 * administrators never overwrite each other; devices take the change at their next pull.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Asset, Contract, Hospital } from '../../src-shared/catalog/reference';
import type { Template } from '../../src-shared/catalog/schema';
import { newContractFields } from '../admin/contract-defaults';
import { contractFields, contractFromFields, SYSTEM_COLUMNS } from '../admin/contract-form';
import type { ContractUse } from '../admin/contract-in-use';
import { contractTexts, languageChecks } from '../admin/contract-reminders';
import { liveRows, value, type Fields, type FormProblem } from '../admin/form-fields';
import { hospitalFields, hospitalFromFields } from '../admin/hospital-form';
import { EditConflict, referenceRow, writeGuarded } from '../admin/reference-edits';
import type { OfficeContext } from '../context';
import { chinaDay } from '../service/derive';
import type { ReferenceVersion, StoredServiceRecord } from '../storage/port';
import type { ConsoleHelpers } from './helpers';
import { XLSX_TYPE } from './helpers';
import { html } from './html';
import type { PageContext } from './layout';
import { localized, page } from './layout';
import { contractPage, type ContractView } from './pages/contract';
import { hospitalPage, type HospitalView } from './pages/hospital';
import { hospitalsPage } from './pages/hospitals';
import { actorName } from './pages/hospitals-shared';
import { contractsWorkbook, hospitalsWorkbook } from './reference-export';
import { mayRead, readScope, type ConsoleSession } from './session';

/** How many reports per dropped system, and service records of the hospital (newest first), a contract save reads to find those naming it. */
const RECORDS_READ = 500;
const SERVICE_RECORDS_READ = 2000;
/** At most this many checks travel to the saved page (a contract of eleven levels and ten systems has about fifty texts). */
const MAX_CHECKS = 60;

/** A contract with eleven levels, typed in Chinese (9 bytes a character once encoded), is well under this. */
const REFERENCE_FORM_BYTES = 512 * 1024;

export function referenceConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const post = { ...hide, bodyLimit: REFERENCE_FORM_BYTES, config: { formBodyLimit: REFERENCE_FORM_BYTES } };
  const idOf = (request: FastifyRequest): string => String((request.params as { id?: unknown }).id ?? '');
  const notFound = (reply: FastifyReply, pc: PageContext) =>
    h.sendHtml(reply, page(pc, pc.t('reference.title'), html`<p class="notice">${pc.t('ref.notFound')}</p><p><a href="/console/hospitals">${pc.t('ref.notFound.back')}</a></p>`), 404);
  const audit = (session: ConsoleSession, request: FastifyRequest, action: string, target: string) => ({ actor: `admin:${session.username}`, action, outcome: 'ok' as const, target, details: {}, ip: request.ip });
  const conflictText = (pc: PageContext, error: EditConflict): string => pc.t('edit.conflict', { who: error.by ? actorName(error.by) : pc.t('edit.conflict.someone') });
  const savedNotice = (pc: PageContext, request: FastifyRequest): string | undefined => {
    const query = request.query as { saved?: unknown; en?: unknown };
    const saved = Number(query.saved);
    if (!Number.isInteger(saved) || saved <= 0) return undefined;
    return pc.t('ref.saved', { version: saved }) + (query.en === 'zh' ? ` ${pc.t('ref.enFromZh')}` : '');
  };
  /** Where a save goes: the saved page, saying which version, whether English names took the Chinese ones, and what to check (see `languageChecks`). */
  const savedHref = (path: string, version: number, filled: string[], checks: string[] = []): string =>
    `${path}?saved=${version}${filled.length ? '&en=zh' : ''}${checks.length ? `&check=${encodeURIComponent(checks.slice(0, MAX_CHECKS).join(','))}` : ''}`;
  /** The checks a saved page was sent with, those naming something the contract has. */
  const checksOf = (request: FastifyRequest, contract: Contract): string[] => {
    const query = request.query as { saved?: unknown; check?: unknown };
    if (query.saved === undefined || typeof query.check !== 'string') return [];
    const texts = contractTexts(contract);
    return [...new Set(query.check.split(','))].filter((k) => k === 'hours' || texts.has(k)).slice(0, MAX_CHECKS);
  };
  const askedVersion = (request: FastifyRequest): number | undefined => {
    const n = Number((request.query as { version?: unknown }).version);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };

  const hospitalOf = async (id: string): Promise<{ hospital: Hospital; hash: string } | undefined> => {
    const row = await ctx.store.getReference('hospital', id);
    if (!row || row.deleted || !row.hash) return undefined;
    return { hospital: Hospital.safeParse(row.data).data ?? (row.data as Hospital), hash: row.hash };
  };
  const contractOf = async (id: string): Promise<{ contract: Contract; hash: string; hospitalId: string } | undefined> => {
    const row = await ctx.store.getReference('contract', id);
    if (!row || row.deleted || !row.hash || !row.hospitalId) return undefined;
    return { contract: Contract.safeParse(row.data).data ?? (row.data as Contract), hash: row.hash, hospitalId: row.hospitalId };
  };
  const contractsOf = async (hospitalId: string): Promise<Contract[]> => (await ctx.store.listReference('contract', hospitalId)).map((r) => Contract.safeParse(r.data).data ?? (r.data as Contract));
  const savedVersion = async (kind: 'hospital' | 'contract', key: string): Promise<number> => (await ctx.store.listReferenceVersions(kind, key))[0]?.version ?? 1;

  // ---- The list and the exports -------------------------------------------------------------

  app.get('/console/hospitals', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await hospitalsPage(ctx, h.pageContext(request, reply, session)));
  });
  for (const [path, build] of [['/console/hospitals.xlsx', hospitalsWorkbook], ['/console/contracts.xlsx', contractsWorkbook]] as const) {
    app.get(path, hide, async (request, reply) => {
      const session = await h.requireSession(request, reply);
      if (!session) return reply;
      const book = await build(ctx, readScope(session), h.pageContext(request, reply, session).lang);
      await ctx.store.audit({ ...audit(session, request, 'reference.export', book.filename), details: { rows: book.count } });
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
    });
  }

  // ---- Hospitals ----------------------------------------------------------------------------

  const hospitalView = async (id: string | undefined, v: Omit<HospitalView, 'contracts' | 'history' | 'id'>): Promise<HospitalView> => ({
    ...v,
    ...(id ? { id } : {}),
    contracts: id ? await contractsOf(id) : [],
    history: id ? await ctx.store.listReferenceVersions('hospital', id) : [],
  });

  app.get('/console/hospitals/new', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply, { csrf: false });
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    return h.sendHtml(reply, hospitalPage(pc, await hospitalView(undefined, { fields: {}, problems: [], readOnly: false, hash: '' })));
  });

  app.get('/console/hospitals/:id', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const stored = mayRead(session, id) ? await hospitalOf(id) : undefined;
    if (!stored) return notFound(reply, pc);
    const version = await oldVersion('hospital', id, askedVersion(request));
    const shown = version ? (Hospital.safeParse(version.data).data ?? (version.data as Hospital)) : stored.hospital;
    const view = await hospitalView(id, {
      fields: hospitalFields(shown),
      problems: [],
      readOnly: session.role !== 'admin' || version !== undefined,
      hash: stored.hash,
      ...(version ? { version } : {}),
      ...optional('notice', savedNotice(pc, request)),
    });
    return h.sendHtml(reply, hospitalPage(pc, view));
  });

  const saveHospital = async (request: FastifyRequest, reply: FastifyReply, existingId: string | undefined) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const form = h.formOf(request);
    const stored = existingId ? await hospitalOf(existingId) : undefined;
    if (existingId && !stored) return notFound(reply, pc);
    const again = async (problems: FormProblem[], status: number, extra: { conflict?: string; more?: boolean } = {}) =>
      h.sendHtml(reply, hospitalPage(pc, await hospitalView(existingId, { fields: form, problems, readOnly: false, hash: form.hash ?? '', ...extra })), status);
    if (form.more) return again([], 200, { more: true });

    const newId = (form.id ?? '').trim();
    const taken = !stored && newId !== '' ? await ctx.store.getReference('hospital', newId) : undefined;
    const id = existingId ?? newId;
    const result = hospitalFromFields(form, {
      ...(stored ? { stored: stored.hospital } : {}),
      idTaken: () => taken !== undefined,
      assets: (await ctx.store.listReference('asset', id)).flatMap((r) => Asset.safeParse(r.data).data ?? []),
      contracts: await contractsOf(id),
    });
    if (!result.hospital) return again(result.problems, 422);
    try {
      await writeGuarded(ctx, [{ row: await referenceRow('hospital', id, id, result.hospital), expectedHash: form.hash || null }], audit(session, request, 'reference.hospital.save', id));
    } catch (error) {
      if (error instanceof EditConflict) return again([], 409, { conflict: conflictText(pc, error) });
      throw error;
    }
    return reply.redirect(savedHref(`/console/hospitals/${id}`, await savedVersion('hospital', id), result.filled), 303);
  };
  app.post('/console/hospitals/new', post, (request, reply) => saveHospital(request, reply, undefined));
  app.post('/console/hospitals/:id', post, (request, reply) => saveHospital(request, reply, idOf(request)));

  // ---- Contracts ----------------------------------------------------------------------------

  /** The choices a contract form offers: published templates (newest version's name), calendars. */
  const choices = async (lang: PageContext['lang']) => {
    const latest = new Map<string, Template>();
    for (const r of await ctx.store.listReference('template')) {
      const tpl = r.data as Template;
      if ((latest.get(tpl.id)?.version ?? 0) < tpl.version) latest.set(tpl.id, tpl);
    }
    const of = (kind: Template['kind']) => [...latest.values()].filter((x) => x.kind === kind).map((x) => ({ id: x.id, name: localized(x.name, lang, x.id) })).sort((a, b) => a.id.localeCompare(b.id));
    return { systemTemplates: of('system'), hardwareTemplates: of('hardware'), calendars: (await ctx.store.listReference('calendar')).map((r) => r.key) };
  };
  const contractView = async (pc: PageContext, hospital: Hospital, id: string | undefined, v: Pick<ContractView, 'fields' | 'problems' | 'readOnly' | 'hash'> & Partial<ContractView>): Promise<ContractView> => ({
    ...v,
    ...(await choices(pc.lang)),
    hospital,
    ...(id ? { id } : {}),
    history: id ? await ctx.store.listReferenceVersions('contract', id) : [],
  });

  /**
   * What uses a stored contract, for refusing an edit that drops it: the contract's units, and the
   * reports and service records naming a system the form no longer has (read only when one is dropped).
   */
  const contractUse = async (contract: Contract, hospital: Hospital, form: Fields, lang: PageContext['lang'], hardware: { id: string; name: string }[]): Promise<ContractUse> => {
    const units = (await ctx.store.listReference('asset', hospital.id)).flatMap((r) => Asset.safeParse(r.data).data ?? []).filter((a) => a.contractId === contract.id);
    const kept = new Set(liveRows(form, 'sys', SYSTEM_COLUMNS).map((n) => value(form, `sys.${n}.id`)));
    const dropped = contract.systems.filter((s) => !kept.has(s.id));
    const systemRecords = new Map<string, { count: number; names: string[] }>();
    if (dropped.length) {
      const services = await serviceRecordsOf(hospital.id, contract.id);
      for (const s of dropped) {
        // A device names a system `system:<id>` or `system:<contract>/<id>`; another contract of the hospital may share the bare id.
        const found = await ctx.store.listReports({ hospitalId: hospital.id, subjects: [`system:${s.id}`, `system:${contract.id}/${s.id}`], limit: RECORDS_READ, offset: 0 });
        const reports = found.reports.filter((r) => r.contractId === contract.id);
        const records = services.filter((r) => r.subject.kind === 'system' && r.subject.systemId === s.id);
        const count = (reports.length === found.reports.length ? found.total : reports.length) + records.length;
        systemRecords.set(s.id, { count, names: [...reports.map((r) => r.reportNumber), ...records.map((r) => r.title || r.id)] });
      }
    }
    const named = (name: string, id: string): string => (name === id ? id : `${name} (${id})`);
    const nameOf = (kind: 'campus' | 'hw' | 'system', id: string): string => {
      if (kind === 'hw') return named(hardware.find((x) => x.id === id)?.name ?? id, id);
      const item = kind === 'campus' ? hospital.campuses.find((c) => c.id === id) : contract.systems.find((x) => x.id === id);
      return named(item ? localized(item.name, lang, id) : id, id);
    };
    return { units, systemRecords, nameOf };
  };
  /** The hospital's service records of one contract, among its newest SERVICE_RECORDS_READ. */
  const serviceRecordsOf = async (hospitalId: string, contractId: string) => {
    const page = 500;
    const out: StoredServiceRecord[] = [];
    for (let offset = 0; offset < SERVICE_RECORDS_READ; offset += page) {
      const found = await ctx.store.listServiceRecords({ hospitalId, limit: page, offset });
      out.push(...found.records.filter((r) => r.contractId === contractId));
      if (offset + page >= found.total) break;
    }
    return out;
  };

  app.get('/console/hospitals/:id/contracts/new', hide, async (request, reply) => {
    const session = await h.requireAdmin(request, reply, { csrf: false });
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const stored = await hospitalOf(idOf(request));
    if (!stored) return notFound(reply, pc);
    const { calendars } = await choices(pc.lang);
    const fields = newContractFields(stored.hospital.campuses.map((c) => c.id), calendars.includes('cn-mainland') ? 'cn-mainland' : (calendars[0] ?? ''), chinaDay(ctx.now().toISOString()));
    return h.sendHtml(reply, contractPage(pc, await contractView(pc, stored.hospital, undefined, { fields, problems: [], readOnly: false, hash: '' })));
  });

  app.get('/console/contracts/:id', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const stored = await contractOf(id);
    const hospital = stored && mayRead(session, stored.hospitalId) ? await hospitalOf(stored.hospitalId) : undefined;
    if (!stored || !hospital) return notFound(reply, pc);
    const version = await oldVersion('contract', id, askedVersion(request));
    const shown = version ? (Contract.safeParse(version.data).data ?? (version.data as Contract)) : stored.contract;
    const view = await contractView(pc, hospital.hospital, id, {
      fields: contractFields(shown),
      problems: [],
      readOnly: session.role !== 'admin' || version !== undefined,
      hash: stored.hash,
      stored: shown,
      ...(version ? { version } : { checks: checksOf(request, shown) }),
      ...optional('notice', savedNotice(pc, request)),
    });
    return h.sendHtml(reply, contractPage(pc, view));
  });

  const saveContract = async (request: FastifyRequest, reply: FastifyReply, hospitalId: string | undefined, existingId: string | undefined) => {
    const session = await h.requireAdmin(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const form: Fields = h.formOf(request);
    const stored = existingId ? await contractOf(existingId) : undefined;
    const hospital = await hospitalOf(stored?.hospitalId ?? hospitalId ?? '');
    if ((existingId && !stored) || !hospital) return notFound(reply, pc);
    const again = async (problems: FormProblem[], status: number, extra: Partial<ContractView> = {}) =>
      h.sendHtml(reply, contractPage(pc, await contractView(pc, hospital.hospital, existingId, { fields: form, problems, readOnly: false, hash: form.hash ?? '', ...(stored ? { stored: stored.contract } : {}), ...extra })), status);
    if (form.more) return again([], 200, { more: true });

    const { systemTemplates, hardwareTemplates, calendars } = await choices(pc.lang);
    const newId = (form.id ?? '').trim();
    const taken = !stored && newId !== '' ? await ctx.store.getReference('contract', newId) : undefined;
    const result = contractFromFields(form, {
      hospitalId: hospital.hospital.id,
      ...(stored ? { stored: stored.contract } : {}),
      idTaken: () => taken !== undefined,
      campusIds: hospital.hospital.campuses.map((c) => c.id),
      systemTemplateIds: systemTemplates.map((x) => x.id),
      hardwareTemplateIds: hardwareTemplates.map((x) => x.id),
      calendars,
      ...(stored ? { use: await contractUse(stored.contract, hospital.hospital, form, pc.lang, hardwareTemplates) } : {}),
    });
    if (!result.contract) return again(result.problems, 422);
    const id = result.contract.id;
    try {
      await writeGuarded(ctx, [{ row: await referenceRow('contract', id, hospital.hospital.id, result.contract), expectedHash: form.hash || null }], audit(session, request, 'reference.contract.save', id));
    } catch (error) {
      if (error instanceof EditConflict) return again([], 409, { conflict: conflictText(pc, error) });
      throw error;
    }
    const checks = languageChecks(stored?.contract, result.contract);
    return reply.redirect(savedHref(`/console/contracts/${id}`, await savedVersion('contract', id), result.filled, checks), 303);
  };
  app.post('/console/hospitals/:id/contracts/new', post, (request, reply) => saveContract(request, reply, idOf(request), undefined));
  app.post('/console/contracts/:id', post, (request, reply) => saveContract(request, reply, undefined, idOf(request)));

  /** An earlier version to show read-only (the current one is shown as the form). */
  async function oldVersion(kind: 'hospital' | 'contract', key: string, asked: number | undefined): Promise<ReferenceVersion | undefined> {
    if (asked === undefined) return undefined;
    const versions = await ctx.store.listReferenceVersions(kind, key);
    return versions.slice(1).find((v) => v.version === asked && !v.deleted && v.data !== null);
  }
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
