/**
 * The dashboard's tables, built once from the per-contract views (dashboard/data.ts) and read by
 * both the page (charts and tables) and the .xlsx export, so the two always say the same. Names
 * are resolved here in the page's language; numbers are never filled in where none was computed
 * (null stays null and prints as —).
 */
import type { Grade } from '../../src-shared/catalog/period-schema';
import type { PromiseStep } from '../../src-shared/catalog/reference';
import type { LocalizedText } from '../../src-shared/catalog/schema';
import type { EvaluationGap } from '../../src-shared/period/types';
import type { ContractView, Dashboard, EngineerTally } from '../dashboard/data';
import type { Lang } from './i18n';
import { localized } from './layout';

export interface SummaryRow {
  hospital: string;
  contract: string;
  contractId: string;
  window?: { start: string; end: string };
  /** Null where the contract has no window on the day, or no cadence for the plan. */
  done: number | null;
  due: number | null;
  late: number | null;
  inProgress: number | null;
  findings: number | null;
  faults: number | null;
  slaPercent: number | null;
  followUps: { excellent: number; good: number; poor: number } | null;
  /** Null where the contract lists no deliverable or has no window. */
  deliverablesMissing: number | null;
  /** The contract from its first day to today, as the device counts: late targets and deliverables missing. */
  toDate?: { start: string; end: string };
  lateToDate: number | null;
  deliverablesMissingToDate: number | null;
  /** The grade of the quarter holding the chosen day (the 附件1 section's first); undefined where the contract has no 附件1. */
  grade?: Grade | null;
}

export interface LateRow {
  hospital: string;
  contract: string;
  window: { start: string; end: string };
  target: string;
  units?: { done: number; total: number };
}

export interface CountRow {
  hospital: string;
  contract: string;
  name: string;
  count: number;
}

export interface SlaRow {
  step: PromiseStep;
  met: number;
  missed: number;
  open: number;
}

export interface DeliverableRow {
  hospital: string;
  contract: string;
  window: { start: string; end: string };
  ended: boolean;
  name: string;
}

export interface GradeRow {
  hospital: string;
  contract: string;
  window: { start: string; end: string };
  /** Holds the chosen day: the quarter the contracts table grades. */
  current: boolean;
  /** Holds today: graded so far; any other quarter listed has ended. */
  running: boolean;
  grade: Grade | null;
  sections: { evaluator: 'department' | 'it_office'; checked: number; passed: number; percent: number | null; rateGrade: Grade | null; adverseGrade: Grade }[];
  adverseEvents: number;
  late: { responses: number; resolutions: number; deductionPercent: number; deductionAmount?: number };
  noticeFailures: { level: string; system: string; count: number; percent: number; amount?: number }[];
  gaps: EvaluationGap[];
}

export interface DashboardModel {
  summary: SummaryRow[];
  plan: { done: number; due: number; late: number; inProgress: number; upcoming: number } | null;
  late: LateRow[];
  findings: CountRow[];
  faults: CountRow[];
  sla: { byStep: SlaRow[]; met: number; missed: number; open: number; percent: number | null };
  followUps: { excellent: number; good: number; poor: number; missing: number };
  /** Null when no selected contract lists deliverables. */
  deliverables: DeliverableRow[] | null;
  grades: GradeRow[];
  engineers: EngineerTally[];
}

const sum = (ns: readonly number[]): number => ns.reduce((a, b) => a + b, 0);

