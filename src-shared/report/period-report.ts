/**
 * What the renderer sends to the main process to make a periodic report (issue 12): the seed-004
 * 评价报告 (附件1), 001's 服务总结报告, 002's monthly inspection report and 年度运维总结报告, and the
 * period summary of any contract. The builder (src-shared/period/report-input.ts) turns the
 * period's figures into formatted text, tables and chart data in the report's language; main lays
 * it out, draws the charts as vectors and signs it (`period.report.create`). Sizes follow
 * PERIOD_REPORT_LIMITS, so whatever the builder can produce also validates and renders.
 */
import { z } from 'zod';
import { PeriodReportKind, WindowUnit } from '../catalog/period-schema';
import { CATALOG_LIMITS } from '../domain/limits';
import { ReportLocale, ReportSignature } from './model';

export const PERIOD_REPORT_LIMITS = {
  /** A paragraph (a gap's explanation, a note). */
  text: 2000,
  /** A label, a table cell, a field value. */
  cell: 600,
  sections: 30,
  blocksPerSection: 40,
  /** Columns of a table. */
  columns: 10,
  /** Rows of one table: a year of 1,000 records with their SLA steps fits several times over. */
  rows: 40_000,
  /** Categories of one chart (systems, levels, windows). */
  categories: 60,
  series: 8,
} as const;

const line = (max: number = PERIOD_REPORT_LIMITS.cell) => z.string().trim().max(max);
const Instant = z.iso.datetime({ offset: true });
const Day = z.iso.date();

/** "Label: value" lines, e.g. 项目名称 / 服务提供方 / 评价区间. */
export const PeriodFields = z.object({ type: z.literal('fields'), rows: z.array(z.object({ label: line(), value: line(PERIOD_REPORT_LIMITS.text) }).strict()).max(40) }).strict();

export const PeriodParagraph = z
  .object({
    type: z.literal('paragraph'),
    text: line(PERIOD_REPORT_LIMITS.text).min(1),
    /** note: grey small print; warning: what the evaluators must know (a gap, no data). */
    tone: z.enum(['normal', 'note', 'warning']).default('normal'),
  })
  .strict();

/** A line of boxes to tick, as printed on the seed's form: □优秀 ☑良好 □合格 □不合格. */
export const PeriodChoices = z
  .object({
    type: z.literal('choices'),
    label: line().min(1),
    options: z.array(z.object({ text: line(60).min(1), checked: z.boolean() }).strict()).min(1).max(6),
    /** The rule under it, as the form prints it ("达到100%为优秀，≥90%为良好…"). */
    note: line(PERIOD_REPORT_LIMITS.text).default(''),
  })
  .strict();

export const PeriodColumn = z
  .object({
    header: line(120).min(1),
    /** Relative width; the layout shares the page width out in these proportions. */
    weight: z.number().min(0.5).max(10),
    align: z.enum(['left', 'center', 'right']).default('left'),
  })
  .strict();

export const PeriodTable = z
  .object({
    type: z.literal('table'),
    title: line(200),
    columns: z.array(PeriodColumn).min(1).max(PERIOD_REPORT_LIMITS.columns),
    rows: z.array(z.array(line()).max(PERIOD_REPORT_LIMITS.columns)).max(PERIOD_REPORT_LIMITS.rows),
    /** Printed instead of an empty table. */
    empty: line(300).default(''),
  })
  .strict()
  .superRefine((t, ctx) => {
    t.rows.forEach((row, i) => {
      if (row.length !== t.columns.length) ctx.addIssue({ code: 'custom', path: ['rows', i], message: `expected ${t.columns.length} cells` });
    });
  });

