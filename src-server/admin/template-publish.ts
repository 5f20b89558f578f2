/**
 * Checklist drafts against the office store (issue 14): start one (a new version of a published
 * template, or a new template), save the editor's form, discard, publish. Every write is guarded
 * by the draft's hash and audited; a published version (`template` row `<id>@<version>`) is never
 * rewritten, so devices that pinned it and reports made with it keep reading the same items.
 */
import { HardwareType, Slug, Template } from '../../src-shared/catalog/schema';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { OfficeContext } from '../context';
import type { TemplateDraft } from '../storage/port';
import { referenceRow } from './reference-edits';
import { checkDraft, type CheckResult } from './template-check';
import { draftFromPublished, itemHistory, readDraft, skeletonDraft, type DraftTemplate, type Problem, type SkeletonInput } from './template-draft';
import { applyForm, type Form } from './template-form';

type Ctx = Pick<OfficeContext, 'store' | 'now'>;

export interface Actor {
  actor: string;
  ip?: string;
}

/** Every published version of every template, oldest first per id. */
export async function publishedTemplates(ctx: Ctx): Promise<Map<string, Template[]>> {
  const out = new Map<string, Template[]>();
  for (const row of await ctx.store.listReference('template')) {
    const parsed = Template.safeParse(row.data);
    if (!parsed.success) continue;
    const list = out.get(parsed.data.id) ?? [];
    list.push(parsed.data);
    out.set(parsed.data.id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.version - b.version);
  return out;
}

export async function publishedVersions(ctx: Ctx, id: string): Promise<Template[]> {
  return (await publishedTemplates(ctx)).get(id) ?? [];
}

export interface LoadedDraft {
  stored: TemplateDraft;
  draft: DraftTemplate;
  /** The version it starts from, as published; undefined for a new template. */
  base: Template | undefined;
  published: Template[];
}

export async function loadDraft(ctx: Ctx, id: string): Promise<LoadedDraft | undefined> {
  const stored = await ctx.store.getTemplateDraft(id);
  const draft = stored && readDraft(stored.data);
  if (!stored || !draft) return undefined;
  const published = await publishedVersions(ctx, id);
  return { stored, draft, base: published.find((t) => t.version === stored.baseVersion), published };
}

export const checkLoaded = (d: LoadedDraft): CheckResult => checkDraft(d.draft, d.stored.baseVersion, d.published);

/** What a new template's start filled in for the user: the English name from the Chinese, the default source. */
export type StartNote = 'enFromZh' | 'sourceDefault';

export type StartOutcome =
  | { outcome: 'started'; notes?: StartNote[] }
  | { outcome: 'exists'; by: string }
  | { outcome: 'refused'; problems: Problem[] }
  | { outcome: 'missing' };

async function saveNew(ctx: Ctx, draft: DraftTemplate, baseVersion: number | null, who: Actor): Promise<StartOutcome> {
  const hash = await canonicalHash(draft);
  const at = ctx.now().toISOString();
  const stored = { templateId: draft.id, baseVersion, data: draft, hash, updatedAt: at, updatedBy: who.actor };
  const audit = { actor: who.actor, action: 'template.draft.create', outcome: 'ok' as const, target: draft.id, details: { baseVersion, hash }, ...(who.ip ? { ip: who.ip } : {}) };
  const result = await ctx.store.saveTemplateDraft(stored, null, audit);
  if (result.outcome === 'written') return { outcome: 'started' };
  return { outcome: 'exists', by: (await ctx.store.getTemplateDraft(draft.id))?.updatedBy ?? '' };
}

/** A draft of the next version, from the latest published one. */
export async function startNewVersion(ctx: Ctx, id: string, who: Actor): Promise<StartOutcome> {
  const latest = (await publishedVersions(ctx, id)).at(-1);
  if (!latest) return { outcome: 'missing' };
  return saveNew(ctx, draftFromPublished(latest), latest.version, who);
}

/**
 * A new template's draft, from the identity typed on the list page. As on the hospital forms, an
 * English name left empty takes the Chinese one; sources left empty take `defaultSource` (the
 * schema asks for one; the office itself is the source of a checklist no tender names).
 */
export async function startNewTemplate(ctx: Ctx, form: Form, who: Actor, defaultSource: string): Promise<StartOutcome> {
  const value = (name: string): string => (form[name] ?? '').trim();
  const problems: Problem[] = [];
  const id = value('id');
  const kind = value('kind') === 'hardware' ? 'hardware' : 'system';
  const hardwareType = HardwareType.safeParse(value('hardwareType'));
  if (!Slug.safeParse(id).success) problems.push({ code: 'badSlug', where: { field: 'id' }, params: { value: id } });
  else if ((await publishedVersions(ctx, id)).length > 0 || (await ctx.store.getTemplateDraft(id))) problems.push({ code: 'templateExists', where: { field: 'id' }, params: { id } });
  if (kind === 'hardware' && !hardwareType.success) problems.push({ code: 'badHardwareType', where: { field: 'hardwareType' } });
  if (value('name.zh') === '') problems.push({ code: 'required', where: { field: 'name.zh' } });
  if (problems.length > 0) return { outcome: 'refused', problems };
  const notes: StartNote[] = [];
  const typedSources = value('sources').split(/[,，、\s]+/).filter(Boolean);
  if (value('name.en') === '') notes.push('enFromZh');
  if (typedSources.length === 0) notes.push('sourceDefault');
  const input: SkeletonInput = {
    id,
    kind,
    ...(kind === 'hardware' && hardwareType.success ? { hardwareType: hardwareType.data } : {}),
    name: { zh: value('name.zh'), en: value('name.en') || value('name.zh') },
    sources: typedSources.length ? typedSources : [defaultSource],
  };
  const started = await saveNew(ctx, skeletonDraft(input), null, who);
  return started.outcome === 'started' && notes.length ? { outcome: 'started', notes } : started;
}

export type SaveOutcome = { outcome: 'saved'; filled: string[] } | { outcome: 'refused'; problems: Problem[] } | { outcome: 'conflict'; by: string } | { outcome: 'missing' };

/** The editor's form saved over the draft it was rendered from (`expectedHash`), or nothing saved. */
export async function saveDraft(ctx: Ctx, id: string, expectedHash: string, form: Form, who: Actor): Promise<SaveOutcome> {
  const loaded = await loadDraft(ctx, id);
  if (!loaded) return { outcome: 'missing' };
  if (loaded.stored.hash !== expectedHash) return { outcome: 'conflict', by: loaded.stored.updatedBy };
  const base = loaded.base && draftFromPublished(loaded.base);
  const applied = applyForm(loaded.draft, base, itemHistory(loaded.published), form);
  if (!applied.ok) return { outcome: 'refused', problems: applied.problems };
  const hash = await canonicalHash(applied.draft);
  const stored = { ...loaded.stored, data: applied.draft, hash, updatedAt: ctx.now().toISOString(), updatedBy: who.actor };
  const audit = { actor: who.actor, action: 'template.draft.save', outcome: 'ok' as const, target: id, details: { from: expectedHash, hash }, ...(who.ip ? { ip: who.ip } : {}) };
  const result = await ctx.store.saveTemplateDraft(stored, expectedHash, audit);
  if (result.outcome === 'written') return { outcome: 'saved', filled: applied.filled };
  // Another save came between our read and our write.
  return { outcome: 'conflict', by: (await ctx.store.getTemplateDraft(id))?.updatedBy ?? '' };
}

export type DiscardOutcome = { outcome: 'discarded' } | { outcome: 'conflict'; by: string } | { outcome: 'missing' };

export async function discardDraft(ctx: Ctx, id: string, expectedHash: string, who: Actor): Promise<DiscardOutcome> {
  const audit = { actor: who.actor, action: 'template.draft.discard', outcome: 'ok' as const, target: id, details: { hash: expectedHash }, ...(who.ip ? { ip: who.ip } : {}) };
  const result = await ctx.store.deleteTemplateDraft(id, expectedHash, audit);
  if (result.outcome === 'written') return { outcome: 'discarded' };
  if (result.outcome === 'missing') return { outcome: 'missing' };
  return { outcome: 'conflict', by: (await ctx.store.getTemplateDraft(id))?.updatedBy ?? '' };
}

export type PublishOutcome =
  | { outcome: 'published'; version: number }
  /** The draft is no longer the one the check showed (edited since): nothing published. */
  | { outcome: 'changed'; by: string }
  | { outcome: 'failed'; problems: Problem[] }
  /** That version exists already (another publish came first). */
  | { outcome: 'taken'; version: number }
  | { outcome: 'missing' };

/**
 * Publishes the draft the check was shown for (`checkedHash`) as version base + 1, if it still
 * passes. `checkedVersion` (the version the check page announced) tells a publish that lost the
 * race to another one — the draft is gone because it was published — from a discarded draft.
 */
export async function publishDraft(ctx: Ctx, id: string, checkedHash: string, who: Actor, checkedVersion?: number): Promise<PublishOutcome> {
  const taken = async (): Promise<PublishOutcome> =>
    checkedVersion !== undefined && (await ctx.store.getReference('template', `${id}@${checkedVersion}`)) ? { outcome: 'taken', version: checkedVersion } : { outcome: 'missing' };
  const loaded = await loadDraft(ctx, id);
  if (!loaded) return taken();
  if (loaded.stored.hash !== checkedHash) return { outcome: 'changed', by: loaded.stored.updatedBy };
  const version = (loaded.stored.baseVersion ?? 0) + 1;
  if (loaded.published.some((t) => t.version >= version)) return { outcome: 'taken', version };
  const checked = checkLoaded(loaded);
  if (!checked.template) return { outcome: 'failed', problems: checked.problems };
  const template = { ...checked.template, version };
  const row = await referenceRow('template', `${id}@${version}`, null, template);
  const audit = {
    actor: who.actor,
    action: 'template.publish',
    outcome: 'ok' as const,
    target: row.key,
    details: { baseVersion: loaded.stored.baseVersion, draftHash: checkedHash, hash: row.hash },
    ...(who.ip ? { ip: who.ip } : {}),
  };
  const result = await ctx.store.publishTemplateDraft(id, checkedHash, row, audit);
  if (result.outcome === 'written') return { outcome: 'published', version };
  if (result.outcome === 'missing') return taken();
  const now = await ctx.store.getTemplateDraft(id);
  return now && now.hash !== checkedHash ? { outcome: 'changed', by: now.updatedBy } : { outcome: 'taken', version };
}
