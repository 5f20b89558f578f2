/**
 * The inspection plan of a contract (issue 12 point 1): for each window of its cadence, each
 * covered system and each hardware group (all units of one template), whether it is done, in
 * progress, due, late or upcoming as of a day. An inspection counts for the window its completion
 * day falls in (completed or signed); a draft makes a target "in progress" in the window it was
 * started in; a hardware group is done only when every unit was inspected in that window.
 */
import type { Asset, Contract } from '../catalog/reference';
import type { LocalizedText } from '../catalog/schema';
import { contractWindows, dayOf, windowOf } from './windows';
import type { ContractPlan, PeriodInspection, PeriodWindow, PlanCell, PlanState, PlanTarget } from './types';

export interface PlanInput {
  contract: Pick<Contract, 'id' | 'period' | 'systems' | 'hardwareTemplateIds' | 'inspection'>;
  /** The hospital's units; those of other contracts are ignored. */
  assets: readonly Pick<Asset, 'id' | 'contractId' | 'templateId'>[];
  inspections: readonly PeriodInspection[];
  /** A China date (YYYY-MM-DD) or an ISO instant: the day the plan is judged on. */
  asOf: string;
  /** Template names for the hardware groups' titles; the template id where absent. */
  templateNames?: ReadonlyMap<string, LocalizedText>;
}

const STATES: readonly PlanState[] = ['done', 'in_progress', 'due', 'late', 'upcoming'];

/** The China day an inspection counts on: its completion, else its signing; none for a draft. */
export function completionDay(inspection: PeriodInspection): string | undefined {
  if (inspection.state === 'draft') return undefined;
  const at = inspection.completedAt ?? inspection.signedAt;
  return at === undefined ? undefined : dayOf(at);
}

/** The China day a draft was started on: the window it makes its targets "in progress" in. */
export function draftDay(inspection: PeriodInspection): string | undefined {
  return inspection.state === 'draft' ? dayOf(inspection.startedAt) : undefined;
}

export function planTargets(input: Pick<PlanInput, 'contract' | 'assets' | 'templateNames'>): PlanTarget[] {
  const { contract } = input;
  const systems: PlanTarget[] = contract.systems.map((s) => ({ kind: 'system', id: s.id, name: s.name }));
  const groups: PlanTarget[] = contract.hardwareTemplateIds.flatMap((templateId) => {
    const assetIds = input.assets.filter((a) => a.contractId === contract.id && a.templateId === templateId).map((a) => a.id);
    // A template the contract lists but with no unit on record has nothing to inspect.
    if (assetIds.length === 0) return [];
    const name = input.templateNames?.get(templateId) ?? { zh: templateId, en: templateId };
    return [{ kind: 'hardware_group' as const, templateId, name, assetIds }];
  });
  return [...systems, ...groups];
}

export function targetKey(target: PlanTarget): string {
  return target.kind === 'system' ? `system:${target.id}` : `type:${target.templateId}`;
}

function covers(inspection: PeriodInspection, target: PlanTarget): boolean {
  return target.kind === 'system' ? inspection.systems.includes(target.id) : target.assetIds.some((id) => inspection.assets.includes(id));
}

function stateOf(window: PeriodWindow, day: string, done: boolean, drafting: boolean): PlanState {
  if (done) return 'done';
  if (day < window.start) return 'upcoming';
  // The window's last day is still inside it: late only from the next day.
  if (day > window.end) return 'late';
  return drafting ? 'in_progress' : 'due';
}

/** Each hardware cell's units not inspected in its window, for the next visit's list. */
type Missing = WeakMap<PlanCell, string[]>;

/** An inspection with the days it counts on, worked out once per plan rather than once per cell. */
interface Dated {
  inspection: PeriodInspection;
  done?: string;
  draft?: string;
}

