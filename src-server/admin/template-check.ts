/**
 * The check a draft must pass before it is published (pure): the catalog's own Template schema,
 * and the rules of item ids across every published version. Each problem says where it is
 * (section, item, field) so the page can name it in the user's language. A draft identical to its
 * base fails; texts reworded in one language only are warnings.
 */
import { CATALOG_LIMITS } from '../../src-shared/domain/limits';
import { MIN_ITEMS_PER_TEMPLATE, Template } from '../../src-shared/catalog/schema';
import { diffTemplates, oneLanguageChanges, sameContent, type OneLanguage } from './template-diff';
import { draftItems, idRules, itemHistory, type DraftTemplate, type Problem } from './template-draft';

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
      problems.push(problemAt(draft, path, issue.message));
    }
  }
  const base = published.find((t) => t.version === baseVersion);
  // Publishing a copy of its base would make a version that changes nothing.
  if (problems.length === 0 && parsed.success && base && sameContent(base, parsed.data)) problems.push({ code: 'unchanged', where: {}, params: { base: base.version } });
  const warnings = base ? oneLanguageChanges(diffTemplates(base, draft)) : [];
  return problems.length === 0 && parsed.success ? { template: parsed.data, problems, warnings } : { problems, warnings };
}

/** A zod issue placed on the section, item and field it is about. */
function problemAt(draft: DraftTemplate, path: string[], detail: string): Problem {
  if (path[0] === 'hardwareType') return { code: 'badHardwareType', where: { field: 'hardwareType' } };
  if (path[0] !== 'sections' || path.length < 2) return { code: 'schema', where: { field: path.join('.') }, params: { detail } };
  const section = draft.sections[Number(path[1])];
  if (!section) return { code: 'schema', where: { field: path.join('.') }, params: { detail } };
  if (path[2] !== 'items') return { code: 'schema', where: { section: section.id, field: path.slice(2).join('.') }, params: { detail } };
  if (path.length === 3) return { code: 'emptySection', where: { section: section.id } };
  const item = section.items[Number(path[3])];
  return { code: 'schema', where: { section: section.id, ...(item ? { item: item.id } : {}), field: path.slice(4).join('.') }, params: { detail } };
}
