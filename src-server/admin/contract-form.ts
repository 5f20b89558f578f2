/**
 * The console's contract form ⇄ the Contract schema, pure. What the form shows is edited; what it
 * cannot show (a level's quotes, alsoStated and outsideHours; deliverables, evaluation, fees) is
 * taken from the stored contract unchanged, so a save never drops it. Checked with the schema and
 * the cross checks a catalog file gets (campuses of the hospital, known templates and calendar),
 * plus one the schema leaves to the office: every level promises a time (or says why none). An edit
 * may not drop a hardware template or campus the contract's units use, nor a system that reports or
 * service records name: the units would fall out of the inspection plan, the records lose their system.
 */
import { Contract, PromiseStep, promisesTime, ServiceKind, SignRole, type Asset } from '../../src-shared/catalog/reference';
import { Severity } from '../../src-shared/catalog/schema';
import { InspectionMode, WindowUnit } from '../../src-shared/catalog/period-schema';
import { inStoredOrder, liveRows, localizedInput, localizedName, schemaProblems, ticked, value, type Fields, type FormProblem } from './form-fields';

export const STEPS = PromiseStep.options;
export const DURATION_UNITS = ['minute', 'hour', 'day', 'working_hour', 'working_day'] as const;
export const SYSTEM_COLUMNS = ['id', 'template', 'nameZh', 'nameEn'] as const;
export const LEVEL_COLUMNS = ['id', 'nameZh', 'nameEn', 'descZh', 'descEn', 'noteZh', 'noteEn', ...STEPS.map((s) => `${s}Amount`)] as const;

export function contractFields(c: Contract): Fields {
  const f: Fields = {
    id: c.id,
    nameZh: c.name.zh,
    nameEn: c.name.en,
    seed: c.seed,
    periodStart: c.period.start,
    periodEnd: c.period.end,
    calendar: c.calendar,
    clockStart: c.clockStart,
    'hours.days': c.serviceHours.days === 'workdays' ? 'workdays' : 'weekdays',
    'hours.start': c.serviceHours.start,
    'hours.end': c.serviceHours.end,
    'hours.descZh': c.serviceHours.description.zh,
    'hours.descEn': c.serviceHours.description.en,
    'insp.perYear': String(c.inspection.perYear),
    'insp.descZh': c.inspection.description.zh,
    'insp.descEn': c.inspection.description.en,
    'insp.every': c.inspection.cadence?.every ?? '',
    'insp.quote': c.inspection.cadence?.quote ?? '',
    'sign.copies': String(c.signOff.copies),
    'sign.descZh': c.signOff.description.zh,
    'sign.descEn': c.signOff.description.en,
  };
  const on = (name: string, yes: boolean): void => {
    if (yes) f[name] = 'on';
  };
  c.campusIds.forEach((id) => on(`campus.${id}`, true));
  c.hardwareTemplateIds.forEach((id) => on(`hw.${id}`, true));
  if (c.serviceHours.days !== 'workdays') c.serviceHours.days.forEach((d) => on(`hours.day.${d}`, true));
  on('hours.phone24x7', c.serviceHours.phone24x7);
  on('hours.fault24x7', c.serviceHours.faultResponse24x7);
  on('followUpCalls', c.followUpCalls);
  c.inspection.cadence?.modes.forEach((m) => on(`insp.mode.${m}`, true));
  c.signOff.roles.forEach((r) => on(`sign.role.${r}`, true));
  c.systems.forEach((s, i) => Object.assign(f, { [`sys.${i}.id`]: s.id, [`sys.${i}.template`]: s.templateId, [`sys.${i}.nameZh`]: s.name.zh, [`sys.${i}.nameEn`]: s.name.en, [`sys.${i}.kept`]: '1' }));
  c.faultLevels.forEach((l, i) => {
    const p = `lvl.${i}.`;
    Object.assign(f, {
      [`${p}id`]: l.id,
      [`${p}nameZh`]: l.name.zh,
      [`${p}nameEn`]: l.name.en,
      [`${p}descZh`]: l.description.zh,
      [`${p}descEn`]: l.description.en,
      [`${p}severity`]: l.severity,
      [`${p}noteZh`]: l.resolveNote?.zh ?? '',
      [`${p}noteEn`]: l.resolveNote?.en ?? '',
      [`${p}proposeFrom`]: l.proposeFrom,
      [`${p}onSiteBy`]: l.onSiteBy,
      [`${p}kept`]: '1',
    });
    l.kinds.forEach((k) => on(`${p}kind.${k}`, true));
    for (const step of STEPS) {
      const d = l[step];
      f[`${p}${step}Amount`] = d ? String(d.amount) : '';
      f[`${p}${step}Unit`] = d?.unit ?? 'hour';
    }
  });
  return f;
}