function cellOf(window: PeriodWindow, target: PlanTarget, dated: readonly Dated[], day: string, missing: Missing): PlanCell {
  const inWindow = (d: string | undefined): boolean => d !== undefined && window.start <= d && d <= window.end;
  const counted = dated.filter((x) => inWindow(x.done) && covers(x.inspection, target)).map((x) => x.inspection);
  const drafting = dated.some((x) => inWindow(x.draft) && covers(x.inspection, target));
  const cell: PlanCell = {
    window,
    target,
    state: 'due',
    inspections: counted.map((i) => ({ id: i.id, ...(i.mode ? { mode: i.mode } : {}), ...(i.reportNumber ? { reportNumber: i.reportNumber } : {}) })),
  };
  let done = counted.length > 0;
  if (target.kind === 'hardware_group') {
    const inspected = new Set(counted.flatMap((i) => i.assets));
    cell.unitsTotal = target.assetIds.length;
    cell.unitsDone = target.assetIds.filter((id) => inspected.has(id)).length;
    done = cell.unitsDone === cell.unitsTotal;
    missing.set(cell, target.assetIds.filter((id) => !inspected.has(id)));
  }
  cell.state = stateOf(window, day, done, drafting);
  return cell;
}

export function planContract(input: PlanInput): ContractPlan {
  const { contract } = input;
  const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<PlanState, number>;
  const cadence = contract.inspection.cadence;
  if (!cadence) return { contractId: contract.id, problem: { code: 'no_cadence' }, windows: [], cells: [], nextVisit: [], counts };
  const day = dayOf(input.asOf);
  const windows = contractWindows(contract, cadence.every);
  const dated: Dated[] = [];
  for (const i of input.inspections) {
    if (i.contractId !== contract.id) continue;
    const done = completionDay(i);
    const draft = draftDay(i);
    dated.push({ inspection: i, ...(done ? { done } : {}), ...(draft ? { draft } : {}) });
  }
  const targets = planTargets(input);
  const missing: Missing = new WeakMap();
  const cells = windows.flatMap((w) => targets.map((t) => cellOf(w, t, dated, day, missing)));
  for (const c of cells) counts[c.state]++;
  const current = windowOf(windows, day);
  const plan: ContractPlan = { contractId: contract.id, windows, cells, nextVisit: nextVisit(cells, current, missing), counts };
  if (current) plan.current = current;
  // Before or after the period the plan is still drawn (what was done, what was missed); the problem says why there is no current window.
  else plan.problem = { code: 'outside_period', asOf: day, start: contract.period.start, end: contract.period.end };
  return plan;
}

/**
 * What the next visit should inspect: each target not done in the current window, marked late
 * when it is overdue (the window before was missed too, and nothing since made up for it). After
 * the period, the targets missed in their last window. A window missed long ago and followed by a
 * done one is history on the plan, not work for the next visit.
 */
function nextVisit(cells: readonly PlanCell[], current: PeriodWindow | undefined, missing: Missing): ContractPlan['nextVisit'] {
  const byTarget = new Map<string, PlanCell[]>();
  for (const c of cells) {
    const key = targetKey(c.target);
    const list = byTarget.get(key);
    if (list) list.push(c);
    else byTarget.set(key, [c]);
  }
  const out: ContractPlan['nextVisit'] = [];
  for (const list of byTarget.values()) {
    const now = current ? list.find((c) => c.window.index === current.index) : undefined;
    // The last window already over: the one before the current, or the period's last one after it ends.
    const before = list.filter((c) => c.state !== 'upcoming' && c !== now).at(-1);
    const overdue = before?.state === 'late';
    if (now && (now.state === 'due' || now.state === 'in_progress')) {
      out.push({ target: now.target, state: overdue ? 'late' : now.state, window: now.window, missingAssetIds: missing.get(now) ?? [] });
    } else if (!now && before && overdue) {
      out.push({ target: before.target, state: 'late', window: before.window, missingAssetIds: missing.get(before) ?? [] });
    }
  }
  return out;
}
