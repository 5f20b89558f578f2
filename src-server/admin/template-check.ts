/**
 * The check a draft must pass before it is published (pure): the catalog's own Template schema,
 * and the rules of item ids across every published version. Each problem says where it is
 * (section, item, field) so the page can name it in the user's language. A draft identical to its
 * base fails; texts reworded in one language only, and English texts that are the Chinese ones
 * (left empty, to be translated later), are warnings.
 */
import type { z } from 'zod';
import { CATALOG_LIMITS } from '../../src-shared/domain/limits';
import { MIN_ITEMS_PER_TEMPLATE, Template } from '../../src-shared/catalog/schema';
import { copiedTexts, diffTemplates, oneLanguageChanges, sameContent, type OneLanguage } from './template-diff';
import { fromIssue } from './form-fields';
import { draftItems, idRules, itemHistory, type DraftTemplate, type Problem, type ProblemCode } from './template-draft';

export interface CheckResult {
  /** The draft as the schema parsed it (defaults filled), when it has no problem. */
  template?: Template;
  problems: Problem[];
  /** Texts reworded in one language only: shown, never a reason to refuse. */
  warnings: OneLanguage[];
}

export function checkDraft(draft: DraftTemplate, baseVersion: number | null, published: readonly Template[]): CheckResult {
  const problems: Problem[] = [];
  const count = draftItems(draft).length;
  if (count < MIN_ITEMS_PER_TEMPLATE) problems.push({ code: 'tooFewItems', where: {}, params: { min: MIN_ITEMS_PER_TEMPLATE, found: count } });
  if (count > CATALOG_LIMITS.itemsPerTemplate) problems.push({ code: 'tooManyItems', where: {}, params: { max: CATALOG_LIMITS.itemsPerTemplate, found: count } });
  problems.push(...idRules(draft, baseVersion, itemHistory(published)));

  const parsed = Template.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      // The item count is named above, in the user's language.
      if (path.length === 1 && path[0] === 'sections' && /at (least|most) \d+ items/.test(issue.message)) continue;
      problems.push(problemAt(draft, path, issue));
    }
  }
  const base = published.find((t) => t.version === baseVersion);
  // Publishing a copy of its base would make a version that changes nothing.
  if (problems.length === 0 && parsed.success && base && sameContent(base, parsed.data)) problems.push({ code: 'unchanged', where: {}, params: { base: base.version } });
  // English left empty took the Chinese (template-form.ts): flagged for translation, which says more than "only the English changed".
  const copied = copiedTexts(draft);
  const reworded = (base ? oneLanguageChanges(diffTemplates(base, draft)) : []).filter((r) => !copied.some((c) => c.item === r.item && c.field === r.field && c.option === r.option));
  const warnings = [...reworded, ...copied];
  return problems.length === 0 && parsed.success ? { template: parsed.data, problems, warnings } : { problems, warnings };
}

type Issue = z.ZodError['issues'][number];

/** Messages the Template schema's own checks raise, each with what the page says instead. */
const OWN_MESSAGES: [RegExp, ProblemCode][] = [
  [/^min must not exceed max$/, 'rangeOrder'],
  [/^bounds\.min must not exceed bounds\.max$/, 'rangeOrder'],
  [/^the normal range must lie inside bounds$/, 'normalOutside'],
  [/^option ids must be unique$/, 'optionIdsRepeat'],
  [/^duplicate item id /, 'duplicateItem'],
  [/^section ids must be unique$/, 'sectionIdsRepeat'],
];

/** What the console's forms know of an issue (form-fields.ts `fromIssue`), as this check's codes. */
const FROM_FORM: Partial<Record<string, ProblemCode>> = {
  required: 'required',
  tooShort: 'tooShort',
  tooLong: 'tooLong',
  atLeast: 'atLeast',
  atMost: 'atMost',
  chooseAtLeast: 'chooseAtLeast',
  tooMany: 'tooMany',
  badId: 'badSlug',
};

/** What an issue means, by its kind: zod's English words are kept as `detail` only when nothing better is known. */
function meaning(issue: Issue): Pick<Problem, 'code' | 'params'> {
  const own = OWN_MESSAGES.find(([pattern]) => pattern.test(issue.message));
  if (own) return { code: own[1] };
  const known = fromIssue(issue);
  const code = FROM_FORM[known.code];
  if (code === 'badSlug') return { code, params: { value: typeof issue.input === 'string' ? issue.input : '' } };
  if (code) return known.params ? { code, params: known.params } : { code };
  return { code: 'schema', params: { detail: issue.message } };
}

/** A zod issue placed on the section, item and field it is about. */
function problemAt(draft: DraftTemplate, path: string[], issue: Issue): Problem {
  if (path[0] === 'hardwareType') return { code: 'badHardwareType', where: { field: 'hardwareType' } };
  const said = meaning(issue);
  if (path[0] !== 'sections' || path.length < 2) return { ...said, where: { field: path.join('.') } };
  const section = draft.sections[Number(path[1])];
  if (!section) return { ...said, where: { field: path.join('.') } };
  if (path[2] !== 'items') return { ...said, where: { section: section.id, field: path.slice(2).join('.') } };
  if (path.length === 3) return { code: 'emptySection', where: { section: section.id } };
  const item = section.items[Number(path[3])];
  return { ...said, where: { section: section.id, ...(item ? { item: item.id } : {}), field: path.slice(4).join('.') } };
}
