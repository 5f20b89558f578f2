/**
 * The one check every hardware unit passes before it is stored (issue 14), whether it comes from
 * the console's form or a row of an Excel import: the asset tag's form and uniqueness in the
 * hospital, the place (campus, department, and a room the department has), and a contract of the
 * hospital covering a hardware template of the unit's type. Fields may name things by id or by
 * their zh or en name; the result is the unit as the catalog's Asset schema takes it.
 */
import { Asset } from '../../src-shared/catalog/reference';
import type { Campus, Contract, Department, Hospital } from '../../src-shared/catalog/reference';
import type { HardwareType, LocalizedText } from '../../src-shared/catalog/schema';
import { CATALOG_LIMITS } from '../../src-shared/domain/limits';
import { looseKey, TYPE_LABELS, typeFromText, type Bilingual, type UnitField } from './unit-fields';

/** A value named in a message: plain, in the reader's language, or a list of them. */
export type ProblemParam = string | number | Bilingual | ProblemParam[];

export type ProblemCode =
  | 'required'
  | 'tooLong'
  | 'tagFormat'
  | 'tagTaken'
  | 'tagInFile'
  | 'tagInFileMany'
  | 'typeUnknown'
  | 'campusUnknown'
  | 'departmentUnknown'
  | 'departmentAmbiguous'
  | 'roomUnknown'
  | 'roomNone'
  | 'contractUnknown'
  | 'contractNone'
  | 'contractChoose'
  | 'contractType'
  | 'templateUnknown'
  | 'templateChoose'
  | 'cellDate'
  | 'cellError'
  | 'cellBool'
  | 'cellFormula'
  | 'cellNumber'
  | 'schema';

export interface UnitProblem {
  field: UnitField;
  code: ProblemCode;
  params: Record<string, ProblemParam>;
}

/** A unit's fields as text, trimmed; empty or absent when not given. */
export type UnitInput = Partial<Record<UnitField, string>>;

export interface StoredUnit {
  asset: Asset;
  hash: string;
}

/** What a hospital's units are checked against, read once per form or import. */
export interface UnitScope {
  hospital: Hospital;
  hospitalHash: string;
  contracts: { contract: Contract; hash: string }[];
  /** Hardware templates by id (their newest version's type and name). */
  templates: Map<string, { hardwareType: HardwareType; name: LocalizedText }>;
  units: StoredUnit[];
}

export type UnitData = Omit<Asset, 'id'>;
/** Made once: zod builds a schema anew on every omit(). */
const UnitDataSchema = Asset.omit({ id: true });

const typeName = (type: HardwareType): Bilingual => ({ zh: TYPE_LABELS[type].zh, en: TYPE_LABELS[type].en });
const sameName = (text: string, id: string, name: Bilingual): boolean => {
  const key = looseKey(text);
  return key === looseKey(id) || key === looseKey(name.zh) || key === looseKey(name.en);
};
/** A room compared as written, full-width digits and spacing aside: "诊室１" is 诊室1. */
const roomKey = (room: string): string => room.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The contract's hardware templates of one type. */
export function templatesFor(scope: UnitScope, contract: Contract, type: HardwareType): string[] {
  return contract.hardwareTemplateIds.filter((id) => scope.templates.get(id)?.hardwareType === type);
}

/** An asset tag as stored: full-width characters as half-width, upper case. */
export const normalTag = (text: string): string => text.normalize('NFKC').trim().toUpperCase();

export interface CheckOptions {
  /** The unit being edited (or updated by an import): its own tag is not a duplicate. */
  selfId?: string;
}

/**
 * The unit the input describes, or every problem with it. Problems name the field and carry
 * what was given and what is expected; the console words them in the reader's language.
 */
export function checkUnit(input: UnitInput, scope: UnitScope, options: CheckOptions = {}): { unit?: UnitData; problems: UnitProblem[] } {
  const problems: UnitProblem[] = [];
  const add = (field: UnitField, code: ProblemCode, params: Record<string, ProblemParam> = {}): void => {
    problems.push({ field, code, params });
  };
  const text = (field: UnitField): string => (input[field] ?? '').trim();
  const bounded = (field: UnitField, max: number): string | undefined => {
    const value = text(field);
    if (value.length > max) {
      add(field, 'tooLong', { max, length: value.length });
      return undefined;
    }
    return value;
  };

  // The asset tag: its form, then no other unit of the hospital has it.
  const tagText = text('assetTag');
  const assetTag = normalTag(tagText);
  if (!tagText) add('assetTag', 'required');
  else if (!/^[A-Z][A-Z0-9-]{2,31}$/.test(assetTag)) add('assetTag', 'tagFormat', { value: tagText });
  else {
    const other = scope.units.find((u) => u.asset.assetTag === assetTag && u.asset.id !== options.selfId);
    if (other) add('assetTag', 'tagTaken', { value: assetTag, name: other.asset.name, room: other.asset.room, id: other.asset.id });
  }

  const typeText = text('hardwareType');
  const hardwareType = typeText ? typeFromText(typeText) : undefined;
  if (!typeText) add('hardwareType', 'required', { expected: Object.values(TYPE_LABELS).map((l) => ({ zh: l.zh, en: l.en })) });
  else if (!hardwareType) add('hardwareType', 'typeUnknown', { value: typeText, expected: Object.values(TYPE_LABELS).map((l) => ({ zh: l.zh, en: l.en })) });

  const model = bounded('model', CATALOG_LIMITS.name);
  if (model === '') add('model', 'required');
  let nameZh = bounded('nameZh', CATALOG_LIMITS.name);
  let nameEn = bounded('nameEn', CATALOG_LIMITS.name);
  // One name is enough: the other language shows the same words.
  if (nameZh === '' && nameEn) nameZh = nameEn;
  if (nameEn === '' && nameZh) nameEn = nameZh;
  if (nameZh === '' && nameEn === '') add('nameZh', 'required');

  const place = checkPlace(input, scope.hospital, add);
  const room = bounded('room', CATALOG_LIMITS.room);
  let roomName: string | undefined;
  if (room === '') add('room', 'required', place ? { department: place.department.name, expected: place.department.rooms } : {});
  else if (room !== undefined && place) {
    roomName = place.department.rooms.find((r) => roomKey(r) === roomKey(room));
    if (place.department.rooms.length === 0) add('room', 'roomNone', { value: room, department: place.department.name });
    else if (!roomName) add('room', 'roomUnknown', { value: room, department: place.department.name, expected: place.department.rooms });
  }

  const cover = hardwareType ? checkContract(input, scope, hardwareType, add) : undefined;

  if (problems.length > 0 || !hardwareType || !place || !cover || !roomName || !model || !nameZh || !nameEn) return { problems };
  const unit: UnitData = {
    contractId: cover.contractId,
    hardwareType,
    templateId: cover.templateId,
    assetTag,
    name: { zh: nameZh, en: nameEn },
    model,
    campusId: place.campus.id,
    departmentId: place.department.id,
    room: roomName,
  };
  // The catalog's own schema has the last word (a slug id is checked where the id is made).
  const parsed = UnitDataSchema.safeParse(unit);
  if (!parsed.success) return { problems: [{ field: 'assetTag', code: 'schema', params: { value: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } }] };
  return { unit: parsed.data, problems };
}

