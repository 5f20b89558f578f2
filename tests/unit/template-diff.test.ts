/** What a draft changes against its base version: added, reworded, retired, moved, settings — and nothing for an untouched copy. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffTemplates, isEmptyDiff, oneLanguageChanges, sameContent } from '../../src-server/admin/template-diff';
import { checkDraft } from '../../src-server/admin/template-check';
import { draftFromPublished, itemHistory } from '../../src-server/admin/template-draft';
import { applyForm, type Form } from '../../src-server/admin/template-form';
import { Template } from '../../src-shared/catalog/schema';

const his = Template.parse(JSON.parse(readFileSync('assets/catalog/templates/his.json', 'utf8')));
const base = draftFromPublished(his);

function edited(changes: Form) {
  const form: Form = {};
  for (const s of base.sections) for (const i of s.items) {
    form[`item.${i.id}.kind`] = i.kind;
    if (i.perAsset) form[`item.${i.id}.perAsset`] = 'on';
  }
  const result = applyForm(base, base, itemHistory([his]), { ...form, ...changes });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

describe('template diff', () => {
  it('finds nothing in an untouched copy', () => {
    expect(isEmptyDiff(diffTemplates(his, base))).toBe(true);
  });

  it('names items added, reworded, retired, moved and re-set, and leaves their neighbours alone', () => {
    const [first, second] = base.sections;
    const reword = first!.items[0]!;
    const retire = first!.items[1]!;
    const move = second!.items[0]!;
    const numberItem = base.sections.flatMap((s) => s.items).find((i) => i.kind === 'number' && i !== retire && i !== move)!;
    const next = edited({
      [`item.${reword.id}.label.en`]: `${reword.label.en} (reworded)`,
      [`item.${retire.id}.retire`]: 'on',
      [`item.${move.id}.section`]: first!.id,
      [`item.${numberItem.id}.unit`]: 'ms',
      [`new.${second!.id}.id`]: 'his-new-check',
      [`new.${second!.id}.label.zh`]: '新检查',
      [`new.${second!.id}.label.en`]: 'New check',
      [`section.${second!.id}.title.en`]: 'Renamed',
    });
    const diff = diffTemplates(his, next);
    expect(diff.added.map((a) => [a.item.id, a.section])).toEqual([['his-new-check', second!.id]]);
    expect(diff.retired.map((r) => [r.item.id, r.section])).toEqual([[retire.id, first!.id]]);
    expect(diff.reworded.map((r) => [r.id, r.fields])).toEqual([[reword.id, ['label']]]);
    expect(diff.reworded[0]!.before.label.en).toBe(reword.label.en);
    // Only the moved item moved: the items after it, or after the retired one, kept their order.
    expect(diff.moved.map((m) => [m.id, m.from, m.to])).toEqual([[move.id, second!.id, first!.id]]);
    // Its place in each section: first of its old one, last of its new one (one retired, itself added).
    expect(diff.moved[0]).toMatchObject({ fromPlace: 1, toPlace: first!.items.length });
    expect(diff.settings.map((s) => [s.id, s.fields])).toEqual([[numberItem.id, ['unit']]]);
    expect(diff.sectionsRenamed).toEqual([second!.id]);
    expect(diff.nameChanged).toBe(false);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('reports a choice item’s new options as a rewording of its options', () => {
    const kiosk = Template.parse(JSON.parse(readFileSync('assets/catalog/templates/queue-kiosk.json', 'utf8')));
    const draft = draftFromPublished(kiosk);
    const paper = draft.sections.flatMap((s) => s.items).find((i) => i.id === 'ks-paper')!;
    paper.options = [...paper.options!, { id: 'jam', label: { zh: '卡纸', en: 'Jammed' }, fail: true }];
    expect(diffTemplates(kiosk, draft).reworded.map((r) => [r.id, r.fields])).toEqual([['ks-paper', ['options']]]);
  });

  it('fails the check of a copy of its base, and of nothing else', () => {
    const copy = checkDraft(base, his.version, [his]);
    expect(copy.problems).toEqual([{ code: 'unchanged', where: {}, params: { base: 1 } }]);
    expect(copy.template).toBeUndefined();
    expect(sameContent(his, Template.parse({ ...base, version: 2 }))).toBe(true);
    // Only the sources changed: a change, named in the diff.
    const sources = edited({ sources: [...his.sources, '099'].join(',') });
    expect(checkDraft(sources, his.version, [his]).problems).toEqual([]);
    expect(diffTemplates(his, sources).sourcesChanged).toBe(true);
    expect(isEmptyDiff(diffTemplates(his, sources))).toBe(false);
  });

  it('warns of a text reworded in one language only, and not of one reworded in both', () => {
    const [a, b, c] = base.sections.flatMap((s) => s.items);
    const next = edited({
      [`item.${a!.id}.label.zh`]: `${a!.label.zh}（改）`,
      [`item.${b!.id}.guidance.en`]: `${b!.guidance.en} Again.`,
      [`item.${c!.id}.label.zh`]: `${c!.label.zh}（改）`,
      [`item.${c!.id}.label.en`]: `${c!.label.en} (changed)`,
    });
    const warnings = oneLanguageChanges(diffTemplates(his, next));
    expect(warnings.map((w) => [w.item, w.field, w.changed])).toEqual([
      [a!.id, 'label', 'zh'],
      [b!.id, 'guidance', 'en'],
    ]);
    // Warnings, not problems: the draft passes.
    const check = checkDraft(next, his.version, [his]);
    expect(check.problems).toEqual([]);
    expect(check.warnings).toHaveLength(2);
  });

  it('warns of a choice option relabelled in one language only', () => {
    const kiosk = Template.parse(JSON.parse(readFileSync('assets/catalog/templates/queue-kiosk.json', 'utf8')));
    const draft = draftFromPublished(kiosk);
    const paper = draft.sections.flatMap((s) => s.items).find((i) => i.id === 'ks-paper')!;
    const first = paper.options![0]!;
    paper.options = [{ ...first, label: { ...first.label, en: `${first.label.en}!` } }, ...paper.options!.slice(1)];
    expect(oneLanguageChanges(diffTemplates(kiosk, draft))).toEqual([{ section: expect.any(String), item: 'ks-paper', field: 'options', changed: 'en', option: first.id }]);
  });
});
