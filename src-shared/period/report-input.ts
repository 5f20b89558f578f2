/**
 * Builds a periodic report's input (src-shared/report/period-report.ts) from the period's
 * computed figures: pure, in the report's language, so the device, the tests and the benchmark
 * make the same report from the same records. Which sections a kind prints follows the seeds:
 * 004's 附件1 first and its figures after, 001's quarterly 服务总结报告, 002's monthly inspection
 * report and 年度运维总结报告, and the period summary any contract can have. Every number comes from
 * `figures` or `annex`, whose trace rows make the appendix.
 */
import type { PeriodReportKind } from '../catalog/period-schema';
import type { Asset, Contract } from '../catalog/reference';
import type { LocalizedText } from '../catalog/schema';
import { localized } from '../i18n/translate';
import type { ReportLocale, ReportSignature } from '../report/model';
import { PeriodReportInput, type PeriodSection } from '../report/period-report';
import type { DeliverableEntry } from './deliverable';
import { annexSections } from './report-annex';
import { adviceSection, monthlySignSection, signOffRatingsSection } from './report-monthly';
import { wordsFor, type TemplateNames, type Words } from './report-format';
import { deliverablesSection, faultsSection, findingsSection, followUpsSection, inspectionsSection, slaSection } from './report-sections';
import { traceTables } from './report-trace';
import type { Annex004Result, ContractPlan, PeriodFigures, PeriodWindow, TraceRow } from './types';

export interface PeriodReportArgs {
  kind: PeriodReportKind;
  contract: Contract;
  hospital: { id: string; name: LocalizedText };
  assets: readonly Asset[];
  window: PeriodWindow;
  figures: PeriodFigures;
  /** Required for `evaluation_004`. */
  annex?: Annex004Result;
  plan?: ContractPlan;
  /** The register's entries of the contract; absent when the register is not at hand (said so in the report). */
  deliverables?: readonly DeliverableEntry[];
  locale: ReportLocale;
  madeAt: string;
  engineer: string;
  signatures?: ReportSignature[];
  /** Hardware templates' names, for findings counted per type of unit; the template id prints without them. */
  templateNames?: TemplateNames;
}

/** A report asked of the wrong data: a programming error on the caller's side, not bad user input. */
export class PeriodReportArgsError extends Error {}

function sectionsOf(args: PeriodReportArgs, w: Words): PeriodSection[] {
  const { kind, contract, figures, plan, window } = args;
  const deliverables = deliverablesSection(contract, window, args.deliverables, figures, w);
  const withDeliverables = (list: PeriodSection[]): PeriodSection[] => (deliverables ? [...list, deliverables] : list);
  switch (kind) {
    case 'evaluation_004': {
      if (!args.annex) throw new PeriodReportArgsError('the 004 evaluation report needs the annex result');
      return [...annexSections(contract, args.annex, w), inspectionsSection(figures, plan, window, w), faultsSection(figures, w), slaSection(figures, w)];
    }
    case 'monthly_inspection':
      return [
        inspectionsSection(figures, plan, window, w),
        findingsSection(figures, w),
        adviceSection(figures, w),
        signOffRatingsSection(figures, w),
        faultsSection(figures, w),
        monthlySignSection(w),
      ];
    case 'service_summary':
      return withDeliverables([inspectionsSection(figures, plan, window, w), findingsSection(figures, w), faultsSection(figures, w), slaSection(figures, w)]);
    case 'annual_summary':
      return withDeliverables([
        inspectionsSection(figures, plan, window, w),
        findingsSection(figures, w),
        faultsSection(figures, w),
        slaSection(figures, w),
        followUpsSection(figures, contract, w),
        signOffRatingsSection(figures, w),
      ]);
    case 'period_summary':
      return withDeliverables([
        inspectionsSection(figures, plan, window, w),
        findingsSection(figures, w),
        faultsSection(figures, w),
        slaSection(figures, w),
        followUpsSection(figures, contract, w),
      ]);
  }
}

function overview(args: PeriodReportArgs, w: Words): PeriodSection {
  const { contract, window } = args;
  const range = w.t('period.report.range', { start: window.start, end: window.end });
  const rows = [
    { label: w.t('period.report.field.project'), value: localized(w.locale, contract.name) },
    { label: w.t('period.report.field.hospital'), value: localized(w.locale, args.hospital.name) },
    // The seeds name the vendor, not the engineer; the app does not know the vendor's legal name, so it is left to write in.
    { label: w.t('period.report.field.provider'), value: '' },
    { label: w.t(args.kind === 'evaluation_004' ? 'period.report.field.evaluationRange' : 'period.report.field.range'), value: range },
    { label: w.t('period.report.field.engineer'), value: args.engineer },
    { label: w.t('period.report.field.asOf'), value: w.at(args.figures.asOf) },
  ];
  const blocks: PeriodSection['blocks'] = [{ type: 'fields', rows }];
  if (args.figures.empty) blocks.push({ type: 'paragraph', text: w.t('period.report.empty'), tone: 'warning' });
  return { heading: w.t('period.report.section.overview'), blocks };
}

/** Hardware templates' names: the caller's, else the plan's hardware groups', so no `type:` key is ever printed. */
function hardwareNames(args: PeriodReportArgs): TemplateNames | undefined {
  const names = new Map<string, LocalizedText>();
  for (const { target } of args.plan?.cells ?? []) if (target.kind === 'hardware_group') names.set(target.templateId, target.name);
  for (const [id, name] of args.templateNames ?? []) names.set(id, name);
  return names.size > 0 ? names : undefined;
}

export function periodReportInput(args: PeriodReportArgs): PeriodReportInput {
  const w = wordsFor(args.locale, args.contract, args.assets, hardwareNames(args));
  if (args.figures.contractId !== args.contract.id) throw new PeriodReportArgsError('figures of another contract');
  const trace: TraceRow[] = [...args.figures.trace, ...(args.annex?.trace ?? [])];
  // The annex and the figures may name the same record for the same figure: list it once.
  const seen = new Set<string>();
  const unique = trace.filter((row) => {
    // Two evaluators' verdicts on one sheet are two rows: the role is part of what makes a row.
    const key = `${row.figure}|${row.kind}|${row.id}|${row.step ?? ''}|${row.role ?? ''}|${row.at}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return PeriodReportInput.parse({
    locale: args.locale,
    kind: args.kind,
    hospital: { id: args.hospital.id, name: localized(args.locale, args.hospital.name) },
    contract: { id: args.contract.id, name: localized(args.locale, args.contract.name) },
    window: { unit: args.window.unit, index: args.window.index, start: args.window.start, end: args.window.end },
    madeAt: args.madeAt,
    asOf: args.figures.asOf,
    engineer: args.engineer,
    title: w.t(`period.report.title.${args.kind}`),
    subtitle: `${localized(args.locale, args.hospital.name)} · ${w.t('period.report.range', { start: args.window.start, end: args.window.end })}`,
    empty: args.figures.empty,
    sections: [overview(args, w), ...sectionsOf(args, w)],
    trace: traceTables(unique, w),
    signatures: args.signatures ?? [],
  });
}
