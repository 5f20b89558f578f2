/**
 * The signed report's body, in reading order: title, who/where/when, the result tables of every
 * system and unit, findings, recommendations, rating, photos, signatures. One copy at a time; the
 * duplicate option lays the same body out twice.
 */
import type { ReportInput, ReportRow, ReportSection } from '../../src-shared/report/model';
import { formatDateTime, type Translate } from './labels';
import { CONTENT_WIDTH, FAIL_FILL, GREY, HEAD_FILL, INK, Pen, RED } from './pen';
import { drawPhotos, drawSignatures } from './report-media';
import { drawTable, type Cell, type Column, type TableRow } from './table';
import { drawTitle, heading } from './blocks';

export interface LayoutOptions {
  timeZone?: string;
}

export function layoutReportCopy(pen: Pen, input: ReportInput, t: Translate, options: LayoutOptions): void {
  drawTitle(pen, t('report.pdf.title'), t('report.pdf.labelValue', { label: t('report.pdf.number'), value: input.reportNumber }));
  drawInfo(pen, input, t, options);
  drawResults(pen, input, t);
  drawFindings(pen, input, t);
  drawOpinion(pen, input, t);
  drawPhotos(pen, input.photos, t);
  drawSignatures(pen, input.signatures, t, options.timeZone);
  pen.space(3);
  pen.paragraph(t('report.pdf.digitalNote'), { size: 7.5, color: GREY });
}

function drawInfo(pen: Pen, input: ReportInput, t: Translate, { timeZone }: LayoutOptions): void {
  const contract = input.contract.number
    ? t('report.pdf.contractWithNumber', { name: input.contract.name, number: input.contract.number })
    : input.contract.name;
  const scope = [...new Set(input.sections.map((s) => s.title))].join('、');
  const units = input.sections.filter((s) => s.subtitle).map((s) => s.subtitle!);
  const pairs: [string, string][] = [
    [t('report.pdf.hospital'), input.hospital.name],
    ...(input.campus ? [[t('report.pdf.campus'), input.campus] as [string, string]] : []),
    ...(input.departments.length ? [[t('report.pdf.departments'), input.departments.join('、')] as [string, string]] : []),
    [t('report.pdf.contract'), contract],
    [t('report.pdf.scope'), units.length ? `${scope}\n${units.join('\n')}` : scope],
    [t('report.pdf.engineer'), input.engineer],
    [t('report.pdf.startedAt'), formatDateTime(input.startedAt, timeZone)],
    [t('report.pdf.completedAt'), formatDateTime(input.completedAt, timeZone)],
  ];
  const columns: Column[] = [
    { header: '', width: 34, fill: HEAD_FILL },
    { header: '', width: CONTENT_WIDTH - 34 },
  ];
  drawTable(pen, { columns, rows: pairs.map(([k, v]) => ({ cells: [[{ text: k, style: { style: 'bold' } }], v] })), size: 9.5, header: false });
}

function counts(sections: ReportSection[]): Record<'total' | 'pass' | 'fail' | 'na', number> {
  const rows = sections.flatMap((s) => s.rows);
  const na = rows.filter((r) => r.result === 'na').length;
  const fail = rows.filter((r) => r.result !== 'na' && (r.finding || r.result === 'fail')).length;
  return { total: rows.length, na, fail, pass: rows.length - na - fail };
}

/** The result column's word: 'value' rows are judged by `finding` and whether a range applies. */
export function resultText(row: ReportRow, t: Translate): string {
  switch (row.result) {
    case 'pass':
      return t('report.pdf.result.pass');
    case 'fail':
      return t('report.pdf.result.fail');
    case 'na':
      return t('report.pdf.result.na');
    case 'value':
      if (row.finding) return t('report.pdf.result.outOfRange');
      return row.range ? t('report.pdf.result.pass') : t('report.pdf.result.recorded');
  }
}

function drawResults(pen: Pen, input: ReportInput, t: Translate): void {
  heading(pen, t('report.pdf.results'));
  pen.paragraph(t('report.pdf.summary', counts(input.sections)), { size: 9.5 });
  const columns: Column[] = [
    { header: t('report.pdf.col.no'), width: 10, align: 'center' },
    { header: t('report.pdf.col.item'), width: 58 },
    { header: t('report.pdf.col.result'), width: 17, align: 'center' },
    { header: t('report.pdf.col.value'), width: 27 },
    { header: t('report.pdf.col.unit'), width: 12, align: 'center' },
    { header: t('report.pdf.col.range'), width: 18, align: 'center' },
    { header: t('report.pdf.col.note'), width: CONTENT_WIDTH - 142 },
  ];
  for (const section of input.sections) {
    const title = () => {
      pen.paragraph(section.title, { style: 'bold', size: 10.5 });
      if (section.subtitle) pen.paragraph(section.subtitle, { size: 8.5, color: GREY });
      pen.space(1);
    };
    pen.space(3);
    pen.ensure(Pen.lineHeight(10.5) + Pen.lineHeight(8.5) + 16);
    title();
    const rows: TableRow[] = section.rows.map((row) => {
      const bad = row.finding || row.result === 'fail';
      const item: Cell = [{ text: row.item }];
      if (row.guidance) item.push({ text: row.guidance, style: { size: 7, color: GREY } });
      const result: Cell = [{ text: resultText(row, t), style: bad ? { style: 'bold', color: RED } : {} }];
      if (row.level) result.push({ text: row.level, style: { size: 7.5, color: RED } });
      return {
        cells: [row.no, item, result, row.value ?? '', row.unit ?? '', row.range ?? '', row.note ?? ''],
        ...(bad ? { fill: FAIL_FILL } : {}),
      };
    });
    drawTable(pen, {
      columns,
      rows,
      size: 8.5,
      onContinue: () => pen.paragraph(t('report.pdf.continued', { title: section.title }), { style: 'bold', size: 9, color: GREY }),
    });
  }
}

function drawFindings(pen: Pen, input: ReportInput, t: Translate): void {
  heading(pen, t('report.pdf.findings'));
  if (input.findings.length === 0) {
    pen.paragraph(t('report.pdf.noFindings'), { size: 9.5 });
    return;
  }
  const columns: Column[] = [
    { header: t('report.pdf.col.no'), width: 10, align: 'center' },
    { header: t('report.pdf.col.section'), width: 40 },
    { header: t('report.pdf.col.item'), width: 45 },
    { header: t('report.pdf.col.note'), width: CONTENT_WIDTH - 113 },
    { header: t('report.pdf.col.level'), width: 18, align: 'center' },
  ];
  const rows = input.findings.map((f, i) => ({
    cells: [String(i + 1), f.section, f.item, f.note, [{ text: f.level ?? '', style: { color: RED } }]],
  }));
  drawTable(pen, { columns, rows, size: 8.5 });
}

function drawOpinion(pen: Pen, input: ReportInput, t: Translate): void {
  if (input.recommendations?.trim()) {
    heading(pen, t('report.pdf.recommendations'));
    pen.paragraph(input.recommendations, { size: 9.5, color: INK });
  }
  heading(pen, t('report.pdf.rating'));
  pen.paragraph(t(`report.pdf.rating.${input.rating.value}`), { style: 'bold', size: 10 });
  if (input.rating.comment?.trim()) pen.paragraph(input.rating.comment, { size: 9.5 });
}
