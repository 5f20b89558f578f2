/**
 * Making a periodic report (issue 12 point 4): the figures are computed here from the device's
 * records (src-shared/period/), formatted into the report input (report-input.ts), and the main
 * process lays out, signs and files the PDF (`period.report.create`), like an inspection report.
 * A deliverable made this way is then marked produced in the register with the filed report.
 */
import type { PeriodReportKind } from '../../../src-shared/catalog/period-schema';
import type { PeriodReportInput } from '../../../src-shared/report/period-report';
import type { ReportCreated, ReportLocator } from '../../../src-shared/report/model';
import { evaluateAnnex004 } from '../../../src-shared/period/annex-004';
import { periodFigures } from '../../../src-shared/period/figures';
import { planContract } from '../../../src-shared/period/plan';
import { periodReportInput } from '../../../src-shared/period/report-input';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { repositories } from '../../db';
import type { Translator } from '../../i18n/i18n';
import { invoke } from '../../platform/invoke';
import { downloadBlob } from '../signoff/pdf-actions';
import type { PeriodData } from './use-period';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type EvaluatorSignatures = NonNullable<Parameters<typeof periodReportInput>[0]['signatures']>;

export interface MadeReport {
  input: PeriodReportInput;
  created: ReportCreated;
}

export interface MakeReport {
  data: PeriodData;
  kind: PeriodReportKind;
  window: PeriodWindow;
  asOf: string;
  /** The register's deliverable this report hands in, marked produced once the PDF is filed. */
  deliverableId?: string;
  signatures?: EvaluatorSignatures;
  /** Who makes it: printed on the report and recorded in the register. */
  engineer: string;
}

/** The report's input, from the records as they are now. */
export function reportInputOf({ locale }: Pick<Translator, 'locale'>, { data, kind, window, asOf, signatures, engineer }: MakeReport): PeriodReportInput {
  const { contract, hospital, assets, inspections, services, calendar, deliverables, templateNames } = data;
  const figures = periodFigures({ contract, assets, inspections, services, calendar, window, asOf });
  const annex = kind === 'evaluation_004' ? evaluateAnnex004({ contract, inspections, services, calendar, window, asOf }) : undefined;
  const plan = planContract({ contract, assets, inspections, asOf, templateNames });
  return periodReportInput({
    kind,
    contract,
    hospital,
    assets,
    window,
    figures,
    ...(annex ? { annex } : {}),
    plan,
    deliverables,
    locale,
    madeAt: new Date().toISOString(),
    engineer,
    ...(signatures ? { signatures } : {}),
    templateNames,
  });
}

export async function makeAndFileReport(tr: Pick<Translator, 'locale'>, request: MakeReport): Promise<MadeReport> {
  const input = reportInputOf(tr, request);
  const created = await invoke('period.report.create', input);
  if (request.deliverableId !== undefined) {
    await repositories().deliverables.markProduced({
      contract: request.data.contract,
      deliverableId: request.deliverableId,
      window: request.window,
      report: created,
      by: request.engineer,
    });
  }
  return { input, created };
}

/** The report's tables as an .xlsx; exceljs is large, so it is loaded the first time one is made. */
export async function exportReportWorkbook(input: PeriodReportInput, fileName: string): Promise<void> {
  const { periodWorkbook } = await import('../../../src-shared/period/workbook');
  const bytes = await periodWorkbook(input);
  downloadBlob(fileName, new Blob([new Uint8Array(bytes)], { type: XLSX }));
}

export async function readReportPdf(created: ReportLocator): Promise<string> {
  const { pdfBase64 } = await invoke('report.read', { hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
  return pdfBase64;
}