export function dashboardModel(d: Dashboard, lang: Lang, names: { hospital(id: string): string; template(id: string): LocalizedText | undefined }): DashboardModel {
  const text = (t: LocalizedText | undefined, fallback: string): string => localized(t, lang, fallback);
  const live = d.contracts.filter((v): v is ContractView & { window: NonNullable<ContractView['window']>; figures: NonNullable<ContractView['figures']> } => Boolean(v.window && v.figures));
  const planned = live.filter((v) => v.plan && v.contract.inspection.cadence);
  const of = (v: ContractView) => ({ hospital: names.hospital(v.contract.hospitalId), contract: text(v.contract.name, v.contract.id) });
  const systemName = (v: ContractView, key: string): string => {
    if (key.startsWith('type:')) return text(names.template(key.slice(5)), key.slice(5));
    const s = v.contract.systems.find((x) => x.id === key);
    return s ? text(s.name, key) : key;
  };
  const levelName = (v: ContractView, id: string): string => {
    const l = v.contract.faultLevels.find((x) => x.id === id);
    return l ? text(l.name, id) : id;
  };

  const summary: SummaryRow[] = d.contracts.map((v) => {
    const f = v.figures;
    const cadence = Boolean(v.contract.inspection.cadence) && v.plan;
    // The quarter holding the chosen day, as the 附件1 section shows first: never another begun quarter.
    const current = v.annex.find((a) => a.current);
    return {
      ...of(v),
      contractId: v.contract.id,
      ...(v.window ? { window: { start: v.window.start, end: v.window.end } } : {}),
      done: cadence ? v.plan!.done : null,
      due: cadence ? v.plan!.due : null,
      late: cadence ? v.plan!.late : null,
      inProgress: cadence ? v.plan!.inProgress : null,
      findings: f ? sum(f.findingsBySystem.map((c) => c.count)) : null,
      faults: f ? sum(f.faultsByLevel.map((c) => c.count)) : null,
      slaPercent: f ? f.sla.compliancePercent : null,
      followUps: f ? { excellent: f.followUps.excellent, good: f.followUps.good, poor: f.followUps.poor } : null,
      deliverablesMissing: v.window && v.deliverables ? sum(v.deliverables.map((m) => m.missing)) : null,
      ...(v.toDate ? { toDate: { start: v.toDate.start, end: v.toDate.end } } : {}),
      lateToDate: v.toDate?.late ?? null,
      deliverablesMissingToDate: v.toDate?.deliverablesMissing ?? null,
      ...(v.contract.evaluation.annex004 ? { grade: current ? current.result.grade : null } : {}),
    };
  });

  const byStep = new Map<PromiseStep, SlaRow>();
  for (const v of live) {
    for (const s of v.figures.sla.byStep) {
      const row = byStep.get(s.step) ?? { step: s.step, met: 0, missed: 0, open: 0 };
      row.met += s.met;
      row.missed += s.missed;
      row.open += s.open;
      byStep.set(s.step, row);
    }
  }
  const steps: PromiseStep[] = ['respond', 'setOut', 'onSite', 'propose', 'resolve'];
  const slaRows = steps.flatMap((s) => byStep.get(s) ?? []);
  const met = sum(slaRows.map((r) => r.met));
  const missed = sum(slaRows.map((r) => r.missed));

  const engineers = new Map<string, EngineerTally>();
  for (const t of live.flatMap((v) => v.engineers)) {
    const e = engineers.get(t.engineer) ?? { engineer: t.engineer, inspections: 0, findings: 0, services: 0, faults: 0, slaMet: 0, slaMissed: 0 };
    for (const k of ['inspections', 'findings', 'services', 'faults', 'slaMet', 'slaMissed'] as const) e[k] += t[k];
    engineers.set(t.engineer, e);
  }

  return {
    summary,
    plan: planned.length
      ? (['done', 'due', 'late', 'inProgress', 'upcoming'] as const).reduce(
          (acc, k) => ({ ...acc, [k]: sum(planned.map((v) => v.plan![k])) }),
          { done: 0, due: 0, late: 0, inProgress: 0, upcoming: 0 },
        )
      : null,
    late: live.flatMap((v) =>
      v.late.map((c) => ({
        ...of(v),
        window: { start: c.window.start, end: c.window.end },
        target: text(c.target.name, c.target.kind === 'system' ? c.target.id : c.target.templateId),
        ...(c.unitsTotal !== undefined ? { units: { done: c.unitsDone ?? 0, total: c.unitsTotal } } : {}),
      })),
    ),
    findings: live.flatMap((v) => v.figures.findingsBySystem.map((c) => ({ ...of(v), name: systemName(v, c.key), count: c.count }))).sort((a, b) => b.count - a.count),
    faults: live.flatMap((v) => v.figures.faultsByLevel.map((c) => ({ ...of(v), name: c.key === 'unclassified' ? '' : levelName(v, c.key), count: c.count }))),
    sla: { byStep: slaRows, met, missed, open: sum(slaRows.map((r) => r.open)), percent: met + missed === 0 ? null : (met * 100) / (met + missed) },
    followUps: (['excellent', 'good', 'poor', 'missing'] as const).reduce((acc, k) => ({ ...acc, [k]: sum(live.map((v) => v.figures.followUps[k])) }), { excellent: 0, good: 0, poor: 0, missing: 0 }),
    deliverables: d.contracts.some((v) => v.deliverables)
      ? live.flatMap((v) =>
          (v.deliverables ?? []).flatMap((m) =>
            m.missingIds.map((id) => ({
              ...of(v),
              window: { start: m.windowStart, end: m.windowEnd },
              ended: m.ended,
              name: text(v.contract.deliverables.find((x) => x.id === id)?.name, id),
            })),
          ),
        )
      : null,
    grades: live.flatMap((v) =>
      v.annex.map((a) => ({
        ...of(v),
        window: { start: a.window.start, end: a.window.end },
        current: a.current,
        running: a.running,
        grade: a.result.grade,
        sections: a.result.sections.map((s) => ({ ...s })),
        adverseEvents: a.result.adverseEvents,
        late: a.result.late,
        noticeFailures: a.result.noticeFailures.map((n) => ({
          level: levelName(v, n.levelId),
          system: n.systemId ? systemName(v, n.systemId) : '',
          count: n.count,
          percent: n.percent,
          ...(n.amount !== undefined ? { amount: n.amount } : {}),
        })),
        gaps: a.result.gaps,
      })),
    ),
    engineers: [...engineers.values()].sort((a, b) => a.engineer.localeCompare(b.engineer, 'zh-CN')),
  };
}