/** A new contract's form: the hospital's campuses, workday hours, three common levels, quarterly inspection. */
export function newContractFields(campusIds: string[], calendar: string, today: string): Fields {
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  end.setUTCDate(end.getUTCDate() - 1);
  const level = (id: string, zh: string, en: string, descZh: string, descEn: string, severity: string, times: Partial<Record<(typeof STEPS)[number], [number, string]>>): Fields => ({
    id,
    nameZh: zh,
    nameEn: en,
    descZh,
    descEn,
    severity,
    'kind.fault': 'on',
    proposeFrom: 'start',
    onSiteBy: 'arrival',
    ...Object.fromEntries(STEPS.flatMap((s) => [[`${s}Amount`, times[s] ? String(times[s][0]) : ''], [`${s}Unit`, times[s]?.[1] ?? 'hour']])),
  });
  const levels = [
    level('level-1', '一级故障', 'Level 1', '系统瘫痪或核心业务中断。', 'The system is down or core work has stopped.', 'critical', { respond: [30, 'minute'], onSite: [2, 'hour'], resolve: [8, 'hour'] }),
    level('level-2', '二级故障', 'Level 2', '部分功能不可用，业务受影响。', 'Some functions fail and work is affected.', 'major', { respond: [1, 'hour'], onSite: [1, 'working_day'], resolve: [2, 'working_day'] }),
    level('level-3', '三级故障', 'Level 3', '一般问题或使用咨询，不影响业务。', 'A minor problem or a question; work goes on.', 'minor', { respond: [4, 'working_hour'], resolve: [5, 'working_day'] }),
  ];
  const f: Fields = {
    id: '',
    nameZh: '',
    nameEn: '',
    seed: '',
    periodStart: today,
    periodEnd: end.toISOString().slice(0, 10),
    calendar,
    clockStart: 'reported',
    'hours.days': 'workdays',
    'hours.start': '08:00',
    'hours.end': '17:30',
    'hours.descZh': '工作日 8:00–17:30 提供服务。',
    'hours.descEn': 'Service on workdays, 8:00–17:30.',
    'insp.perYear': '4',
    'insp.descZh': '每季度巡检一次。',
    'insp.descEn': 'One inspection a quarter.',
    'insp.every': '',
    'insp.quote': '',
    'sign.role.engineer': 'on',
    'sign.role.department': 'on',
    'sign.copies': '2',
    'sign.descZh': '巡检单一式两份，由工程师和使用科室签字确认。',
    'sign.descEn': 'Inspection sheets in duplicate, signed by the engineer and the department.',
  };
  campusIds.forEach((id) => (f[`campus.${id}`] = 'on'));
  levels.forEach((l, i) => Object.entries(l).forEach(([k, v]) => (f[`lvl.${i}.${k}`] = v)));
  return f;
}

export interface ContractRefs {
  hospitalId: string;
  /** The stored contract (undefined for a new one): its id is kept, and what the form cannot show comes from it. */
  stored?: Contract;
  idTaken?: (id: string) => boolean;
  campusIds: string[];
  systemTemplateIds: string[];
  hardwareTemplateIds: string[];
  calendars: string[];
  /** What uses the stored contract (an edit only): removing any of it is refused. */
  use?: ContractUse;
}

