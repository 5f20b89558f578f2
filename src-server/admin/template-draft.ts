/**
 * A checklist draft as the office edits it (issue 14): the Template shape, kept as typed until it
 * is checked, so a half-finished draft (a new item without its unit, a new template with too few
 * items yet) can be saved and picked up again. Pure: the published versions are passed in.
 */
import { z } from 'zod';
import type { FailRequirement, HardwareType, ItemKind, Severity, Template } from '../../src-shared/catalog/schema';

export interface Text {
  zh: string;
  en: string;
}

export interface DraftOption {
  id: string;
  label: Text;
  fail: boolean;
}

/** An item of any kind; only the fields of its kind are set (the schema is strict). */
export interface DraftItem {
  id: string;
  kind: ItemKind;
  label: Text;
  guidance: Text;
  perAsset: boolean;
  serviceQuality?: true;
  onFail: { require: FailRequirement; severity: Severity };
  unit?: string;
  normal?: { min?: number; max?: number };
  bounds?: { min?: number; max?: number };
  decimals?: number;
  options?: DraftOption[];
  minPhotos?: number;
  multiline?: boolean;
  optional?: boolean;
}

export interface DraftSection {
  id: string;
  title: Text;
  items: DraftItem[];
}

export interface DraftTemplate {
  id: string;
  version: number;
  kind: 'system' | 'hardware';
  hardwareType?: HardwareType;
  name: Text;
  sources: string[];
  sections: DraftSection[];
}

const TextShape = z.object({ zh: z.string(), en: z.string() });
const NumberOrAbsent = z.number().optional();
/** Lenient on purpose: it reads back what this module wrote, which may not pass the Template schema yet. */
const DraftShape = z.object({
  id: z.string(),
  version: z.number(),
  kind: z.enum(['system', 'hardware']),
  hardwareType: z.string().optional(),
  name: TextShape,
  sources: z.array(z.string()),
  sections: z.array(
    z.object({
      id: z.string(),
      title: TextShape,
      items: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['check', 'number', 'text', 'choice', 'photo']),
          label: TextShape,
          guidance: TextShape,
          perAsset: z.boolean(),
          serviceQuality: z.literal(true).optional(),
          onFail: z.object({ require: z.string(), severity: z.string() }),
          unit: z.string().optional(),
          normal: z.object({ min: NumberOrAbsent, max: NumberOrAbsent }).optional(),
          bounds: z.object({ min: NumberOrAbsent, max: NumberOrAbsent }).optional(),
          decimals: NumberOrAbsent,
          options: z.array(z.object({ id: z.string(), label: TextShape, fail: z.boolean() })).optional(),
          minPhotos: NumberOrAbsent,
          multiline: z.boolean().optional(),
          optional: z.boolean().optional(),
        }),
      ),
    }),
  ),
});

/** A stored draft's data; undefined if it is not a draft this module wrote. */
export function readDraft(data: unknown): DraftTemplate | undefined {
  const parsed = DraftShape.safeParse(data);
  return parsed.success ? (parsed.data as DraftTemplate) : undefined;
}

/** A published version as a draft of the next one. */
export function draftFromPublished(template: Template): DraftTemplate {
  const copy = JSON.parse(JSON.stringify(template)) as DraftTemplate;
  return { ...copy, version: template.version + 1 };
}

export interface SkeletonInput {
  id: string;
  kind: 'system' | 'hardware';
  hardwareType?: HardwareType;
  name: Text;
  sources: string[];
}

/** A new template's first draft: its identity and one empty section to add items to. */
export function skeletonDraft(input: SkeletonInput): DraftTemplate {
  return {
    id: input.id,
    version: 1,
    kind: input.kind,
    ...(input.kind === 'hardware' && input.hardwareType ? { hardwareType: input.hardwareType } : {}),
    name: input.name,
    sources: input.sources,
    sections: [{ id: 'general', title: { zh: '常规检查', en: 'General checks' }, items: [] }],
  };
}

export const draftItems = (draft: DraftTemplate): DraftItem[] => draft.sections.flatMap((s) => s.items);

/** What the published versions of one template say about its item ids. */
export interface ItemHistory {
  /** Every id any published version used, with its kind and the last version that had it. */
  ids: Map<string, { kind: ItemKind; lastVersion: number }>;
}

export function itemHistory(published: readonly Template[]): ItemHistory {
  const ids = new Map<string, { kind: ItemKind; lastVersion: number }>();
  for (const t of [...published].sort((a, b) => a.version - b.version)) {
    for (const item of t.sections.flatMap((s) => s.items)) ids.set(item.id, { kind: item.kind, lastVersion: t.version });
  }
  return { ids };
}

/** Where a problem is, as ids; the page names them in its language. */
export interface Where {
  section?: string;
  item?: string;
  /** A form field such as "label.zh", "bounds.min", "options". */
  field?: string;
}

export type ProblemCode =
  | 'notNumber'
  | 'notInteger'
  | 'badSlug'
  | 'idMissing'
  | 'idTaken'
  | 'idRetired'
  | 'kindChange'
  | 'kindReuse'
  | 'sectionNotEmpty'
  | 'sectionTaken'
  | 'badOptionLine'
  | 'tooFewItems'
  | 'tooManyItems'
  | 'emptySection'
  /** The schema refused it for a reason not named below; `detail` holds zod's own (English) words. */
  | 'schema'
  /** From the schema's issues by kind (see template-check.ts `problemAt`). */
  | 'tooShort'
  | 'tooLong'
  | 'atLeast'
  | 'atMost'
  | 'chooseAtLeast'
  | 'tooMany'
  | 'rangeOrder'
  | 'normalOutside'
  | 'optionIdsRepeat'
  | 'duplicateItem'
  | 'sectionIdsRepeat'
  | 'badHardwareType'
  | 'templateExists'
  | 'required'
  | 'unchanged';

export interface Problem {
  code: ProblemCode;
  where: Where;
  params?: Record<string, string | number>;
}

/**
 * Item ids key the answers of every inspection done with any version, so an id keeps its kind for
 * good, and an id a past version retired is never given to a new item.
 */
export function idRules(draft: DraftTemplate, baseVersion: number | null, history: ItemHistory): Problem[] {
  const problems: Problem[] = [];
  for (const section of draft.sections) {
    for (const item of section.items) {
      const past = history.ids.get(item.id);
      if (!past) continue;
      const where = { section: section.id, item: item.id };
      if (past.kind !== item.kind) problems.push({ code: 'kindReuse', where: { ...where, field: 'kind' }, params: { id: item.id, kind: past.kind, version: past.lastVersion } });
      else if (baseVersion === null || past.lastVersion < baseVersion) problems.push({ code: 'idRetired', where: { ...where, field: 'id' }, params: { id: item.id, version: past.lastVersion } });
    }
  }
  return problems;
}