/** The numbers of a chart, not its picture: main draws it (ECharts → SVG → PDF vectors). */
export const PeriodChart = z
  .object({
    type: z.literal('chart'),
    chart: z.enum(['bar', 'stacked_bar', 'pie']),
    title: line(200).min(1),
    categories: z.array(line(120)).max(PERIOD_REPORT_LIMITS.categories),
    series: z
      .array(
        z
          .object({
            name: line(120),
            values: z.array(z.number().min(0).max(1e9).nullable()).max(PERIOD_REPORT_LIMITS.categories),
            /** What the part means, so done is always the same colour and late always red. */
            tone: z.enum(['good', 'bad', 'warn', 'neutral']).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(PERIOD_REPORT_LIMITS.series),
    /** Printed under the chart when there is nothing to draw ("本期无故障记录"). */
    empty: line(300).default(''),
    /** Unit of the value axis ("次", "%"), '' for none. */
    unit: line(20).default(''),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.series.forEach((s, i) => {
      if (s.values.length !== c.categories.length) ctx.addIssue({ code: 'custom', path: ['series', i, 'values'], message: 'one value per category' });
    });
  });

/** Where an evaluator signs (their signature when given, else a line for ink) or a unit seals. */
export const PeriodSignPlace = z
  .object({
    type: z.literal('sign'),
    role: z.enum(['engineer', 'department', 'it_office', 'supervisor', 'auditor']),
    /** e.g. "评价人", "监理单位（盖章）". */
    label: line(120).min(1),
    /** Lines printed for ink under it ("监理工程师：", "日期："). */
    lines: z.array(line(120)).max(4).default([]),
  })
  .strict();

export const PeriodBlock = z.discriminatedUnion('type', [PeriodFields, PeriodParagraph, PeriodChoices, PeriodTable, PeriodChart, PeriodSignPlace]);
export type PeriodBlock = z.infer<typeof PeriodBlock>;
export type PeriodChart = z.infer<typeof PeriodChart>;
export type PeriodTable = z.infer<typeof PeriodTable>;

export const PeriodSection = z.object({ heading: line(200).min(1), blocks: z.array(PeriodBlock).max(PERIOD_REPORT_LIMITS.blocksPerSection) }).strict();
export type PeriodSection = z.infer<typeof PeriodSection>;

export const PeriodReportInput = z
  .object({
    locale: ReportLocale,
    kind: PeriodReportKind,
    hospital: z.object({ id: z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/), name: line(CATALOG_LIMITS.name).min(1) }).strict(),
    contract: z.object({ id: z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/), name: line(CATALOG_LIMITS.name).min(1) }).strict(),
    window: z.object({ unit: WindowUnit, index: z.number().int().min(0).max(1000), start: Day, end: Day }).strict(),
    /** When the report is made (ISO): its month files it and numbers it. */
    madeAt: Instant,
    /** When the figures were taken (open clocks are judged at this instant). */
    asOf: Instant,
    engineer: line(CATALOG_LIMITS.name).min(1),
    title: line(200).min(1),
    /** e.g. "评价区间 2026-01-01 至 2026-03-31". */
    subtitle: line(300),
    /** No inspection, record or follow-up fell in the window: the report says so on its first page. */
    empty: z.boolean(),
    sections: z.array(PeriodSection).min(1).max(PERIOD_REPORT_LIMITS.sections),
    /** The records behind every figure (TraceRow), one table per figure: the appendix. Empty when the window has none. */
    trace: z.array(PeriodTable).max(20),
    /** Handwritten signatures drawn on the device for the evaluators (004) and the engineer. */
    signatures: z.array(ReportSignature).max(3).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.window.start > input.window.end) ctx.addIssue({ code: 'custom', path: ['window'], message: 'the window ends before it starts' });
    const roles = input.signatures.map((s) => s.role);
    if (new Set(roles).size !== roles.length) ctx.addIssue({ code: 'custom', path: ['signatures'], message: 'one signature per role' });
  });
export type PeriodReportInput = z.infer<typeof PeriodReportInput>;
export type PeriodReportRequest = z.input<typeof PeriodReportInput>;

/**
 * The number's fixed part: "PR-WUHAN-CENTRAL-202604-" (periodic report); main adds the next free
 * counter, as for the service documents, within ReportNumber's 64 characters.
 */
export function periodNumberStem(hospitalId: string, month: string): string {
  const hospital = hospitalId.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 32).replace(/-+$/, '');
  return `PR-${hospital}-${month.replace('-', '')}-`;
}