/** What already uses a stored contract, read by the route before a save. */
export interface ContractUse {
  /** Units (assets) whose contractId is this contract's. */
  units: Asset[];
  /** By system id: the reports and service records naming it (a few, by number or title) and how many. */
  systemRecords: ReadonlyMap<string, { count: number; names: string[] }>;
  /** How the page names a campus, hardware template or system of the stored contract; its id if absent. */
  nameOf?: (kind: 'campus' | 'hw' | 'system', id: string) => string;
}

/** The contract, and the English inputs left empty that took the Chinese text; or the problems. */
type Out = { contract: Contract; problems: []; filled: string[] } | { contract?: undefined; problems: FormProblem[] };

export function contractFromFields(f: Fields, refs: ContractRefs): Out {
  const problems: FormProblem[] = [];
  const base = refs.stored;
  const id = base?.id ?? value(f, 'id');
  if (!base && id !== '' && refs.idTaken?.(id)) problems.push({ field: 'id', code: 'idTaken', params: { id } });
  const filled: string[] = [];
  const text = (prefix: string) => localizedInput(f, prefix, filled);
  const number = (name: string): number | undefined => {
    const raw = value(f, name);
    if (raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) problems.push({ field: name, code: 'notNumber', params: { value: raw } });
    return Number.isFinite(n) ? n : undefined;
  };
  const tickedOf = <T extends string>(prefix: string, options: readonly T[]): T[] => options.filter((o) => ticked(f, `${prefix}${o}`));
  const tickedIds = (prefix: string): string[] => Object.keys(f).filter((k) => k.startsWith(prefix) && ticked(f, k)).map((k) => k.slice(prefix.length));

  const campusIds = inStoredOrder(tickedIds('campus.'), base?.campusIds);
  campusIds.forEach((c) => {
    if (!refs.campusIds.includes(c)) problems.push({ field: 'campuses', code: 'unknownCampus', params: { id: c } });
  });
  const hardwareTemplateIds = inStoredOrder(tickedIds('hw.'), base?.hardwareTemplateIds);
  hardwareTemplateIds.forEach((t) => {
    if (!refs.hardwareTemplateIds.includes(t)) problems.push({ field: 'hwTemplates', code: 'unknownTemplate', params: { id: t } });
  });

  const systemRows = liveRows(f, 'sys', SYSTEM_COLUMNS);
  const systems = systemRows.map((n) => ({ id: value(f, `sys.${n}.id`), templateId: value(f, `sys.${n}.template`), name: text(`sys.${n}.name`) }));
  systems.forEach((s, i) => {
    if (s.templateId !== '' && !refs.systemTemplateIds.includes(s.templateId)) problems.push({ field: `sys.${systemRows[i]}.template`, code: 'unknownTemplate', params: { id: s.templateId } });
    if (systems.findIndex((o) => o.id === s.id) !== i) problems.push({ field: `sys.${systemRows[i]}.id`, code: 'duplicateId', params: { id: s.id } });
  });

  const levelRows = liveRows(f, 'lvl', LEVEL_COLUMNS);
  const faultLevels = levelRows.map((n, i) => {
    const p = `lvl.${n}.`;
    const levelId = value(f, `${p}id`);
    const kept = base?.faultLevels.find((l) => l.id === levelId);
    const times: Partial<Record<(typeof STEPS)[number], { amount: number; unit: string }>> = {};
    for (const step of STEPS) {
      const amount = number(`${p}${step}Amount`);
      if (amount !== undefined) times[step] = { amount, unit: value(f, `${p}${step}Unit`) || 'hour' };
    }
    const note = { zh: value(f, `${p}noteZh`), en: value(f, `${p}noteEn`) };
    const kinds = inStoredOrder(tickedOf(`${p}kind.`, ServiceKind.options), kept?.kinds);
    if (levelRows.slice(0, i).some((m) => value(f, `lvl.${m}.id`) === levelId)) problems.push({ field: `${p}id`, code: 'duplicateId', params: { id: levelId } });
    // The rule catalog files get (promisesTime in reference.ts), named here by the level's row.
    if (!promisesTime({ ...times, kinds, ...(note.zh || note.en ? { resolveNote: note } : {}) })) {
      problems.push({ field: `${p}respondAmount`, code: 'noTime', params: { id: levelId, zh: value(f, `${p}nameZh`), en: value(f, `${p}nameEn`) } });
    }
    return {
      id: levelId,
      name: text(`${p}name`),
      description: text(`${p}desc`),
      severity: value(f, `${p}severity`) || 'minor',
      kinds,
      ...times,
      proposeFrom: value(f, `${p}proposeFrom`) || 'start',
      onSiteBy: value(f, `${p}onSiteBy`) || 'arrival',
      ...(note.zh || note.en ? { resolveNote: text(`${p}note`) } : {}),
      ...(kept?.outsideHours ? { outsideHours: kept.outsideHours } : {}),
      quotes: kept?.quotes ?? [],
      alsoStated: kept?.alsoStated ?? [],
    };
  });

  const every = value(f, 'insp.every');
  const days = value(f, 'hours.days') === 'workdays' ? 'workdays' : [1, 2, 3, 4, 5, 6, 7].filter((d) => ticked(f, `hours.day.${d}`));
  // An overnight window (18:00–07:00) is allowed; one that starts when it ends holds no time at all.
  const hoursStart = value(f, 'hours.start');
  if (hoursStart !== '' && hoursStart === value(f, 'hours.end')) problems.push({ field: 'hours.end', code: 'sameHours', params: { time: hoursStart } });
  const calendar = value(f, 'calendar');
  if (calendar !== '' && !refs.calendars.includes(calendar)) problems.push({ field: 'calendar', code: 'unknownCalendar', params: { id: calendar } });

  const draft = {
    id,
    hospitalId: refs.hospitalId,
    seed: value(f, 'seed'),
    name: text('name'),
    period: { start: value(f, 'periodStart'), end: value(f, 'periodEnd') },
    campusIds,
    systems,
    hardwareTemplateIds,
    serviceHours: {
      days,
      start: value(f, 'hours.start'),
      end: value(f, 'hours.end'),
      phone24x7: ticked(f, 'hours.phone24x7'),
      faultResponse24x7: ticked(f, 'hours.fault24x7'),
      description: text('hours.desc'),
    },
    calendar,
    clockStart: value(f, 'clockStart') || 'reported',
    followUpCalls: ticked(f, 'followUpCalls'),
    faultLevels,
    inspection: {
      perYear: number('insp.perYear'),
      description: text('insp.desc'),
      ...(every ? { cadence: { every, modes: inStoredOrder(tickedOf('insp.mode.', InspectionMode.options), base?.inspection.cadence?.modes), quote: value(f, 'insp.quote') } } : {}),
    },
    signOff: { roles: inStoredOrder(tickedOf('sign.role.', SignRole.options), base?.signOff.roles), copies: number('sign.copies'), description: text('sign.desc') },
    deliverables: base?.deliverables ?? [],
    evaluation: base?.evaluation ?? { signOff: { scale: 'none', by: [] } },
    ...(base?.fees ? { fees: base.fees } : {}),
  };
  // On the draft, so a refused save lists every problem at once; before the schema's, whose word on
  // the same field (no campus left, say) says less.
  if (base && refs.use) problems.push(...removedInUse(base, draft, refs.use));
  const parsed = Contract.safeParse(draft);
  if (!parsed.success) problems.push(...schemaProblems(parsed.error.issues, contractFieldOf(systemRows, levelRows), problems));
  return problems.length === 0 && parsed.success ? { contract: parsed.data, problems: [], filled } : { problems };
}

