/**
 * An inspection as the ordered list of questions the engineer walks through. Systems are asked
 * item by item; hardware is asked unit by unit, grouped by department and room, then the items
 * asked once for the whole type. A step's key is stable, so answers and the resume cursor hang on it.
 */
import type { Asset } from '../catalog/reference';
import type { Item, Template } from '../catalog/schema';
import { isDone, type AnswerEvidence } from './answer';

export type Target =
  | { kind: 'system'; systemId: string; templateId: string; templateVersion: number }
  | { kind: 'hardware'; templateId: string; templateVersion: number; assetIds: string[] };

export interface Step {
  key: string;
  /** What is inspected: `system:<id>`, `asset:<id>`, or `type:<templateId>` for once-per-type items. */
  subject: string;
  targetIndex: number;
  templateId: string;
  sectionId: string;
  item: Item;
  assetId?: string;
  /** Progress is counted per group: a system's section, one hardware unit, or a type's section. */
  group: string;
}

export const templateKey = (id: string, version: number): string => `${id}@${version}`;
export const stepKey = (subject: string, itemId: string): string => `${subject}#${itemId}`;

export function compareAssets(a: Asset, b: Asset): number {
  return (
    a.campusId.localeCompare(b.campusId) ||
    a.departmentId.localeCompare(b.departmentId) ||
    a.room.localeCompare(b.room, 'zh-CN', { numeric: true }) ||
    a.assetTag.localeCompare(b.assetTag)
  );
}

/** How many report sections an inspection makes: each system, each unit, and each unit type's once-only items. */
export function subjectCount(targets: readonly Target[]): number {
  return targets.reduce((sum, t) => sum + (t.kind === 'system' ? 1 : t.assetIds.length + 1), 0);
}

/** The photos an inspection's photo items ask for at the least: the room its report must keep for them. */
export function requiredPhotos(steps: readonly Step[]): number {
  return steps.reduce((sum, s) => sum + (s.item.kind === 'photo' ? s.item.minPhotos : 0), 0);
}

export function buildSteps(
  targets: readonly Target[],
  templates: ReadonlyMap<string, Template>,
  assets: ReadonlyMap<string, Asset>,
): Step[] {
  const steps: Step[] = [];
  const resolved = targets.map((target, targetIndex) => {
    const template = templates.get(templateKey(target.templateId, target.templateVersion));
    if (!template) throw new Error(`template ${target.templateId} v${target.templateVersion} is not in the store`);
    return { target, targetIndex, template };
  });
  const push = (at: (typeof resolved)[number], subject: string, sectionId: string, item: Item, group: string, assetId?: string): void => {
    steps.push({ key: stepKey(subject, item.id), subject, targetIndex: at.targetIndex, templateId: at.template.id, sectionId, item, group, ...(assetId ? { assetId } : {}) });
  };
  for (const at of resolved) {
    if (at.target.kind !== 'system') continue;
    const subject = `system:${at.target.systemId}`;
    for (const section of at.template.sections) for (const item of section.items) push(at, subject, section.id, item, `${subject}/${section.id}`);
  }
  // Hardware: every unit of every type in one walk through the building, department by department
  // and room by room, so the engineer never doubles back; then what is asked once per type.
  const hardware = resolved.filter((at) => at.target.kind === 'hardware');
  const units = hardware
    .flatMap((at) => (at.target.kind === 'hardware' ? at.target.assetIds : []).map((id) => ({ at, asset: assets.get(id) })))
    .filter((u): u is { at: (typeof resolved)[number]; asset: Asset } => u.asset !== undefined)
    .sort((a, b) => compareAssets(a.asset, b.asset));
  for (const { at, asset } of units) {
    const subject = `asset:${asset.id}`;
    for (const section of at.template.sections) {
      for (const item of section.items) if (item.perAsset) push(at, subject, section.id, item, subject, asset.id);
    }
  }
  for (const at of hardware) {
    const subject = `type:${at.template.id}`;
    for (const section of at.template.sections) {
      for (const item of section.items) if (!item.perAsset) push(at, subject, section.id, item, `${subject}/${section.id}`);
    }
  }
  return steps;
}

export interface Progress {
  done: number;
  total: number;
}

export interface StepProgress {
  overall: Progress;
  byGroup: Map<string, Progress>;
  /** Steps not answered yet. */
  unanswered: number;
  /** Answered steps whose finding still owes a note or photo. */
  owing: number;
}

/** Progress as every screen shows it: a step counts once it is answered and owes nothing (answer.ts isDone). */
export function progressOf(steps: readonly Step[], answers: ReadonlyMap<string, AnswerEvidence>): StepProgress {
  const byGroup = new Map<string, Progress>();
  let done = 0;
  let unanswered = 0;
  for (const step of steps) {
    const group = byGroup.get(step.group) ?? { done: 0, total: 0 };
    group.total++;
    const answer = answers.get(step.key);
    if (!answer) unanswered++;
    if (isDone(step.item.onFail.require, answer)) {
      group.done++;
      done++;
    }
    byGroup.set(step.group, group);
  }
  return { overall: { done, total: steps.length }, byGroup, unanswered, owing: steps.length - done - unanswered };
}

/** Where a draft resumes: the saved cursor if it still exists, else the first unanswered step. */
export function resumeIndex(steps: readonly Step[], cursor: string | null, answered: ReadonlySet<string>): number {
  const atCursor = cursor === null ? -1 : steps.findIndex((s) => s.key === cursor);
  if (atCursor >= 0) return atCursor;
  const firstOpen = steps.findIndex((s) => !answered.has(s.key));
  return firstOpen >= 0 ? firstOpen : Math.max(0, steps.length - 1);
}
