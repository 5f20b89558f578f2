/**
 * The checklist catalog: what a template file in assets/catalog/templates/ must look like.
 * Every file is parsed with these schemas when loaded; nothing unvalidated reaches the store.
 */
import { z } from 'zod';
import { CATALOG_LIMITS } from '../domain/limits';

/**
 * Text shown to the engineer, zh-CN first, English second. Bounded, because it is printed: the
 * report model's fields are sized from the same limits (domain/limits.ts).
 */
const localizedText = (max: number) =>
  z.object({
    zh: z.string().trim().min(1).max(max),
    en: z.string().trim().min(1).max(max),
  });
/** Names and titles. */
export const LocalizedText = localizedText(CATALOG_LIMITS.name);
export type LocalizedText = z.infer<typeof LocalizedText>;
/** An item's label. */
export const LocalizedLabel = localizedText(CATALOG_LIMITS.label);
/** Guidance and descriptions. */
export const LocalizedLongText = localizedText(CATALOG_LIMITS.text);

/** Ids are stable slugs: they key answers, so they must never be reused for another meaning. */
export const Slug = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'expected a lower-case slug such as "db-backup"');

/**
 * Severity a failed item suggests. Each contract maps these onto its own fault levels
 * (一级..四级, Fatal/Serious/Minor, …) so a template is reusable across contracts.
 */
export const Severity = z.enum(['critical', 'major', 'minor', 'request']);
export type Severity = z.infer<typeof Severity>;

/** What a failed (or out-of-range) answer must carry before the engineer moves on. */
export const FailRequirement = z.enum(['none', 'note', 'photo', 'note_or_photo']);
export type FailRequirement = z.infer<typeof FailRequirement>;

export const HardwareType = z.enum([
  'waiting_screen', // 分诊台候诊屏
  'room_screen', // 诊室叫号屏
  'kiosk', // 自助终端
  'caller_keypad', // 物理叫号器
  'peripheral', // 其他外设
  'ambulance_kit', // 救护车 5G 车载套装（音视频、5G 路由、5G 平板）
]);
export type HardwareType = z.infer<typeof HardwareType>;

const itemBase = {
  id: Slug,
  label: LocalizedLabel,
  /** How to check it: where to look, what command or screen, what counts as a pass. */
  guidance: LocalizedLongText,
  /** Asked once for every hardware unit inspected rather than once per inspection. */
  perAsset: z.boolean().default(false),
  /**
   * About the vendor's service (满意度, 抽查合格率, deliverables, return visits), not the system
   * (issue 12): a finding of it suggests no fault level and makes no fault record; the report
   * prints it as 服务质量. Absent otherwise (no default), so parsing other items changes nothing.
   */
  serviceQuality: z.literal(true).optional(),
  onFail: z
    .object({
      require: FailRequirement.default('note'),
      severity: Severity.default('minor'),
    })
    .strict()
    .default({ require: 'note', severity: 'minor' }),
};

const Range = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max');

export const CheckItem = z.object({ ...itemBase, kind: z.literal('check') }).strict();

export const NumberItem = z
  .object({
    ...itemBase,
    kind: z.literal('number'),
    /** Printed in the report's unit column (model.ts UNIT_MAX). */
    unit: z.string().trim().min(1).max(40),
    /** Readings outside this are flagged (saved, never refused). */
    normal: Range,
    /** Readings outside this are typing mistakes and are refused. */
    bounds: z.object({ min: z.number().finite(), max: z.number().finite() }).strict(),
    decimals: z.number().int().min(0).max(6).default(2),
  })
  .strict()
  .refine((i) => i.bounds.min <= i.bounds.max, { message: 'bounds.min must not exceed bounds.max', path: ['bounds'] })
  .refine(
    (i) =>
      (i.normal.min === undefined || (i.normal.min >= i.bounds.min && i.normal.min <= i.bounds.max)) &&
      (i.normal.max === undefined || (i.normal.max >= i.bounds.min && i.normal.max <= i.bounds.max)),
    { message: 'the normal range must lie inside bounds', path: ['normal'] },
  );

export const TextItem = z
  .object({ ...itemBase, kind: z.literal('text'), multiline: z.boolean().default(true), optional: z.boolean().default(false) })
  .strict();

export const ChoiceOption = z
  .object({ id: Slug, label: LocalizedLabel, /** Choosing it counts as a failure. */ fail: z.boolean().default(false) })
  .strict();

export const ChoiceItem = z
  .object({ ...itemBase, kind: z.literal('choice'), options: z.array(ChoiceOption).min(2) })
  .strict()
  .refine((i) => new Set(i.options.map((o) => o.id)).size === i.options.length, {
    message: 'option ids must be unique',
    path: ['options'],
  });

export const PhotoItem = z
  .object({ ...itemBase, kind: z.literal('photo'), minPhotos: z.number().int().min(1).max(10).default(1) })
  .strict();

export const Item = z.discriminatedUnion('kind', [CheckItem, NumberItem, TextItem, ChoiceItem, PhotoItem]);
export type Item = z.infer<typeof Item>;
export type ItemKind = Item['kind'];
export type NumberItem = z.infer<typeof NumberItem>;
export type ChoiceItem = z.infer<typeof ChoiceItem>;

export const Section = z
  .object({ id: Slug, title: LocalizedText, items: z.array(Item).min(1) })
  .strict();
export type Section = z.infer<typeof Section>;

export const MIN_ITEMS_PER_TEMPLATE = 10;

export const Template = z
  .object({
    id: Slug,
    /** Bumped on every change; an inspection keeps the version it was done with. */
    version: z.number().int().min(1),
    kind: z.enum(['system', 'hardware']),
    /** For hardware templates: which unit type it inspects. */
    hardwareType: HardwareType.optional(),
    name: LocalizedText,
    /** Which tender the items were drawn from, e.g. "000", "003". */
    sources: z.array(z.string()).min(1),
    sections: z.array(Section).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.kind === 'hardware') !== (t.hardwareType !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['hardwareType'], message: 'hardware templates, and only they, name a hardwareType' });
    }
    const items = t.sections.flatMap((s) => s.items);
    if (items.length < MIN_ITEMS_PER_TEMPLATE) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: `a template needs at least ${MIN_ITEMS_PER_TEMPLATE} items, found ${items.length}` });
    }
    // Each of a template's items is a row of one report section, which holds at most this many.
    if (items.length > CATALOG_LIMITS.itemsPerTemplate) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: `a template holds at most ${CATALOG_LIMITS.itemsPerTemplate} items, found ${items.length}` });
    }
    const seen = new Set<string>();
    t.sections.forEach((s, si) =>
      s.items.forEach((item, ii) => {
        if (seen.has(item.id)) {
          ctx.addIssue({ code: 'custom', path: ['sections', si, 'items', ii, 'id'], message: `duplicate item id "${item.id}"` });
        }
        seen.add(item.id);
      }),
    );
    if (new Set(t.sections.map((s) => s.id)).size !== t.sections.length) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'section ids must be unique' });
    }
  });
export type Template = z.infer<typeof Template>;