/** Names the page shows for a list of units or records: the first ten, then "…" if there are more. */
const firstTen = (names: string[]): string => names.slice(0, 10).join('、') + (names.length > 10 ? '…' : '');

/**
 * Hardware templates and campuses the stored contract covers and the form drops while units of this
 * contract still use them (they would vanish from the inspection plan, and their next edit be refused),
 * and systems dropped (or renamed) while reports or service records name them.
 */
export function removedInUse(stored: Contract, next: Pick<Contract, 'campusIds' | 'hardwareTemplateIds'> & { systems: { id: string }[] }, use: ContractUse): FormProblem[] {
  const problems: FormProblem[] = [];
  const nameOf = use.nameOf ?? ((_kind: string, id: string) => id);
  const units = (list: Asset[]) => ({ count: String(list.length), tags: firstTen(list.map((a) => a.assetTag)) });
  for (const t of stored.hardwareTemplateIds) {
    const using = use.units.filter((a) => a.templateId === t);
    if (!next.hardwareTemplateIds.includes(t) && using.length) problems.push({ field: 'hwTemplates', code: 'hwInUse', params: { what: nameOf('hw', t), ...units(using) } });
  }
  for (const c of stored.campusIds) {
    const using = use.units.filter((a) => a.campusId === c);
    if (!next.campusIds.includes(c) && using.length) problems.push({ field: 'campuses', code: 'campusInUse', params: { what: nameOf('campus', c), ...units(using) } });
  }
  for (const s of stored.systems) {
    const records = use.systemRecords.get(s.id);
    if (next.systems.some((n) => n.id === s.id) || !records?.count) continue;
    problems.push({ field: 'systems', code: 'systemInUse', params: { what: nameOf('system', s.id), count: String(records.count), names: firstTen(records.names) } });
  }
  return problems;
}

