/**
 * What a contract promises over its period (issue 12): how often it is inspected, what the vendor
 * hands in and when, how its service is judged, and what it is worth. Part of the Contract schema
 * (reference.ts); every field is optional or defaulted, so office data from before still validates
 * and a contract without a cadence is shown as such rather than refused.
 */
import { z } from 'zod';
import { CATALOG_LIMITS } from '../domain/limits';
import { LocalizedLongText, LocalizedText, Slug } from './schema';

/** Words copied from the seed, so a test can hold the data against the tender (whitespace aside). */
export const SeedQuote = z.string().trim().min(2).max(CATALOG_LIMITS.text);

/**
 * The windows a contract period is cut into, counted from the period's first day (服务期每三个月),
 * not from calendar quarters: a contract starting on 1 March has its first quarter end on 31 May.
 */
export const WindowUnit = z.enum(['month', 'quarter', 'half_year', 'year']);
export type WindowUnit = z.infer<typeof WindowUnit>;
export const WINDOW_MONTHS: Record<WindowUnit, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

/** Where an inspection is done: at the hospital, or over a remote session (where the contract allows it). */
export const InspectionMode = z.enum(['on_site', 'remote']);
export type InspectionMode = z.infer<typeof InspectionMode>;

/** How often every covered system and hardware group is inspected: once in each window. */
export const Cadence = z
  .object({
    every: WindowUnit,
    /** The ways an inspection may be done; the first is the default. Both where the seed allows remote. */
    modes: z.array(InspectionMode).min(1).max(2),
    quote: SeedQuote,
  })
  .strict()
  .refine((c) => new Set(c.modes).size === c.modes.length, { message: 'modes must not repeat', path: ['modes'] });
export type Cadence = z.infer<typeof Cadence>;

/** The reports the app itself makes from the period's records (src-shared/period/). */
export const PeriodReportKind = z.enum([
  /** Seed 004 附件1: 售后维保服务评价报告, quarterly, for the evaluators to confirm and sign. */
  'evaluation_004',
  /** Seed 001: 服务总结报告, quarterly. */
  'service_summary',
  /** Seed 002: the monthly inspection report (月巡检报告). */
  'monthly_inspection',
  /** Seed 002: 年度运维总结报告. */
  'annual_summary',
  /** Any contract: inspections done vs due, findings, faults, SLA, follow-ups. */
  'period_summary',
]);
export type PeriodReportKind = z.infer<typeof PeriodReportKind>;

/**
 * One thing the vendor hands in, per window. It is either made by the app (`report`), satisfied
 * by the window's signed inspection reports (`inspection_reports`), or a file the engineer
 * attaches (minutes, a training record, a change list, a tuning record, a signed visit record).
 */
export const Deliverable = z
  .object({
    id: Slug,
    name: LocalizedText,
    every: WindowUnit,
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('report'), report: PeriodReportKind }).strict(),
      z.object({ kind: z.literal('inspection_reports') }).strict(),
      z.object({ kind: z.literal('file') }).strict(),
    ]),
    /** 「（如有）」: only when there was something to record; still marked not applicable with a reason. */
    ifAny: z.boolean().default(false),
    quote: SeedQuote,
  })
  .strict();
export type Deliverable = z.infer<typeof Deliverable>;

/**
 * What the signers of an inspection sheet say about the service, as the contract asks:
 * nothing (000, 001, 003 set no scale), 优/良/差 (002's 用户满意度反馈表), or 合格/不合格 from each
 * evaluator (004: the department and the IT centre judge every sheet they sign; 附件1's
 * 服务效果抽查合格率 is computed from those verdicts).
 */
export const SignOffScale = z.enum(['none', 'satisfaction', 'pass_fail']);
export type SignOffScale = z.infer<typeof SignOffScale>;
export const SATISFACTION = ['excellent', 'good', 'poor'] as const;
export const PASS_FAIL = ['pass', 'fail'] as const;

export const SignOffVerdict = z
  .object({
    scale: SignOffScale,
    /** The signers who give a verdict; empty for `none`. */
    by: z.array(z.enum(['engineer', 'department', 'it_office'])).max(3).default([]),
    /**
     * How the contract names an evaluator where it differs from the app's role name (004 says
     * 信息中心 where the others say 信息科): the verdict is printed under the contract's word.
     */
    names: z
      .object({ engineer: LocalizedText.optional(), department: LocalizedText.optional(), it_office: LocalizedText.optional() })
      .strict()
      .optional(),
    quote: SeedQuote.optional(),
  })
  .strict()
  .refine((v) => (v.scale === 'none') === (v.by.length === 0), { message: 'a scale needs the roles that give it, and none needs none', path: ['by'] });
export type SignOffVerdict = z.infer<typeof SignOffVerdict>;

/** The grades of 附件1, best first. */
export const Grade = z.enum(['excellent', 'good', 'pass', 'fail']);
export type Grade = z.infer<typeof Grade>;

/**
 * Seed 004's 附件1 (售后维保服务评价报告): graded per window from the records, in both evaluators'
 * sections, with the supervisor's and the auditor's seal places.
 */
export const Annex004 = z
  .object({
    every: WindowUnit,
    /** Lowest pass rate (percent, inclusive) for each grade better than `fail`, best first. */
    grades: z
      .array(z.object({ grade: Grade.exclude(['fail']), minPercent: z.number().min(0).max(100) }).strict())
      .min(1)
      .max(3),
    /** 因服务问题导致的不良事件发生，服务期间评价直接给予不合格评价. */
    adverseEventFails: z.boolean(),
    /** 响应问题及处理问题时间大于1小时一次，则扣减1%合同款: over this is counted, once per response and once per handling. */
    lateAfterMinutes: z.number().int().min(1),
    latePenaltyPercent: z.number().min(0).max(100),
    /** 因乙方未提前通知导致甲方系统故障: percent of the subsystem's fee per failure, by the contract's fault level. */
    noticeFailurePenalty: z.array(z.object({ levelId: Slug, percent: z.number().min(0).max(100) }).strict()).min(1),
    evaluators: z.array(z.enum(['department', 'it_office'])).min(1).max(2),
    seals: z.array(z.enum(['supervisor', 'auditor'])).max(2),
    quotes: z.array(SeedQuote).min(1).max(10),
  })
  .strict()
  .refine((a) => a.grades.every((g, i) => i === 0 || g.minPercent < a.grades[i - 1]!.minPercent), {
    message: 'grades go from the best down, each needing less than the one before',
    path: ['grades'],
  });
export type Annex004 = z.infer<typeof Annex004>;

export const Evaluation = z
  .object({
    signOff: SignOffVerdict,
    /** The contract's periodic evaluation, where it defines one (004 附件1). */
    annex004: Annex004.optional(),
    description: LocalizedLongText.optional(),
  })
  .strict();
export type Evaluation = z.infer<typeof Evaluation>;

/** Money in yuan with at most two decimals (分), as written in a contract. */
const Yuan = z.number().min(0).max(1e11).refine((n) => Math.round(n * 100) === n * 100, 'at most two decimals (分)');

/**
 * The contract sum and each subsystem's, where known: the seeds leave them blank (人民币 元), so
 * reports show deductions as percentages and add amounts only when the office has entered them.
 */
export const Fees = z
  .object({ total: Yuan.optional(), systems: z.record(Slug, Yuan).default({}) })
  .strict();
export type Fees = z.infer<typeof Fees>;
