/**
 * The shapes of the contract period (issue 12), shared by the device, the report pipeline and the
 * office: what the computations read (built from the device's rows or the office's stored
 * records, so both count alike) and what they return. The functions live beside this file:
 * windows.ts, plan.ts, figures.ts, annex-004.ts. Every computed number carries the records it
 * came from (TraceRow), so a report can print its appendix and nothing is ever invented.
 */
import type { Grade, InspectionMode, PeriodReportKind, WindowUnit } from '../catalog/period-schema';
import type { PromiseStep, SignRole } from '../catalog/reference';
import type { LocalizedText } from '../catalog/schema';
import type { ServiceRecord } from '../service/record';

/** China calendar dates (YYYY-MM-DD); `end` is the window's last day, inclusive. */
export interface PeriodWindow {
  unit: WindowUnit;
  /** 0 for the window that starts on the contract's first day. */
  index: number;
  start: string;
  end: string;
}

/** A verdict a signer gave on an inspection sheet, on the contract's scale. */
export interface SignOffVerdictValue {
  role: SignRole;
  scale: 'satisfaction' | 'pass_fail';
  value: 'excellent' | 'good' | 'poor' | 'pass' | 'fail';
}

export interface PeriodFinding {
  /** The answer's subject: `system:<contract>/<system>`, `asset:<id>` or `type:<templateId>`. */
  subject: string;
  systemId?: string;
  assetId?: string;
  templateId: string;
  itemId: string;
  label: LocalizedText;
  faultLevelId?: string;
  /** A service-quality item (满意度, 抽查合格率): about the vendor's service, never a system fault. */
  serviceQuality: boolean;
}

/** What the computations read of one inspection. */
export interface PeriodInspection {
  id: string;
  hospitalId: string;
  contractId: string;
  engineer: string;
  state: 'draft' | 'completed' | 'signed';
  startedAt: string;
  completedAt?: string;
  signedAt?: string;
  /** Absent for inspections from before issue 12 (they were all on site). */
  mode?: InspectionMode;
  reportNumber?: string;
  /** Covered system ids and asset ids. */
  systems: string[];
  assets: string[];
  findings: PeriodFinding[];
  verdicts: SignOffVerdictValue[];
}

/** What the computations read of one service record: the stored record itself (device row or office copy). */
export type PeriodServiceRecord = Pick<ServiceRecord, 'id' | 'contractId' | 'subject' | 'events'>;

/** What a plan is about: one covered system, or one hardware group (all units of one template). */
export type PlanTarget =
  | { kind: 'system'; id: string; name: LocalizedText }
  | { kind: 'hardware_group'; templateId: string; name: LocalizedText; assetIds: string[] };

/**
 * done: inspected in the window (completed or signed); in_progress: only a draft so far; due: the
 * window is open and it is not done; late: the window has ended and it was not done; upcoming: the
 * window has not started.
 */
export type PlanState = 'done' | 'in_progress' | 'due' | 'late' | 'upcoming';

export interface PlanCell {
  window: PeriodWindow;
  target: PlanTarget;
  state: PlanState;
  /** The inspections that count for it (ids), with how each was done. */
  inspections: { id: string; mode?: InspectionMode; reportNumber?: string }[];
  /** For a hardware group: units inspected in the window out of all. */
  unitsDone?: number;
  unitsTotal?: number;
}

export type PlanProblem = { code: 'no_cadence' } | { code: 'outside_period'; asOf: string; start: string; end: string };

export interface ContractPlan {
  contractId: string;
  /** Set when nothing can be planned; the screens say why instead of showing an empty plan. */
  problem?: PlanProblem;
  windows: PeriodWindow[];
  cells: PlanCell[];
  /** The window containing `asOf`, if any. */
  current?: PeriodWindow;
  /** What the next visit should inspect: the current window's open targets and every late one. */
  nextVisit: { target: PlanTarget; state: 'due' | 'late' | 'in_progress'; window: PeriodWindow; missingAssetIds: string[] }[];
  counts: Record<PlanState, number>;
}

/** The figures of a period; each one's records are in `trace` under its id. */
export type FigureId =
  | 'inspections_done'
  | 'inspections_due'
  | 'inspections_late'
  | 'findings'
  | 'faults'
  | 'sla_met'
  | 'sla_missed'
  | 'follow_ups'
  | 'spot_checks'
  | 'adverse_events'
  | 'late_responses'
  | 'late_resolutions'
  | 'notice_failures'
  | 'deliverables_missing'
  | 'sign_off_ratings';