const TOP_FIELDS: Record<string, string> = {
  id: 'id',
  seed: 'seed',
  campusIds: 'campuses',
  systems: 'systems',
  hardwareTemplateIds: 'hwTemplates',
  calendar: 'calendar',
  clockStart: 'clockStart',
  followUpCalls: 'followUpCalls',
  faultLevels: 'levels',
  fees: 'systems',
  deliverables: 'kept',
};

/** The form field a schema path points at: systems and levels by their row in the form. */
function contractFieldOf(systemRows: number[], levelRows: number[]) {
  return (path: readonly PropertyKey[]): string => {
    const [top, a, b, c] = path;
    switch (top) {
      case 'name':
        return localizedName('name', a);
      case 'period':
        return a === 'start' ? 'periodStart' : 'periodEnd';
      case 'systems':
        if (typeof a !== 'number') return 'systems';
        return `sys.${systemRows[a]}.${b === 'name' ? localizedName('name', c) : b === 'templateId' ? 'template' : 'id'}`;
      case 'faultLevels':
        if (typeof a !== 'number') return 'levels';
        return `lvl.${levelRows[a]}.${levelColumn(b, c)}`;
      case 'serviceHours': {
        const column: Record<string, string> = { days: 'days', start: 'start', end: 'end', phone24x7: 'phone24x7', faultResponse24x7: 'fault24x7', description: localizedName('desc', b) };
        return `hours.${column[String(a)] ?? 'days'}`;
      }
      case 'inspection':
        if (a === 'cadence') return b === 'modes' ? 'insp.modes' : b === 'quote' ? 'insp.quote' : 'insp.every';
        return a === 'description' ? `insp.${localizedName('desc', b)}` : 'insp.perYear';
      case 'signOff':
        return a === 'copies' ? 'sign.copies' : a === 'description' ? `sign.${localizedName('desc', b)}` : 'sign.roles';
      case 'evaluation':
        return a === 'annex004' ? 'levels' : 'sign.roles';
      default:
        return TOP_FIELDS[String(top)] ?? '';
    }
  };
}

function levelColumn(key: PropertyKey | undefined, sub: PropertyKey | undefined): string {
  const k = String(key);
  if (k === 'name') return localizedName('name', sub);
  if (k === 'description') return localizedName('desc', sub);
  if (k === 'resolveNote') return localizedName('note', sub);
  if ((STEPS as readonly string[]).includes(k)) return sub === 'unit' ? `${k}Unit` : `${k}Amount`;
  if (k === 'kinds') return 'kinds';
  if (k === 'severity' || k === 'proposeFrom' || k === 'onSiteBy') return k;
  return 'id';
}