type Add = (field: UnitField, code: ProblemCode, params?: Record<string, ProblemParam>) => void;

/** Campus and department: the campus may be left out where the department's name says which. */
function checkPlace(input: UnitInput, hospital: Hospital, add: Add): { campus: Campus; department: Department } | undefined {
  const campusText = (input.campus ?? '').trim();
  const departmentText = (input.department ?? '').trim();
  let campuses = hospital.campuses;
  if (campusText) {
    campuses = hospital.campuses.filter((c) => sameName(campusText, c.id, c.name));
    if (campuses.length === 0) {
      add('campus', 'campusUnknown', { value: campusText, expected: hospital.campuses.map((c) => c.name) });
      return undefined;
    }
  } else if (hospital.campuses.length > 1 && !departmentText) {
    add('campus', 'required', { expected: hospital.campuses.map((c) => c.name) });
  }
  const everyDepartment = campuses.flatMap((c) => c.departments.map((d) => ({ campus: c, department: d })));
  if (!departmentText) {
    add('department', 'required', { expected: everyDepartment.map((p) => p.department.name) });
    return undefined;
  }
  const found = everyDepartment.filter((p) => sameName(departmentText, p.department.id, p.department.name));
  if (found.length === 0) {
    add('department', 'departmentUnknown', { value: departmentText, expected: everyDepartment.map((p) => p.department.name) });
    return undefined;
  }
  if (found.length > 1) {
    add('campus', 'departmentAmbiguous', { value: departmentText, expected: found.map((p) => p.campus.name) });
    return undefined;
  }
  return found[0];
}

/**
 * The contract (optional where exactly one of the hospital's contracts covers the type) and the
 * template (optional where that contract has one template of the type).
 */
function checkContract(input: UnitInput, scope: UnitScope, type: HardwareType, add: Add): { contractId: string; templateId: string } | undefined {
  const contractText = (input.contract ?? '').trim();
  const covering = scope.contracts.map((c) => c.contract).filter((c) => templatesFor(scope, c, type).length > 0);
  let contract: Contract | undefined;
  if (contractText) {
    contract = scope.contracts.map((c) => c.contract).find((c) => sameName(contractText, c.id, c.name));
    if (!contract) {
      add('contract', 'contractUnknown', { value: contractText, expected: scope.contracts.map((c) => c.contract.id) });
      return undefined;
    }
    if (!covering.includes(contract)) {
      add('contract', 'contractType', { value: contract.id, type: typeName(type), expected: covering.map((c) => c.id) });
      return undefined;
    }
  } else if (covering.length === 1) {
    contract = covering[0]!;
  } else if (covering.length === 0) {
    add('contract', 'contractNone', { type: typeName(type) });
    return undefined;
  } else {
    add('contract', 'contractChoose', { type: typeName(type), expected: covering.map((c) => c.id) });
    return undefined;
  }

  const candidates = templatesFor(scope, contract, type);
  const templateText = (input.template ?? '').trim();
  const named = (id: string): Bilingual => scope.templates.get(id)?.name ?? { zh: id, en: id };
  if (templateText) {
    const templateId = candidates.find((id) => sameName(templateText, id, named(id)));
    if (!templateId) {
      add('template', 'templateUnknown', { value: templateText, contract: contract.id, type: typeName(type), expected: candidates.map(named) });
      return undefined;
    }
    return { contractId: contract.id, templateId };
  }
  if (candidates.length > 1) {
    add('template', 'templateChoose', { contract: contract.id, type: typeName(type), expected: candidates.map(named) });
    return undefined;
  }
  return { contractId: contract.id, templateId: candidates[0]! };
}

/**
 * A new unit's id: its tag as a slug ("MZ-NK-WS-01" → "mz-nk-ws-01"), with -2, -3… when another
 * unit (of any hospital, or a deleted one) has it.
 */
export function unitIdFor(tag: string, taken: ReadonlySet<string>): string {
  const base =
    tag
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'unit';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