/** One record behind one figure. `detail` fields are structured so each report renders them in its locale. */
export interface TraceRow {
  figure: FigureId;
  kind: 'inspection' | 'service' | 'deliverable';
  /** The record's id (inspection id, service record id, deliverable entry id). */
  id: string;
  /** What a reader looks it up by: a report number, a document number, a title. */
  reference: string;
  /** When it happened, ISO instant. */
  at: string;
  systemId?: string;
  assetId?: string;
  /** A hardware group's template (plan rows): the report prints the template's name. */
  templateId?: string;
  levelId?: string;
  step?: PromiseStep;
  /** Minutes taken (SLA steps, late responses), where that is the point. */
  minutes?: number;
  /** A verdict, rating or state, as its enum value. */
  value?: string;
  /** What the record is about in words, where an id would not do (a finding's item label). */
  label?: LocalizedText;
  /** Whose verdict it is (spot checks: the department or the IT centre). */
  role?: SignRole;
  /** Whether this record counted toward the figure or is listed as excluded (e.g. not yet due). */
  counted: boolean;
}

export interface CountBy<K extends string = string> {
  key: K;
  count: number;
}

/** The period summary of any contract (issue 12 point 4). */
export interface PeriodFigures {
  contractId: string;
  window: { start: string; end: string };
  /** When the figures were taken: open clocks and due windows are judged at this instant. */
  asOf: string;
  /** True when no inspection, service record or follow-up falls in the window: reports say so. */
  empty: boolean;
  plan: { done: number; due: number; late: number; inProgress: number; upcoming: number };
  findingsBySystem: CountBy[];
  /** Service records of kind `fault` by the contract's level id ('unclassified' when none yet). */
  faultsByLevel: CountBy[];
  /** Service records by kind (fault, consultation, change, …). */
  recordsByKind: CountBy[];
  sla: {
    byStep: { step: PromiseStep; met: number; missed: number; open: number }[];
    /** met / (met + missed) in percent, null when nothing was due. */
    compliancePercent: number | null;
  };
  followUps: { excellent: number; good: number; poor: number; /** Resolved records the contract wants a call for and that have none. */ missing: number };
  /** The 优/良/差 verdicts (scale `satisfaction`) given when signing the window's inspection sheets (002: the IT office). */
  signOffRatings: { excellent: number; good: number; poor: number };
  trace: TraceRow[];
}

/** One evaluator's section of 附件1. */
export interface Annex004Section {
  evaluator: 'department' | 'it_office';
  checked: number;
  passed: number;
  /** passed / checked in percent, null when nothing was spot-checked. */
  percent: number | null;
  /** The grade from the pass rate alone. */
  rateGrade: Grade | null;
  /** 无恶性事件发生情况: `fail` when any adverse event, else `excellent`. */
  adverseGrade: Grade;
}

/** Something the evaluation needs and the records lack: named, so the evaluators know what to ask for. */
export type EvaluationGap =
  | { code: 'no_spot_checks'; evaluator: 'department' | 'it_office' }
  | { code: 'no_written_report'; recordId: string; reference: string }
  | { code: 'unclassified'; recordId: string; reference: string }
  | { code: 'no_fee'; systemId?: string };

export interface Annex004Result {
  contractId: string;
  window: PeriodWindow;
  asOf: string;
  sections: Annex004Section[];
  adverseEvents: number;
  late: { responses: number; resolutions: number; deductionPercent: number; deductionAmount?: number };
  /** By level and subsystem; `systemId` absent for a record about a hardware unit or the contract as a whole. */
  noticeFailures: { levelId: string; systemId?: string; count: number; percent: number; amount?: number }[];
  /** The period's grade: the worse of the sections', `fail` on any adverse event; null when it cannot be graded. */
  grade: Grade | null;
  gaps: EvaluationGap[];
  trace: TraceRow[];
}

/** A periodic report's kind with the window it covers, as the register and the screens name it. */
export interface PeriodReportRef {
  kind: PeriodReportKind;
  contractId: string;
  window: PeriodWindow;
}
