/**
 * The console's contract form ⇄ the Contract schema, pure. What the form shows is edited; what it
 * cannot show (a level's quotes, alsoStated and outsideHours; deliverables, evaluation, fees) is
 * taken from the stored contract unchanged, so a save never drops it. Checked with the schema and
 * the cross checks a catalog file gets (campuses of the hospital, known templates and calendar),
 * plus one the schema leaves to the office: every level promises a time (or says why none). An edit
 * may not drop what the contract's units, reports or service records use (contract-in-use.ts). A
 * new contract's form is in contract-defaults.ts; what a save should make the administrator check,
 * in contract-reminders.ts.
 */
import { Contract, PromiseStep, promisesTime, ServiceKind, SignRole } from '../../src-shared/catalog/reference';
import { Severity } from '../../src-shared/catalog/schema';
import { InspectionMode, WindowUnit } from '../../src-shared/catalog/period-schema';
import { removedInUse, type ContractUse } from './contract-in-use';
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