/** The options the form offers, for its selects (the page names each in its language). */
export const OPTIONS = {
  severity: Severity.options,
  kinds: ServiceKind.options,
  units: DURATION_UNITS,
  signRoles: SignRole.options,
  modes: InspectionMode.options,
  every: WindowUnit.options,
  proposeFrom: ['start', 'response'] as const,
  onSiteBy: ['arrival', 'arrival_or_remote'] as const,
  clockStart: ['reported', 'written_report'] as const,
};

/** A contract's texts by a key the saved page can name: `name`, `hours.desc`, `sys.<id>.name`, `lvl.<id>.desc`… */
export function contractTexts(c: Contract): Map<string, { zh: string; en: string }> {
  const texts = new Map<string, { zh: string; en: string }>([
    ['name', c.name],
    ['hours.desc', c.serviceHours.description],
    ['insp.desc', c.inspection.description],
    ['sign.desc', c.signOff.description],
  ]);
  c.systems.forEach((s) => texts.set(`sys.${s.id}.name`, s.name));
  c.faultLevels.forEach((l) => {
    texts.set(`lvl.${l.id}.name`, l.name);
    texts.set(`lvl.${l.id}.desc`, l.description);
    if (l.resolveNote) texts.set(`lvl.${l.id}.note`, l.resolveNote);
  });
  return texts;
}

const DEFAULTS = newContractFields([], '', '2000-01-01');
/** The service hours a new contract's form starts with, and their text. */
const DEFAULT_HOURS = { days: 'workdays' as const, start: DEFAULTS['hours.start'] ?? '', end: DEFAULTS['hours.end'] ?? '', phone24x7: false, faultResponse24x7: false };
const DEFAULT_HOURS_TEXT = { zh: DEFAULTS['hours.descZh'] ?? '', en: DEFAULTS['hours.descEn'] ?? '' };
/** Each English text a new contract's form starts with, and the Chinese it goes with ("Level 3" → 三级故障). */
export const DEFAULT_ENGLISH: ReadonlyMap<string, string> = new Map(
  Object.keys(DEFAULTS)
    .filter((k) => k.endsWith('En') && DEFAULTS[k] && DEFAULTS[`${k.slice(0, -2)}Zh`])
    .map((k) => [DEFAULTS[k]!, DEFAULTS[`${k.slice(0, -2)}Zh`]!]),
);

const hoursOf = (h: Pick<Contract['serviceHours'], 'days' | 'start' | 'end' | 'phone24x7' | 'faultResponse24x7'>): string => JSON.stringify([h.days, h.start, h.end, h.phone24x7, h.faultResponse24x7]);

/**
 * What a saved contract should make the administrator check, never a refusal: `hours` when the
 * service hours (days, times, 24×7) changed but neither language of their text did; and the key of
 * each text (see `contractTexts`) whose Chinese changed while its English did not, or whose English
 * is still a new contract's default while its Chinese is not that default's. A new contract
 * (`before` undefined) is compared with the form it started from.
 */
export function languageChecks(before: Contract | undefined, after: Contract): string[] {
  const checks: string[] = [];
  const hoursText = before?.serviceHours.description ?? DEFAULT_HOURS_TEXT;
  const text = after.serviceHours.description;
  if (hoursOf(before?.serviceHours ?? DEFAULT_HOURS) !== hoursOf(after.serviceHours) && text.zh === hoursText.zh && text.en === hoursText.en) checks.push('hours');
  const old = before ? contractTexts(before) : new Map<string, { zh: string; en: string }>();
  for (const [key, now] of contractTexts(after)) {
    const was = old.get(key);
    const zhChanged = was === undefined || was.zh !== now.zh;
    const stale = was !== undefined && zhChanged && was.en === now.en;
    const defaultEn = DEFAULT_ENGLISH.get(now.en);
    if (stale || (zhChanged && defaultEn !== undefined && defaultEn !== now.zh)) checks.push(key);
  }
  return checks;
}
