/** How the units' pages word things: a problem (what is wrong, what is expected), a type, a place. */
import type { Asset } from '../../../src-shared/catalog/reference';
import type { HardwareType } from '../../../src-shared/catalog/schema';
import type { ProblemParam, UnitProblem, UnitScope } from '../../admin/unit-checks';
import { TYPE_LABELS, type Bilingual, type UnitField } from '../../admin/unit-fields';
import type { PageContext } from '../layout';

/** A list named in a message is cut here, so a hospital with 80 rooms still gets a readable line. */
const LIST_MAX = 30;

export const pick = (pc: PageContext, text: Bilingual): string => (pc.lang === 'en' ? text.en : text.zh);

export function paramText(pc: PageContext, value: ProblemParam): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return pc.t('units.list.none');
    const shown = value.slice(0, LIST_MAX).map((v) => paramText(pc, v)).join(pc.lang === 'en' ? ', ' : '、');
    return value.length > LIST_MAX ? shown + pc.t('units.list.more', { count: value.length }) : shown;
  }
  return pick(pc, value);
}

export const fieldLabel = (pc: PageContext, field: UnitField): string => pc.t(`units.field.${field}`);

/** The problem in the page's language: what is wrong, and what is expected instead. */
export function problemText(pc: PageContext, problem: UnitProblem): { wrong: string; expected: string } {
  const params: Record<string, string> = { field: fieldLabel(pc, problem.field) };
  for (const [k, v] of Object.entries(problem.params)) params[k] = paramText(pc, v);
  let expected = pc.t(`units.expect.${problem.code}`, params);
  // "Required" with a list of what may go there says the list too.
  if (problem.code === 'required' && problem.params.expected !== undefined) expected += pc.lang === 'en' ? `: ${params.expected}` : `：${params.expected}`;
  return { wrong: pc.t(`units.problem.${problem.code}`, params), expected };
}

export const typeLabel = (pc: PageContext, type: HardwareType): string => pick(pc, TYPE_LABELS[type]);

export function placeText(pc: PageContext, scope: UnitScope, asset: Asset): string {
  const campus = scope.hospital.campuses.find((c) => c.id === asset.campusId);
  const department = campus?.departments.find((d) => d.id === asset.departmentId);
  const parts = [campus ? pick(pc, campus.name) : asset.campusId, department ? pick(pc, department.name) : asset.departmentId, asset.room];
  // One campus: its name says nothing.
  return (scope.hospital.campuses.length > 1 ? parts : parts.slice(1)).join(' / ');
}
