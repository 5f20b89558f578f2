/**
 * The signed report's body, in reading order: title, who/where/when, the result tables of every
 * system and unit, findings, recommendations, rating, photos, signatures. One copy at a time; the
 * duplicate option lays the same body out twice.
 */
import type { ReportInput, ReportRow, ReportSection } from '../../src-shared/report/model';
import { formatDateTime, type Translate } from './labels';
import { CONTENT_WIDTH, FAIL_FILL, GREY, HEAD_FILL, INK, PAGE, Pen, RED } from './pen';
import { drawPhotos, drawSignatures } from './report-media';
import { drawTable, type Cell, type CellPart, type Column, type TableRow } from './table';
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
  drawOverflow(pen, input, t);
  drawSignatures(pen, input.signatures, t, options.timeZone, (role) => input.roleNames?.[role] ?? t(`report.pdf.role.${role}`));
  pen.space(3);
  pen.paragraph(t('report.pdf.digitalNote'), { size: 7.5, color: GREY });
}

function drawInfo(pen: Pen, input: ReportInput, t: Translate, { timeZone }: LayoutOptions): void {
  const contract = input.contract.number
    ? t('report.pdf.contractWithNumber', { name: input.contract.name, number: input.contract.number })
    : input.contract.name;
  // Each system once, then one line per unit; a type's once-only items are no subject of their own.
  const scope = input.sections.filter((s) => s.kind === 'system').map((s) => s.title).join(t('report.pdf.listSeparator'));
  const units = input.sections.filter((s) => s.kind === 'unit').map((s) => (s.subtitle ? `${s.title} · ${s.subtitle}` : s.title));
  const pairs: [string, string][] = [
    [t('report.pdf.hospital'), input.hospital.name],
    ...(input.campus ? [[t('report.pdf.campus'), input.campus] as [string, string]] : []),
    ...(input.departments.length ? [[t('report.pdf.departments'), input.departments.join(t('report.pdf.listSeparator'))] as [string, string]] : []),
    [t('report.pdf.contract'), contract],
    [t('report.pdf.scope'), [scope, ...units].filter(Boolean).join('\n')],
    ...(input.mode ? [[t('report.pdf.mode'), input.mode] as [string, string]] : []),
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

/** Longer than this, a record or note leaves its narrow column (a few lines) for a row across the table. */
const VALUE_INLINE = 40;
const NOTE_INLINE = 60;
const FINDING_NOTE_INLINE = 150;

/**
 * Where a row's record and note go. Short ones stay in their columns. A long record goes across
 * the table under its row; so does a long note, except a finding's, which the findings list
 * prints in full: the column then shows its start and the finding's number.
 */
/** The first `n` characters (code points, so no character is cut in half) and an ellipsis. */
const excerpt = (text: string, n: number): string => `${Array.from(text).slice(0, n).join('')}…`;

function placeLongText(row: ReportRow, findingNo: number, t: Translate): { value: string; note: string; wide: CellPart[] } {
  const wide: CellPart[] = [];
  let value = row.value ?? '';
  let note = row.note ?? '';
  if (value.length > VALUE_INLINE) {
    wide.push({ text: `${t('report.pdf.valueLabel')}${value}` });
    value = excerpt(value, 12);
  }
  if (note.length > NOTE_INLINE) {
    if (row.finding) note = `${excerpt(note, 24)}${t('report.pdf.seeFinding', { n: findingNo })}`;
    else {
      wide.push({ text: `${t('report.pdf.noteLabel')}${note}` });
      note = excerpt(note, 12);
    }
  }
  return { value, note, wide };
}

function drawResults(pen: Pen, input: ReportInput, t: Translate): void {
  heading(pen, t('report.pdf.results'));
  // Findings are numbered in the order their rows come (model.ts ReportFinding).
  let findingNo = 0;
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
      if (row.finding) findingNo++;
      const item: Cell = [{ text: row.item }];
      if (row.guidance) item.push({ text: row.guidance, style: { size: 7, color: GREY } });
      const result: Cell = [{ text: resultText(row, t), style: bad ? { style: 'bold', color: RED } : {} }];
      // 服务质量 is said in ink: it is no fault level of the system.
      if (row.level) result.push({ text: row.level, style: { size: 7.5, color: row.serviceQuality ? INK : RED } });
      const { value, note, wide } = placeLongText(row, findingNo, t);
      return {
        cells: [row.no, item, result, value, row.unit ?? '', row.range ?? '', note],
        ...(wide.length ? { wide } : {}),
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
  const rows: TableRow[] = input.findings.map((f, i) => {
    const long = f.note.length > FINDING_NOTE_INLINE;
    return {
      cells: [String(i + 1), f.section, f.item, long ? '' : f.note, [{ text: f.level ?? '', style: { color: f.serviceQuality ? INK : RED } }]],
      ...(long ? { wide: [{ text: `${t('report.pdf.noteLabel')}${f.note}` }] } : {}),
    };
  });
  drawTable(pen, { columns, rows, size: 8.5 });
}

/** Parts of text from older inspections that outgrew their fields, each under the reference printed where it begins. */
function drawOverflow(pen: Pen, input: ReportInput, t: Translate): void {
  if (input.overflow.length === 0) return;
  heading(pen, t('report.pdf.overflow'));
  pen.paragraph(t('report.pdf.overflowHint'), { size: 8.5, color: GREY });
  for (const part of input.overflow) {
    pen.space(2);
    pen.paragraph(`${part.ref} · ${part.title}`, { style: 'bold', size: 9.5 });
    pen.paragraph(part.text, { size: 9.5 });
  }
}

function drawOpinion(pen: Pen, input: ReportInput, t: Translate): void {
  if (input.recommendations?.trim()) {
    heading(pen, t('report.pdf.recommendations'));
    pen.paragraph(input.recommendations, { size: 9.5, color: INK });
  }
  drawEvaluation(pen, input, t);
}

/**
 * What the signers said of the service: each verdict under the contract's own words (issue 12),
 * or on a record signed before, its one rating. A contract that asks for none prints nothing.
 */
function drawEvaluation(pen: Pen, input: ReportInput, t: Translate): void {
  if (input.rating) {
    heading(pen, t('report.pdf.rating'));
    pen.paragraph(t(`report.pdf.rating.${input.rating.value}`), { style: 'bold', size: 10 });
    if (input.rating.comment?.trim()) pen.paragraph(input.rating.comment, { size: 9.5 });
    return;
  }
  if (input.verdicts.length === 0) return;
  heading(pen, t('report.pdf.rating'));
  for (const v of input.verdicts) {
    const label = pen.guard.clean(t('report.pdf.labelValue', { label: v.label, value: '' }));
    const style = { style: 'bold', size: 10 } as const;
    pen.ensure(Pen.lineHeight(10));
    pen.drawLine(label, PAGE.left, pen.y, { size: 10 });
    pen.drawLine(pen.guard.clean(v.value), PAGE.left + pen.width(label, { size: 10 }), pen.y, { ...style, color: v.bad ? RED : INK });
    pen.y += Pen.lineHeight(10);
  }
  if (input.verdictComment?.trim()) pen.paragraph(t('report.pdf.labelValue', { label: t('report.pdf.verdictComment'), value: input.verdictComment }), { size: 9.5 });
}
