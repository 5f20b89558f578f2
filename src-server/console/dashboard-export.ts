/**
 * The dashboard's tables as an .xlsx file (like service-export.ts): one sheet per table, the same
 * rows the page shows for the same filter. A number that could not be computed is an empty cell,
 * never a zero.
 */
import ExcelJS from 'exceljs';
import type { OfficeContext } from '../context';
import type { DashboardQuery } from '../dashboard/data';
import type { Lang, MessageKey, Translate } from './i18n';
import { translator } from './i18n';
import { dashboardData } from './pages/dashboard';
import { exportFilename } from './export-name';

type Cell = string | number | null;

function sheet(book: ExcelJS.Workbook, t: Translate, name: MessageKey, header: MessageKey[], rows: Cell[][]): void {
  const ws = book.addWorksheet(t(name));
  ws.addRow(header.map((k) => t(k))).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((c) => (c === null ? '' : c)));
  ws.columns.forEach((c) => (c.width = 18));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

const round = (p: number | null): number | null => (p === null ? null : Math.round(p * 10) / 10);

export async function dashboardWorkbook(ctx: OfficeContext, q: DashboardQuery, lang: Lang): Promise<{ bytes: Uint8Array; filename: string }> {
  const t = translator(lang);
  const { dashboard: d, model: m } = await dashboardData(ctx, q, lang);
  const book = new ExcelJS.Workbook();
  book.created = new Date(d.asOf);
  const range = (w: { start: string; end: string } | undefined): string => (w ? t('dash.range', { start: w.start, end: w.end }) : '');
  const grade = (g: string | null | undefined): string => (g ? t(`dash.grade.${g as 'excellent'}`) : '');

  sheet(book, t, 'dash.sheet.summary', ['dash.col.hospital', 'dash.col.contract', 'dash.col.window', 'dash.col.done', 'dash.col.due', 'dash.col.late', 'dash.col.lateToDate', 'dash.col.inProgress', 'dash.col.findings', 'dash.col.faults', 'dash.col.sla', 'dash.rating.excellent', 'dash.rating.good', 'dash.rating.poor', 'dash.col.deliverables', 'dash.col.deliverablesToDate', 'dash.col.grade', 'dash.col.toDate'],
    m.summary.map((r) => [r.hospital, r.contract, range(r.window), r.done, r.due, r.late, r.lateToDate, r.inProgress, r.findings, r.faults, round(r.slaPercent), r.followUps?.excellent ?? null, r.followUps?.good ?? null, r.followUps?.poor ?? null, r.deliverablesMissing, r.deliverablesMissingToDate, grade(r.grade), range(r.toDate)]));
  sheet(book, t, 'dash.sheet.late', ['dash.col.hospital', 'dash.col.contract', 'dash.col.window', 'dash.col.target', 'dash.col.units'],
    m.late.map((r) => [r.hospital, r.contract, range(r.window), r.target, r.units ? `${r.units.done}/${r.units.total}` : null]));
  sheet(book, t, 'dash.sheet.findings', ['dash.col.hospital', 'dash.col.contract', 'dash.col.system', 'dash.col.count'], m.findings.map((r) => [r.hospital, r.contract, r.name, r.count]));
  sheet(book, t, 'dash.sheet.faults', ['dash.col.hospital', 'dash.col.contract', 'dash.col.level', 'dash.col.count'], m.faults.map((r) => [r.hospital, r.contract, r.name || t('dash.unclassified'), r.count]));
  sheet(book, t, 'dash.sheet.sla', ['dash.col.step', 'dash.col.met', 'dash.col.missed', 'dash.col.open'], [
    ...m.sla.byStep.map((r): Cell[] => [t(`dash.step.${r.step}`), r.met, r.missed, r.open]),
    [t('dash.col.sla'), round(m.sla.percent), null, null],
  ]);
  sheet(book, t, 'dash.sheet.followUps', ['dash.col.rating', 'dash.col.count'], (['excellent', 'good', 'poor', 'missing'] as const).map((k) => [t(`dash.rating.${k}`), m.followUps[k]]));
  if (m.deliverables) {
    sheet(book, t, 'dash.sheet.deliverables', ['dash.col.hospital', 'dash.col.contract', 'dash.col.window', 'dash.col.deliverable', 'dash.state.late'],
      m.deliverables.map((r) => [r.hospital, r.contract, range(r.window), r.name, r.ended ? t('dash.state.late') : '']));
  }
  // The quarter holding the chosen day first, named as on the page, so no row is read as another quarter's.
  const scope = (g: { current: boolean; running: boolean }): string => (g.current ? t('dash.grade.scope.current', { day: d.day }) : t(g.running ? 'dash.grade.scope.running' : 'dash.grade.scope.ended'));
  sheet(book, t, 'dash.sheet.grade', ['dash.col.hospital', 'dash.col.contract', 'dash.col.window', 'dash.col.quarter', 'dash.col.grade', 'dash.col.evaluator', 'dash.col.checked', 'dash.col.passed', 'dash.col.rate', 'dash.col.rateGrade', 'dash.col.adverseGrade'],
    m.grades.flatMap((g) => g.sections.map((s) => [g.hospital, g.contract, range(g.window), scope(g), grade(g.grade), t(`dash.evaluator.${s.evaluator}`), s.checked, s.passed, round(s.percent), grade(s.rateGrade), grade(s.adverseGrade)])));
  sheet(book, t, 'dash.sheet.engineers', ['dash.col.engineer', 'dash.col.inspections', 'dash.col.findings', 'dash.col.services', 'dash.col.faults', 'dash.col.met', 'dash.col.missed'],
    m.engineers.map((r) => [r.engineer, r.inspections, r.findings, r.services, r.faults, r.slaMet, r.slaMissed]));

  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  // Slugs and a date only, so the name can go into the header as it is (engineer names are not slugs: left out).
  const filename = exportFilename(['dashboard', q.hospital, q.contract, d.day]);
  return { bytes, filename };
}
